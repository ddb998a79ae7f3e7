// Functions the newest bpftrace evaluates while compiling, whose value is a
// constant in the program (set in Call::constant; the arguments never run):
//   is_str, is_ptr, is_array, is_integer, is_unsigned_integer (the
//   argument's type), is_literal (the argument is a literal), strcap (a
//   string's or char array's capacity), default_str_length (max_strlen),
//   kfunc_exist (a kernel function in BTF) and kfunc_allowed (one the
//   probe's program type may call).
#pragma once

#include "parser/ast.h"
#include "sema/value_functions.h"

#include <functional>
#include <string>

namespace bpfscope {

struct CompileTimeChecker {
  FunctionChecker functions;
  // Whether every probe of the block being checked may call kernel functions.
  std::function<bool()> probe_may_call_kfuncs;
};

bool isCompileTimeFunction(const std::string &name);
const std::vector<std::string> &compileTimeFunctionNames();

// The call's type, with call.constant set; none after reporting what is wrong.
Type checkCompileTimeFunction(ast::Call &call, const CompileTimeChecker &checker);

} // namespace bpfscope
