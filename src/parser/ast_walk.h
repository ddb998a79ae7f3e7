// Generic traversal of the AST for passes that rewrite expressions in place
// (positional parameters become literals, …).
#pragma once

#include "parser/ast.h"

#include <functional>

namespace bpfscope::ast {

// Calls `visit` on every expression slot of `program` (predicates, statement
// operands, sub-expressions), parents before children. `visit` may replace
// the expression in the slot; the walk then descends into the replacement.
void rewriteExpressions(Program &program, const std::function<void(ExprPtr &)> &visit);

} // namespace bpfscope::ast
