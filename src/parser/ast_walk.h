// Generic traversal of the AST for passes that rewrite expressions in place
// (positional parameters become literals, macro calls their bodies, …).
#pragma once

#include "parser/ast.h"

#include <functional>

namespace bpfscope::ast {

// Calls `visit` on every expression slot of `program` (predicates, statement
// operands, sub-expressions), parents before children. `visit` may replace
// the expression in the slot; the walk then descends into the replacement.
void rewriteExpressions(Program &program, const std::function<void(ExprPtr &)> &visit);

// What a walk over one block calls. `expr` sees every expression slot, parents
// first, and returns whether the walk should descend into the (possibly
// replaced) expression's children; `declared` sees the variable each `let` and
// `for` statement declares, and `statement` each statement slot before its parts.
struct Visitor {
  std::function<bool(ExprPtr &)> expr;
  std::function<void(Variable &)> declared;
  std::function<void(StmtPtr &)> statement;
};
void walkBlock(Block &block, const Visitor &visitor);
void walkExpr(ExprPtr &slot, const Visitor &visitor);

} // namespace bpfscope::ast
