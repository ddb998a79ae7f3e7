#include "parser/ast_walk.h"

namespace bpfscope::ast {
namespace {

class Rewriter {
public:
  explicit Rewriter(const std::function<void(ExprPtr &)> &visit) : visit_(visit) {}

  void block(Block &block) {
    for (StmtPtr &stmt : block)
      statement(*stmt);
  }

  void expr(ExprPtr &slot) {
    if (!slot)
      return;
    visit_(slot);
    children(*slot);
  }

private:
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
      expr(s->start);
      expr(s->end);
      expr(s->map);
      block(s->body);
    } else if (auto *s = stmt.as<Scope>()) {
      block(s->body);
    } else if (auto *s = stmt.as<Let>()) {
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
    }
  }

  const std::function<void(ExprPtr &)> &visit_;
};

} // namespace

void rewriteExpressions(Program &program, const std::function<void(ExprPtr &)> &visit) {
  Rewriter rewriter(visit);
  for (Probe &probe : program.probes) {
    rewriter.expr(probe.predicate);
    rewriter.block(probe.body);
  }
}

} // namespace bpfscope::ast
