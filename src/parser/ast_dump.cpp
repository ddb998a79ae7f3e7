#include "parser/ast_dump.h"

#include <cstdio>

namespace bpfscope {

namespace {

using namespace ast;

// A string literal as it would be written in a script.
std::string quoted(const std::string &value) {
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
    case '\n':
      out += "\\n";
      break;
    case '\t':
      out += "\\t";
      break;
    case '\r':
      out += "\\r";
      break;
    case '\\':
      out += "\\\\";
      break;
    case '"':
      out += "\\\"";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
        out += buf;
      } else {
        out += c;
      }
    }
  }
  return out + "\"";
}

const char *unaryName(UnaryOp op) {
  switch (op) {
  case UnaryOp::PreInc:
    return "pre++";
  case UnaryOp::PreDec:
    return "pre--";
  case UnaryOp::PostInc:
    return "post++";
  case UnaryOp::PostDec:
    return "post--";
  default:
    return spelling(op);
  }
}

class Dumper {
public:
  explicit Dumper(AstDumpTypes types) : show_types_(types == AstDumpTypes::Show) {}

  std::string take() { return std::move(out_); }

  void program(const Program &program) {
    line("Program");
    Indent indent(*this);
    for (const Import &import : program.imports)
      line("Import " + quoted(import.path));
    for (const Macro &macro : program.macros)
      this->macro(macro);
    for (const ConfigEntry &entry : program.config)
      line("Config " + entry.key + " = " + entry.value);
    for (const MapDeclaration &decl : program.map_declarations)
      line("MapDeclaration " + decl.name + " = " + decl.kind + "(" +
           std::to_string(decl.max_entries) + ")");
    for (const Probe &probe : program.probes)
      this->probe(probe);
  }

private:
  struct Indent {
    explicit Indent(Dumper &d) : dumper(d) { ++dumper.depth_; }
    ~Indent() { --dumper.depth_; }
    Dumper &dumper;
  };

  // The first line written after expr() starts a node is that node's own,
  // so that is the line its type is appended to.
  void line(const std::string &text) {
    out_.append(2 * static_cast<size_t>(depth_), ' ');
    out_ += text;
    if (typed_ && typed_->type.kind != TypeKind::None) {
      out_ += " :: " + typed_->type.name();
      typed_ = nullptr;
    }
    out_ += '\n';
  }

  void macro(const Macro &macro) {
    std::string params;
    for (const MacroParam &param : macro.params)
      params += (params.empty() ? "" : ", ") + param.name;
    line("Macro " + macro.name + "(" + params + ")");
    Indent indent(*this);
    expr(*macro.body);
  }

  void probe(const Probe &probe) {
    line("Probe");
    Indent indent(*this);
    for (const AttachPoint &ap : probe.attach_points)
      line("AttachPoint " + ap.text);
    if (probe.predicate) {
      line("Predicate");
      Indent inner(*this);
      expr(*probe.predicate);
    }
    block("Body", probe.body);
  }

  void block(const char *label, const Block &stmts) {
    line(label);
    Indent indent(*this);
    for (const StmtPtr &s : stmts)
      stmt(*s);
  }

  void stmt(const Stmt &s) {
    if (const auto *e = s.as<ExprStmt>()) {
      line(e->discard ? "Discard" : "ExprStmt");
      Indent indent(*this);
      expr(*e->expr);
    } else if (const auto *a = s.as<Assign>()) {
      line(std::string("Assign ") + (a->is_compound ? spelling(a->compound) : "") + "=");
      Indent indent(*this);
      expr(*a->target);
      expr(*a->value);
    } else if (const auto *i = s.as<If>()) {
      line("If");
      Indent indent(*this);
      expr(*i->cond);
      block("Then", i->then_block);
      if (!i->else_block.empty())
        block("Else", i->else_block);
    } else {
      loopOrScope(s);
    }
  }

  void loopOrScope(const Stmt &s) {
    if (const auto *w = s.as<While>()) {
      line("While");
      Indent indent(*this);
      expr(*w->cond);
      block("Body", w->body);
    } else if (const auto *u = s.as<Unroll>()) {
      line("Unroll");
      Indent indent(*this);
      expr(*u->count);
      block("Body", u->body);
    } else if (const auto *f = s.as<For>()) {
      line("For " + f->var->name);
      Indent indent(*this);
      if (f->map) {
        expr(*f->map);
      } else {
        line("Range");
        Indent range(*this);
        expr(*f->start);
        expr(*f->end);
      }
      block("Body", f->body);
    } else if (const auto *j = s.as<Jump>()) {
      line(j->jump == JumpKind::Break      ? "Break"
           : j->jump == JumpKind::Continue ? "Continue"
                                           : "Return");
      Indent indent(*this);
      if (j->value)
        expr(*j->value);
    } else if (const auto *b = s.as<Scope>()) {
      block("Scope", b->body);
    } else if (const auto *l = s.as<Let>()) {
      line("Let " + l->var->name + (l->type_name.empty() ? "" : ": " + l->type_name));
      Indent indent(*this);
      typeOf(l->type_of);
      if (l->value)
        expr(*l->value);
    }
  }

