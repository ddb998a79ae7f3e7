#include "parser/ast_walk.h"

namespace bpfscope::ast {
namespace {

class Walker {
public:
  explicit Walker(const Visitor &visitor) : visitor_(visitor) {}

  void block(Block &block) {
    for (StmtPtr &stmt : block) {
      if (visitor_.statement)
        visitor_.statement(stmt);
      statement(*stmt);
    }
  }

  void expr(ExprPtr &slot) {
    if (slot && visitor_.expr(slot))
      children(*slot);
  }

private:
  void declared(Variable &var) {
    if (visitor_.declared)
      visitor_.declared(var);
  }

  void statement(Stmt &stmt) {
    if (auto *s = stmt.as<ExprStmt>()) {
      expr(s->expr);
    } else if (auto *s = stmt.as<Assign>()) {
      expr(s->target);
      expr(s->value);
    } else if (auto *s = stmt.as<If>()) {
      expr(s->cond);
      block(s->then_block);
      block(s->else_block);
    } else if (auto *s = stmt.as<While>()) {
      expr(s->cond);
      block(s->body);
    } else if (auto *s = stmt.as<Unroll>()) {
      expr(s->count);
      block(s->body);
    } else if (auto *s = stmt.as<For>()) {
      declared(*s->var);
      expr(s->start);
      expr(s->end);
      expr(s->map);
      block(s->body);
    } else if (auto *s = stmt.as<Scope>()) {
      block(s->body);
    } else if (auto *s = stmt.as<Let>()) {
      declared(*s->var);
      expr(s->type_of);
      expr(s->value);
    } else if (auto *s = stmt.as<Jump>()) {
      expr(s->value);
    }
  }

  void children(Expr &e) {
    if (auto *map = e.as<MapAccess>()) {
      for (ExprPtr &key : map->keys)
        expr(key);
    } else if (auto *call = e.as<Call>()) {
      for (ExprPtr &arg : call->args)
        expr(arg);
    } else if (auto *binary = e.as<Binary>()) {
      expr(binary->lhs);
      expr(binary->rhs);
    } else if (auto *unary = e.as<Unary>()) {
      expr(unary->operand);
    } else if (auto *ternary = e.as<Ternary>()) {
      expr(ternary->cond);
      expr(ternary->then_expr);
      expr(ternary->else_expr);
    } else if (auto *field = e.as<FieldAccess>()) {
      expr(field->base);
    } else if (auto *cast = e.as<Cast>()) {
      expr(cast->type_of);
      expr(cast->operand);
    } else if (auto *index = e.as<Index>()) {
      expr(index->base);
      expr(index->index);
    } else if (auto *tuple = e.as<TupleLiteral>()) {
      for (ExprPtr &element : tuple->elements)
        expr(element);
    } else if (auto *size = e.as<Sizeof>()) {
      expr(size->of_expr);
    } else if (auto *offset = e.as<Offsetof>()) {
      expr(offset->of_expr);
    } else if (auto *block_expr = e.as<BlockExpr>()) {
      block(block_expr->stmts);
      expr(block_expr->value);
    }
  }

  const Visitor &visitor_;
};

} // namespace

void walkBlock(Block &block, const Visitor &visitor) {
  Walker(visitor).block(block);
}

void walkExpr(ExprPtr &slot, const Visitor &visitor) {
  Walker(visitor).expr(slot);
}

void rewriteExpressions(Program &program, const std::function<void(ExprPtr &)> &visit) {
  Visitor visitor;
  visitor.expr = [&visit](ExprPtr &slot) {
    visit(slot);
    return true;
  };
  Walker walker(visitor);
  for (Probe &probe : program.probes) {
    walker.expr(probe.predicate);
    walker.block(probe.body);
  }
}

} // namespace bpfscope::ast
