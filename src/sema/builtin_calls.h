// Every builtin can also be written as a call without arguments, as in the
// newest bpftrace: `pid()` is `pid`, `comm()` is `comm`; and by the internal
// name the newest bpftrace's standard library gives it: `__builtin_comm`.
#pragma once

#include "parser/ast.h"

namespace bpfscope {

// Replaces each argument-less call of a builtin's name by the builtin, and
// each `__builtin_NAME` of a builtin (or of kstack/ustack called with
// arguments) by NAME.
void rewriteBuiltinCalls(ast::Program &program);

} // namespace bpfscope
