// assert(), static_assert() and fail(), as the newest bpftrace defines them
// (its stdlib macros):
//   assert(cond, msg)         at run time, when cond is false:
//                             errorf("assert failed: %s", msg) and exit(1)
//   static_assert(cond, msg)  at compile time: the error msg when cond, which
//                             must be known then, is false
//   assert_str(x)             at compile time: an error unless x is string-like
//   fail(fmt, literals…)      at compile time: the formatted error, whenever
//                             the call is reached; a branch that a constant
//                             `if` condition rules out is not reached
#pragma once

#include "parser/ast.h"
#include "sema/program.h"
#include "sema/typed_access.h"

#include <functional>
#include <optional>

namespace bpfscope {

// What the analyzer lends these checks.
struct AssertionChecker {
  std::function<Type(ast::Expr &)> check; // types an argument (and reports its errors)
  ReportError error;
  bool reached = true; // false in a branch a constant `if` condition rules out
};

bool isAssertion(const std::string &name);

void checkFail(ast::Call &call, const AssertionChecker &checker);
void checkStaticAssert(ast::Call &call, const AssertionChecker &checker);
// assert_str(x): at compile time, that x is a string, an int8 array or an int8 pointer.
void checkAssertStr(ast::Call &call, const AssertionChecker &checker);
// The errorf() record a failing assert() sends; nullopt after reporting what is wrong.
std::optional<PrintfInfo> assertRecord(ast::Call &call, const AssertionChecker &checker);

} // namespace bpfscope
