// Every builtin can also be written as a call without arguments, as in the
// newest bpftrace: `pid()` is `pid`, `comm()` is `comm`.
#pragma once

#include "parser/ast.h"

namespace bpfscope {

// Replaces each argument-less call of a builtin's name by the builtin.
void rewriteBuiltinCalls(ast::Program &program);

} // namespace bpfscope
