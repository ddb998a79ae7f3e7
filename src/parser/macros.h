// Hygienic macros: every call of a `macro` in a probe is replaced by a copy
// of the macro's body, before type checking.
//
// A `$param` binds the caller's variable and `@param` the caller's map (the
// body may assign both); an expression parameter `x` is replaced by a copy of
// the argument at each use. Every other variable of the body is renamed
// ($$NAME_x) so that it cannot meet the caller's, and a body may touch no map
// it was not given. A call used as a statement becomes a block statement;
// elsewhere it is a block expression whose value is the body's last expression.
#pragma once

#include "parser/ast.h"
#include "parser/diagnostics.h"

namespace bpfscope {

// Reports bad definitions and calls to `diags`; false when `diags` holds errors.
bool expandMacros(ast::Program &program, Diagnostics &diags);

} // namespace bpfscope
