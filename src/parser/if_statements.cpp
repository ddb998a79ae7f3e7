#include "parser/if_statements.h"

namespace bpfscope::ast {

bool isIfExpression(const Expr &e) {
  auto *t = e.as<Ternary>();
  return t && t->then_expr && t->then_expr->is<BlockExpr>();
}

Block blockAsStatements(ExprPtr block_expr) {
  auto &block = *block_expr->as<BlockExpr>();
  Block stmts = std::move(block.stmts);
  if (!block.value)
    return stmts;
  if (isIfExpression(*block.value))
    stmts.push_back(ifExpressionAsStatement(std::move(*block.value->as<Ternary>())));
  else
    stmts.push_back(std::make_unique<ExprStmt>(block.value->span, std::move(block.value)));
  return stmts;
}

StmtPtr ifExpressionAsStatement(Ternary &&t) {
  auto stmt = std::make_unique<If>(t.span, std::move(t.cond));
  stmt->then_block = blockAsStatements(std::move(t.then_expr));
  if (isIfExpression(*t.else_expr))
    stmt->else_block.push_back(ifExpressionAsStatement(std::move(*t.else_expr->as<Ternary>())));
  else
    stmt->else_block = blockAsStatements(std::move(t.else_expr));
  return stmt;
}

} // namespace bpfscope::ast
