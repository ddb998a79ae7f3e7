#include "parser/ast_clone.h"

namespace bpfscope::ast {
namespace {

class Cloner {
public:
  explicit Cloner(std::optional<Span> at) : at_(at) {}

  Span span(Span original) const { return at_.value_or(original); }

  ExprPtr expr(const ExprPtr &e) { return e ? expr(*e) : nullptr; }

  std::vector<ExprPtr> exprs(const std::vector<ExprPtr> &list) {
    std::vector<ExprPtr> out;
    for (const ExprPtr &e : list)
      out.push_back(expr(*e));
    return out;
  }

  std::unique_ptr<Variable> variable(const Variable &v) {
    return std::make_unique<Variable>(span(v.span), v.name);
  }

  ExprPtr expr(const Expr &e) {
    switch (e.kind) {
    case ExprKind::Integer:
      return std::make_unique<IntegerLiteral>(span(e.span), e.as<IntegerLiteral>()->value);
    case ExprKind::String:
      return std::make_unique<StringLiteral>(span(e.span), e.as<StringLiteral>()->value);
    case ExprKind::Builtin:
      return std::make_unique<Builtin>(span(e.span), e.as<Builtin>()->name);
    case ExprKind::Bool:
      return std::make_unique<BoolLiteral>(span(e.span), e.as<BoolLiteral>()->value);
    case ExprKind::Variable:
      return variable(*e.as<Variable>());
    case ExprKind::Wildcard:
      return std::make_unique<WildcardKey>(span(e.span));
    case ExprKind::Map: {
      const auto &m = *e.as<MapAccess>();
      auto out = std::make_unique<MapAccess>(span(m.span), m.name);
      out->keys = exprs(m.keys);
      return out;
    }
    case ExprKind::Call: {
      const auto &c = *e.as<Call>();
      auto out = std::make_unique<Call>(span(c.span), c.name, span(c.name_span));
      out->args = exprs(c.args);
      return out;
    }
    default:
      return compound(e);
    }
  }

  // Expressions built of other expressions.
  ExprPtr compound(const Expr &e) {
    switch (e.kind) {
    case ExprKind::Binary: {
      const auto &b = *e.as<Binary>();
      return std::make_unique<Binary>(span(b.span), b.op, span(b.op_span), expr(*b.lhs),
                                      expr(*b.rhs));
    }
    case ExprKind::Unary: {
      const auto &u = *e.as<Unary>();
      return std::make_unique<Unary>(span(u.span), u.op, expr(*u.operand));
    }
    case ExprKind::Ternary: {
      const auto &t = *e.as<Ternary>();
      return std::make_unique<Ternary>(span(t.span), expr(*t.cond), expr(t.then_expr),
                                       expr(*t.else_expr));
    }
    case ExprKind::Field: {
      const auto &f = *e.as<FieldAccess>();
      return std::make_unique<FieldAccess>(span(f.span), expr(*f.base), f.field, span(f.field_span),
                                           f.arrow);
    }
    case ExprKind::Cast: {
      const auto &c = *e.as<Cast>();
      auto out =
          std::make_unique<Cast>(span(c.span), c.type_name, span(c.type_span), expr(*c.operand));
      out->type_of = expr(c.type_of);
      return out;
    }
    case ExprKind::Index: {
      const auto &i = *e.as<Index>();
      return std::make_unique<Index>(span(i.span), expr(*i.base), expr(*i.index));
    }
    case ExprKind::Tuple: {
      const auto &t = *e.as<TupleLiteral>();
      auto out = std::make_unique<TupleLiteral>(span(t.span));
      out->elements = exprs(t.elements);
      out->names = t.names;
      return out;
    }
    default:
      return typeQueryOrBlock(e);
    }
  }

  ExprPtr typeQueryOrBlock(const Expr &e) {
    if (const auto *s = e.as<Sizeof>()) {
      auto out = std::make_unique<Sizeof>(span(s->span));
      out->type_name = s->type_name;
      out->type_span = span(s->type_span);
      out->of_expr = expr(s->of_expr);
      return out;
    }
    if (const auto *o = e.as<Offsetof>()) {
      auto out = std::make_unique<Offsetof>(span(o->span));
      out->type_name = o->type_name;
      out->type_span = span(o->type_span);
      out->of_expr = expr(o->of_expr);
      out->path = o->path;
      out->path_span = span(o->path_span);
      return out;
    }
    const auto &b = *e.as<BlockExpr>();
    auto out = std::make_unique<BlockExpr>(span(b.span));
    out->stmts = block(b.stmts);
    out->value = expr(b.value);
    return out;
  }

  Block block(const Block &stmts) {
    Block out;
    for (const StmtPtr &s : stmts)
      out.push_back(stmt(*s));
    return out;
  }

  StmtPtr stmt(const Stmt &s) {
    if (const auto *e = s.as<ExprStmt>()) {
      auto out = std::make_unique<ExprStmt>(span(e->span), expr(*e->expr));
      out->discard = e->discard;
      return out;
    }
    if (const auto *a = s.as<Assign>()) {
      auto out = std::make_unique<Assign>(span(a->span), expr(*a->target), expr(*a->value));
      out->is_compound = a->is_compound;
      out->compound = a->compound;
      return out;
    }
    if (const auto *i = s.as<If>()) {
      auto out = std::make_unique<If>(span(i->span), expr(*i->cond));
      out->then_block = block(i->then_block);
      out->else_block = block(i->else_block);
      return out;
    }
    if (const auto *w = s.as<While>()) {
      auto out = std::make_unique<While>(span(w->span), expr(*w->cond));
      out->body = block(w->body);
      return out;
    }
    return loopOrDeclaration(s);
  }

  StmtPtr loopOrDeclaration(const Stmt &s) {
    if (const auto *u = s.as<Unroll>()) {
      auto out = std::make_unique<Unroll>(span(u->span), expr(*u->count));
      out->body = block(u->body);
      return out;
    }
    if (const auto *f = s.as<For>()) {
      auto out = std::make_unique<For>(span(f->span), variable(*f->var));
      out->start = expr(f->start);
      out->end = expr(f->end);
      out->map = expr(f->map);
      out->body = block(f->body);
      return out;
    }
    if (const auto *j = s.as<Jump>())
      return std::make_unique<Jump>(span(j->span), j->jump, expr(j->value));
    if (const auto *sc = s.as<Scope>()) {
      auto out = std::make_unique<Scope>(span(sc->span));
      out->body = block(sc->body);
      return out;
    }
    const auto &l = *s.as<Let>();
    auto out = std::make_unique<Let>(span(l.span), variable(*l.var));
    out->type_name = l.type_name;
    out->type_span = span(l.type_span);
    out->type_of = expr(l.type_of);
    out->value = expr(l.value);
    return out;
  }

private:
  std::optional<Span> at_;
};

} // namespace

ExprPtr clone(const Expr &e, std::optional<Span> at) {
  return Cloner(at).expr(e);
}

StmtPtr clone(const Stmt &s, std::optional<Span> at) {
  return Cloner(at).stmt(s);
}

Block clone(const Block &block, std::optional<Span> at) {
  return Cloner(at).block(block);
}

} // namespace bpfscope::ast
