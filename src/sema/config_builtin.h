// `config` as a value, as in the newest bpftrace: a record of every config
// variable's effective value (`config.max_strlen`, `print(config)`), known at
// compile time.
#pragma once

#include "parser/ast.h"
#include "sema/script_config.h"

namespace bpfscope {

// Replaces `config`, `config()` and `__builtin_config` by a record literal of
// the config variables, in the newest bpftrace's order and with its
// defaults: on/off variables as bools, counts as integers, the others as
// strings. `config.NAME` of a variable becomes that variable's literal.
void substituteConfigBuiltin(ast::Program &program, const ConfigValues &config);

} // namespace bpfscope
