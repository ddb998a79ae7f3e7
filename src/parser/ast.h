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
#include <optional>
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
  Deref,     // *p
  AddressOf, // &x
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
  Field,
  Bool,
  Cast,
  Index,
  Tuple,
  Sizeof,
  Offsetof,
  Block,
  Wildcard,
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
  // Set by sema when the name is an enum constant or a #define.
  std::optional<int64_t> constant;
  Builtin(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

// true / false
struct BoolLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::Bool;
  bool value;
  BoolLiteral(Span s, bool v) : Expr(kKind, s), value(v) {}
};

// $name: a scratch variable.
struct Variable : Expr {
  static constexpr ExprKind kKind = ExprKind::Variable;
  std::string name; // including the leading '$'
  // Set by sema: which declaration this names. Variables are block-scoped, so
  // two blocks may each declare their own $x; codegen keys storage by slot.
  int slot = -1;
  Variable(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

// @name, @name[key] or @name[k1, k2, …]. `@` alone is the anonymous map.
struct MapAccess : Expr {
  static constexpr ExprKind kKind = ExprKind::Map;
  std::string name; // including the leading '@'
  std::vector<ExprPtr> keys;
  MapAccess(Span s, std::string n) : Expr(kKind, s), name(std::move(n)) {}
};

// `*` in place of one key of a map access, in delete(@m[k, *]): any value
// of that key.
struct WildcardKey : Expr {
  static constexpr ExprKind kKind = ExprKind::Wildcard;
  explicit WildcardKey(Span s) : Expr(kKind, s) {}
};

// name(args…): functions and aggregations (printf, str, count, hist, exit, …).
struct Call : Expr {
  static constexpr ExprKind kKind = ExprKind::Call;
  std::string name;
  Span name_span;
  std::vector<ExprPtr> args;
  // Set by sema for the functions evaluated at compile time (is_str, strcap, kfunc_exist, …).
  std::optional<int64_t> constant;
  Call(Span s, std::string n, Span ns) : Expr(kKind, s), name(std::move(n)), name_span(ns) {}
};

struct Binary : Expr {
  static constexpr ExprKind kKind = ExprKind::Binary;
  BinaryOp op;
  Span op_span;
  ExprPtr lhs, rhs;
  // Set by sema for integer operands: the type both are promoted to, whose
  // signedness decides signed comparison, division and right shift.
  Type operand_type;
  Binary(Span s, BinaryOp o, Span os, ExprPtr l, ExprPtr r)
      : Expr(kKind, s), op(o), op_span(os), lhs(std::move(l)), rhs(std::move(r)) {}
};

struct Unary : Expr {
  static constexpr ExprKind kKind = ExprKind::Unary;
  UnaryOp op;
  ExprPtr operand;
  Unary(Span s, UnaryOp o, ExprPtr e) : Expr(kKind, s), op(o), operand(std::move(e)) {}
};

// cond ? then : else. `a ?: b` has no then_expr: it yields cond's own value.
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

// (type) operand, e.g. (uint8)$x. `type_name` is the type as written
// ("uint8", "struct task_struct *"); sema resolves it.
struct Cast : Expr {
  static constexpr ExprKind kKind = ExprKind::Cast;
  std::string type_name;
  Span type_span;
  ExprPtr type_of; // (typeof(expr))x: the type is expr's, which is not evaluated
  ExprPtr operand;
  Cast(Span s, std::string t, Span ts, ExprPtr e)
      : Expr(kKind, s), type_name(std::move(t)), type_span(ts), operand(std::move(e)) {}
};

// base[index]: an array element, or the element `index` places past a pointer.
struct Index : Expr {
  static constexpr ExprKind kKind = ExprKind::Index;
  ExprPtr base, index;
  Index(Span s, ExprPtr b, ExprPtr i) : Expr(kKind, s), base(std::move(b)), index(std::move(i)) {}
};

// (a, b, …) or the record (x = a, y = b, …): `names` is empty for a plain tuple.
struct TupleLiteral : Expr {
  static constexpr ExprKind kKind = ExprKind::Tuple;
  std::vector<ExprPtr> elements;
  std::vector<std::string> names;
  explicit TupleLiteral(Span s) : Expr(kKind, s) {}
};

// sizeof(type) or sizeof(expr): `type_name` (spelled as in Cast) when a type
// is written, otherwise `of_expr`.
struct Sizeof : Expr {
  static constexpr ExprKind kKind = ExprKind::Sizeof;
  std::string type_name;
  Span type_span;
  ExprPtr of_expr;
  uint64_t value = 0; // set by sema
  explicit Sizeof(Span s) : Expr(kKind, s) {}
};

// offsetof(struct T, a.b) or offsetof(expr, a.b)
struct Offsetof : Expr {
  static constexpr ExprKind kKind = ExprKind::Offsetof;
  std::string type_name;
  Span type_span;
  ExprPtr of_expr;
  std::vector<std::string> path; // "a", "b"
  Span path_span;
  uint64_t value = 0; // set by sema
  explicit Offsetof(Span s) : Expr(kKind, s) {}
};

// ----------------------------------------------------------------- statements

enum class StmtKind { Expr, Assign, If, While, Unroll, For, Jump, Scope, Let };

struct Stmt : Node<Stmt, StmtKind> {
  using Node::Node;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Block = std::vector<StmtPtr>;

struct ExprStmt : Stmt {
  static constexpr StmtKind kKind = StmtKind::Expr;
  ExprPtr expr;
  bool discard = false; // `_ = expr;`: the value is dropped on purpose
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
  // `$x op= v`: the type op works at (sema/integer_promotion.h); the result
  // wraps at its size before $x, 64 bits wide as in bpftrace, holds it.
  Type compound_type;
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

// while (cond) { body }
struct While : Stmt {
  static constexpr StmtKind kKind = StmtKind::While;
  ExprPtr cond;
  Block body;
  While(Span s, ExprPtr c) : Stmt(kKind, s), cond(std::move(c)) {}
};

// unroll (count) { body }: the body repeated `count` times at compile time.
struct Unroll : Stmt {
  static constexpr StmtKind kKind = StmtKind::Unroll;
  ExprPtr count;
  uint64_t times = 0; // set by sema from `count`
  Block body;
  Unroll(Span s, ExprPtr c) : Stmt(kKind, s), count(std::move(c)) {}
};

// for ($var : start..end) { body } over integers (end exclusive), or
// for ($var : @map) { body } over a map's (key, value) pairs (`map` set).
struct For : Stmt {
  static constexpr StmtKind kKind = StmtKind::For;
  std::unique_ptr<Variable> var;
  ExprPtr start, end; // a range
  ExprPtr map;        // a MapAccess without keys
  Block body;
  // Set by sema for a loop whose body runs as a callback — over a map, or a
  // range whose bounds read a map (bpf_loop: the verifier cannot bound such
  // a loop) —: one use of each variable of the enclosing probe that the body
  // reads or writes.
  std::vector<const Variable *> captured;
  bool range_callback = false; // set by sema: a range run through bpf_loop
  For(Span s, std::unique_ptr<Variable> v) : Stmt(kKind, s), var(std::move(v)) {}
};

enum class JumpKind { Break, Continue, Return };

// break; continue; return; return VALUE;
struct Jump : Stmt {
  static constexpr StmtKind kKind = StmtKind::Jump;
  JumpKind jump;
  ExprPtr value; // return's value, the program's return value; may be null
  Jump(Span s, JumpKind j, ExprPtr v = nullptr) : Stmt(kKind, s), jump(j), value(std::move(v)) {}
};

// { body }: a bare block, which scopes the variables declared in it.
struct Scope : Stmt {
  static constexpr StmtKind kKind = StmtKind::Scope;
  Block body;
  explicit Scope(Span s) : Stmt(kKind, s) {}
};

// let $x; let $x = value; let $x: type = value;
struct Let : Stmt {
  static constexpr StmtKind kKind = StmtKind::Let;
  std::unique_ptr<Variable> var;
  std::string type_name; // empty when no type is written
  Span type_span;
  ExprPtr type_of; // let $x: typeof(expr): the type is expr's, which is not evaluated
  ExprPtr value;   // may be null
  Let(Span s, std::unique_ptr<Variable> v) : Stmt(kKind, s), var(std::move(v)) {}
};

// { stmt; …; value }: a block used as an expression, e.g. `$a = { let $b = 1; $b + 1 }`.
// Its value is the last expression when no ';' follows it; `value` is null
// when the block ends with a statement (a macro body that only has effects).
struct BlockExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::Block;
  Block stmts;
  ExprPtr value;
  explicit BlockExpr(Span s) : Expr(kKind, s) {}
};

// ------------------------------------------------------------------- preamble

// One `key = value` of the config block. Values are integers, identifiers
// (`perf`, `warn`, `true`) or string literals; `value` holds the text.
struct ConfigEntry {
  Span span;
  std::string key;
  Span value_span;
  std::string value;
  bool is_integer = false;
  uint64_t int_value = 0;
};

// let @m = lruhash(100);
struct MapDeclaration {
  Span span;
  std::string name; // including '@'
  std::string kind; // hash, lruhash, percpuhash, percpulruhash
  Span kind_span;
  uint64_t max_entries = 0;
};

// ------------------------------------------------------------- C preamble

// One member of a struct/union written in the script.
struct CField {
  Span span;
  std::string type_name; // spelled as in Cast: "int32", "struct foo *", "char"
  std::string name;
  // `char name[16];`, `int y[2][3];` (outermost first; sema checks the range)
  std::vector<uint64_t> array_counts;
  std::optional<uint64_t> bit_width; // `int a : 3;` (sema checks the range)
  // A member whose type is an anonymous `struct { … }` or `union { … }`, as
  // the kernel's own types have them: that kind and its members (type_name is
  // empty). Without a name, its members are reached as the outer struct's.
  std::string inline_kind;
  std::vector<CField> inline_fields;
};

// One enumerator; without `= N` it is the previous value + 1.
struct CEnumValue {
  Span span;
  std::string name;
  std::optional<int64_t> value;
};

// struct S { … }; union U { … }; enum E { … }; before the probes.
// `kind` is "struct", "union" or "enum".
struct CTypeDefinition {
  Span span;
  std::string kind;
  std::string name;
  std::vector<CField> fields;
  std::vector<CEnumValue> values;
};

// #define NAME VALUE with an integer VALUE.
struct CDefine {
  Span span;
  std::string name;
  int64_t value = 0;
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

// ------------------------------------------------------------------ structure

// import "lib.bt"; — `path` as written, relative to the importing script.
struct Import {
  Span span;
  std::string path;
};

// How a macro parameter binds its argument: `$a` a variable (which the
// macro may assign), `@m` a map, `x` any expression (substituted at each use).
enum class MacroParamKind { Variable, Map, Expression };

struct MacroParam {
  Span span;
  std::string name; // with its '$' or '@'
  MacroParamKind kind;
};

// macro NAME(params) { body }: expanded at each call before type checking.
struct Macro {
  Span span;
  std::string name;
  Span name_span;
  std::vector<MacroParam> params;
  std::unique_ptr<BlockExpr> body;
};

struct Program {
  std::vector<Import> imports;
  std::vector<Macro> macros;
  std::vector<CTypeDefinition> c_types;
  std::vector<CDefine> c_defines;
  std::vector<ConfigEntry> config;
  std::vector<MapDeclaration> map_declarations;
  std::vector<Probe> probes;
};

} // namespace bpfscope::ast