  // The expression a typeof(…) names the type of.
  void typeOf(const ExprPtr &of) {
    if (!of)
      return;
    line("Typeof");
    Indent indent(*this);
    expr(*of);
  }

  void expr(const Expr &e) {
    typed_ = show_types_ ? &e : nullptr;
    switch (e.kind) {
    case ExprKind::Integer:
      line("Integer " + std::to_string(e.as<IntegerLiteral>()->value));
      break;
    case ExprKind::String:
      line("String " + quoted(e.as<StringLiteral>()->value));
      break;
    case ExprKind::Builtin:
      line("Builtin " + e.as<Builtin>()->name);
      break;
    case ExprKind::Variable:
      line("Variable " + e.as<Variable>()->name);
      break;
    case ExprKind::Wildcard:
      line("Wildcard *");
      break;
    case ExprKind::Map: {
      const auto *map = e.as<MapAccess>();
      line("Map " + map->name);
      children(map->keys);
      break;
    }
    case ExprKind::Call: {
      const auto *call = e.as<Call>();
      line("Call " + call->name);
      children(call->args);
      break;
    }
    case ExprKind::Binary: {
      const auto *binary = e.as<Binary>();
      line(std::string("Binary ") + spelling(binary->op));
      Indent indent(*this);
      expr(*binary->lhs);
      expr(*binary->rhs);
      break;
    }
    case ExprKind::Unary: {
      const auto *unary = e.as<Unary>();
      line(std::string("Unary ") + unaryName(unary->op));
      Indent indent(*this);
      expr(*unary->operand);
      break;
    }
    case ExprKind::Ternary: {
      const auto *ternary = e.as<Ternary>();
      line("Ternary");
      Indent indent(*this);
      expr(*ternary->cond);
      if (ternary->then_expr)
        expr(*ternary->then_expr);
      expr(*ternary->else_expr);
      break;
    }
    case ExprKind::Bool:
      line(e.as<BoolLiteral>()->value ? "Bool true" : "Bool false");
      break;
    case ExprKind::Cast: {
      const auto *cast = e.as<Cast>();
      line("Cast " + cast->type_name);
      Indent indent(*this);
      typeOf(cast->type_of);
      expr(*cast->operand);
      break;
    }
    case ExprKind::Index: {
      const auto *index = e.as<Index>();
      line("Index");
      Indent indent(*this);
      expr(*index->base);
      expr(*index->index);
      break;
    }
    case ExprKind::Tuple: {
      const auto *tuple = e.as<TupleLiteral>();
      std::string names;
      for (const std::string &name : tuple->names)
        names += " " + name;
      line((tuple->names.empty() ? "Tuple" : "Record") + names);
      children(tuple->elements);
      break;
    }
    case ExprKind::Sizeof: {
      const auto *size = e.as<Sizeof>();
      line("Sizeof " + size->type_name);
      if (size->of_expr) {
        Indent indent(*this);
        expr(*size->of_expr);
      }
      break;
    }
    case ExprKind::Offsetof: {
      const auto *offset = e.as<Offsetof>();
      std::string path;
      for (const std::string &name : offset->path)
        path += (path.empty() ? "" : ".") + name;
      line("Offsetof " + offset->type_name + (offset->type_name.empty() ? "" : " ") + path);
      if (offset->of_expr) {
        Indent indent(*this);
        expr(*offset->of_expr);
      }
      break;
    }
    case ExprKind::Block: {
      const auto *block_expr = e.as<BlockExpr>();
      line("BlockExpr");
      Indent indent(*this);
      for (const StmtPtr &s : block_expr->stmts)
        stmt(*s);
      if (block_expr->value) {
        line("Value");
        Indent value(*this);
        expr(*block_expr->value);
      }
      break;
    }
    case ExprKind::Field: {
      const auto *field = e.as<FieldAccess>();
      line(std::string("Field ") + (field->arrow ? "->" : ".") + field->field);
      Indent indent(*this);
      expr(*field->base);
      break;
    }
    }
  }

  void children(const std::vector<ExprPtr> &exprs) {
    Indent indent(*this);
    for (const ExprPtr &e : exprs)
      expr(*e);
  }

  std::string out_;
  int depth_ = 0;
  bool show_types_;
  const Expr *typed_ = nullptr;
};

} // namespace

std::string dumpAst(const ast::Program &program, AstDumpTypes types) {
  Dumper dumper(types);
  dumper.program(program);
  return dumper.take();
}

} // namespace bpfscope
