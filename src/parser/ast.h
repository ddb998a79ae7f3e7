// The abstract syntax tree of a bpfscope (bpftrace-language) script.
//
// The parser builds it; sema fills in each expression's `type` and rejects
// what cannot run; codegen reads it. Nodes are a closed set of kinds, each a
// struct deriving from Expr or Stmt; use `as<T>()` / `is<T>()` to test kinds.
#pragma once

#include "parser/source.h"
#include "sema/types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace bpfscope::ast {

enum class BinaryOp {
  Add,
  Sub,
  Mul,
  Div,
  Mod,
  BitAnd,
  BitOr,
  BitXor,
  Shl,
  Shr,
  Eq,
  Ne,
  Lt,
  Le,
  Gt,
  Ge,
  LogicalAnd,
  LogicalOr,
};

enum class UnaryOp {
  Neg,        // -x
  LogicalNot, // !x
  BitNot,     // ~x
  PreInc,
  PreDec,
  PostInc,
  PostDec,
};

const char *spelling(BinaryOp op);
const char *spelling(UnaryOp op);

// Checked downcasts over a node hierarchy whose kinds are tagged by `kind`.
template <typename Base, typename KindT> struct Node {
  Span span;
  const KindT kind;

  explicit Node(KindT k, Span s) : span(s), kind(k) {}
  virtual ~Node() = default;
  template <typename T> bool is() const { return kind == T::kKind; }
  template <typename T> T *as() { return is<T>() ? static_cast<T *>(this) : nullptr; }
  template <typename T> const T *as() const {
    return is<T>() ? static_cast<const T *>(this) : nullptr;
  }
};

// ---------------------------------------------------------------- expressions

enum class ExprKind {
  Integer,
  String,
  Builtin,
  Variable,
  Map,
  Call,
  Binary,
  Unary,
  Ternary,
  Field
};

struct Expr : Node<Expr, ExprKind> {
  Type type; // set by sema
  using Node::Node;
};
using ExprPtr = std::unique_ptr<Expr>;

struct IntegerLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::Integer;
  uint64_t value;
  IntegerLiteral(Span s, uint64_t v) : Expr(kKind, s), value(v) {}
};

struct StringLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::String;
  std::string value; // escapes already decoded
  StringLiteral(Span s, std::string v) : Expr(kKind, s), value(std::move(v)) {}
};

// pid, tid, comm, nsecs, args, arg0, retval, … (identifiers that are not calls)
struct Builtin : Expr {
  static constexpr ExprKind kKind = ExprKind::Builtin;
  std::string name;
  Builtin(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

// $name: a scratch variable.
struct Variable : Expr {
  static constexpr ExprKind kKind = ExprKind::Variable;
  std::string name; // including the leading '$'
  Variable(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

// @name, @name[key] or @name[k1, k2, …]. `@` alone is the anonymous map.
struct MapAccess : Expr {
  static constexpr ExprKind kKind = ExprKind::Map;
  std::string name; // including the leading '@'
  std::vector<ExprPtr> keys;
  MapAccess(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

// name(args…): functions and aggregations (printf, str, count, hist, exit, …).
struct Call : Expr {
  static constexpr ExprKind kKind = ExprKind::Call;
  std::string name;
  Span name_span;
  std::vector<ExprPtr> args;
  Call(Span s, std::string n, Span ns) : Expr(kKind, s), name(std::move(n)), name_span(ns) {}
};

struct Binary : Expr {
  static constexpr ExprKind kKind = ExprKind::Binary;
  BinaryOp op;
  Span op_span;
  ExprPtr lhs, rhs;
  Binary(Span s, BinaryOp o, Span os, ExprPtr l, ExprPtr r)
      : Expr(kKind, s), op(o), op_span(os), lhs(std::move(l)), rhs(std::move(r)) {}
};

struct Unary : Expr {
  static constexpr ExprKind kKind = ExprKind::Unary;
  UnaryOp op;
  ExprPtr operand;
  Unary(Span s, UnaryOp o, ExprPtr e) : Expr(kKind, s), op(o), operand(std::move(e)) {}
};

struct Ternary : Expr {
  static constexpr ExprKind kKind = ExprKind::Ternary;
  ExprPtr cond, then_expr, else_expr;
  Ternary(Span s, ExprPtr c, ExprPtr t, ExprPtr e)
      : Expr(kKind, s), cond(std::move(c)), then_expr(std::move(t)), else_expr(std::move(e)) {}
};

// base.field or base->field (e.g. args.filename, args->filename).
struct FieldAccess : Expr {
  static constexpr ExprKind kKind = ExprKind::Field;
  ExprPtr base;
  std::string field;
  Span field_span;
  bool arrow;
  FieldAccess(Span s, ExprPtr b, std::string f, Span fs, bool a)
      : Expr(kKind, s), base(std::move(b)), field(std::move(f)), field_span(fs), arrow(a) {}
};

// ----------------------------------------------------------------- statements

enum class StmtKind { Expr, Assign, If };

struct Stmt : Node<Stmt, StmtKind> {
  using Node::Node;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

struct ExprStmt : Stmt {
  static constexpr StmtKind kKind = StmtKind::Expr;
  ExprPtr expr;
  ExprStmt(Span s, ExprPtr e) : Stmt(kKind, s), expr(std::move(e)) {}
};

// target = value, or target OP= value (`compound` set, e.g. Add for +=).
// target is a Variable or a MapAccess.
struct Assign : Stmt {
  static constexpr StmtKind kKind = StmtKind::Assign;
  ExprPtr target;
  ExprPtr value;
  bool is_compound = false;
  BinaryOp compound = BinaryOp::Add;
  Assign(Span s, ExprPtr t, ExprPtr v)
      : Stmt(kKind, s), target(std::move(t)), value(std::move(v)) {}
};

// if (cond) { then } else { otherwise }; `else if` nests an If in `otherwise`.
struct If : Stmt {
  static constexpr StmtKind kKind = StmtKind::If;
  ExprPtr cond;
  Block then_block;
  Block else_block;
  If(Span s, ExprPtr c) : Stmt(kKind, s), cond(std::move(c)) {}
};

// --------------------------------------------------------------------- probes

// One attach point as written, e.g. "tracepoint:syscalls:sys_enter_openat",
// "interval:s:1", "BEGIN". Providers interpret the text.
struct AttachPoint {
  Span span;
  std::string text;
};

struct Probe {
  Span span;
  std::vector<AttachPoint> attach_points;
  ExprPtr predicate; // may be null
  Block body;
};

struct Program {
  std::vector<Probe> probes;
};

} // namespace bpfscope::ast
