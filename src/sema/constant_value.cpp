#include "sema/constant_value.h"

namespace bpfscope {
namespace {

using namespace ast;

std::optional<int64_t> unaryValue(const Unary &u) {
  std::optional<int64_t> v = constantValue(*u.operand);
  if (!v)
    return std::nullopt;
  switch (u.op) {
  case UnaryOp::Neg:
    return static_cast<int64_t>(0 - static_cast<uint64_t>(*v));
  case UnaryOp::LogicalNot:
    return *v == 0;
  case UnaryOp::BitNot:
    return ~*v;
  default:
    return std::nullopt; // ++, --, *p, &x need memory
  }
}

// Signed when the expression's type is; comparisons look at their operands.
bool comparesSigned(const Binary &b) {
  return b.lhs->type.is_signed && b.rhs->type.is_signed;
}

std::optional<int64_t> comparison(BinaryOp op, int64_t l, int64_t r, bool is_signed) {
  auto ul = static_cast<uint64_t>(l), ur = static_cast<uint64_t>(r);
  switch (op) {
  case BinaryOp::Eq:
    return l == r;
  case BinaryOp::Ne:
    return l != r;
  case BinaryOp::Lt:
    return is_signed ? l < r : ul < ur;
  case BinaryOp::Le:
    return is_signed ? l <= r : ul <= ur;
  case BinaryOp::Gt:
    return is_signed ? l > r : ul > ur;
  case BinaryOp::Ge:
    return is_signed ? l >= r : ul >= ur;
  default:
    return std::nullopt;
  }
}

// Arithmetic wraps at 64 bits, as the generated code does.
std::optional<int64_t> arithmetic(BinaryOp op, int64_t l, int64_t r, bool is_signed) {
  auto ul = static_cast<uint64_t>(l), ur = static_cast<uint64_t>(r);
  switch (op) {
  case BinaryOp::Add:
    return static_cast<int64_t>(ul + ur);
  case BinaryOp::Sub:
    return static_cast<int64_t>(ul - ur);
  case BinaryOp::Mul:
    return static_cast<int64_t>(ul * ur);
  case BinaryOp::Div:
  case BinaryOp::Mod:
    if (r == 0 || (is_signed && l == INT64_MIN && r == -1))
      return std::nullopt; // left to the run-time rules
    if (op == BinaryOp::Div)
      return is_signed ? l / r : static_cast<int64_t>(ul / ur);
    return is_signed ? l % r : static_cast<int64_t>(ul % ur);
  case BinaryOp::BitAnd:
    return l & r;
  case BinaryOp::BitOr:
    return l | r;
  case BinaryOp::BitXor:
    return l ^ r;
  case BinaryOp::Shl:
    return ur < 64 ? static_cast<int64_t>(ul << ur) : 0;
  case BinaryOp::Shr:
    if (ur >= 64)
      return is_signed && l < 0 ? -1 : 0;
    return is_signed ? l >> ur : static_cast<int64_t>(ul >> ur);
  default:
    return comparison(op, l, r, is_signed);
  }
}

std::optional<int64_t> binaryValue(const Binary &b) {
  return foldBinary(b, constantValue(*b.lhs), constantValue(*b.rhs));
}

std::optional<int64_t> ternaryValue(const Ternary &t) {
  std::optional<int64_t> cond = constantValue(*t.cond);
  if (!cond)
    return std::nullopt;
  if (*cond == 0)
    return constantValue(*t.else_expr);
  return t.then_expr ? constantValue(*t.then_expr) : cond;
}

// The low bytes of `v` that an integer of `type` keeps, re-extended by its signedness.
int64_t truncated(int64_t v, const Type &type) {
  if (type.size >= 8)
    return v;
  unsigned bits = type.size * 8;
  uint64_t low = static_cast<uint64_t>(v) & ((uint64_t{1} << bits) - 1);
  if (type.is_signed && (low >> (bits - 1)))
    low |= ~((uint64_t{1} << bits) - 1);
  return static_cast<int64_t>(low);
}

std::optional<int64_t> castValue(const Cast &c) {
  std::optional<int64_t> v = constantValue(*c.operand);
  if (!v || (!c.type.isInteger() && c.type.kind != TypeKind::Bool))
    return std::nullopt;
  if (c.type.kind == TypeKind::Bool)
    return *v != 0;
  return truncated(*v, c.type);
}

} // namespace

std::optional<int64_t> foldBinary(const Binary &b, std::optional<int64_t> l,
                                  std::optional<int64_t> r) {
  // && and || decide on their left side alone when they can, as they do at run time.
  if (l && b.op == BinaryOp::LogicalAnd && *l == 0)
    return 0;
  if (l && b.op == BinaryOp::LogicalOr && *l != 0)
    return 1;
  if (!l || !r)
    return std::nullopt;
  if (b.op == BinaryOp::LogicalAnd || b.op == BinaryOp::LogicalOr)
    return *r != 0;
  if (b.op >= BinaryOp::Eq)
    return comparison(b.op, *l, *r, comparesSigned(b));
  std::optional<int64_t> v = arithmetic(b.op, *l, *r, b.type.is_signed);
  // The operator works at its type's size (sema/integer_promotion.h).
  return v && b.type.isInteger() ? truncated(*v, b.type) : v;
}

std::optional<int64_t> constantValue(const Expr &e) {
  if (e.type.kind == TypeKind::None)
    return std::nullopt; // not type-checked, or its error was reported
  switch (e.kind) {
  case ExprKind::Integer:
    return static_cast<int64_t>(e.as<IntegerLiteral>()->value);
  case ExprKind::Bool:
    return e.as<BoolLiteral>()->value;
  case ExprKind::Builtin:
    return e.as<Builtin>()->constant;
  case ExprKind::Call:
    return e.as<Call>()->constant;
  case ExprKind::Sizeof:
    return static_cast<int64_t>(e.as<Sizeof>()->value);
  case ExprKind::Offsetof:
    return static_cast<int64_t>(e.as<Offsetof>()->value);
  case ExprKind::Unary:
    return unaryValue(*e.as<Unary>());
  case ExprKind::Binary:
    return binaryValue(*e.as<Binary>());
  case ExprKind::Ternary:
    return ternaryValue(*e.as<Ternary>());
  case ExprKind::Cast:
    return castValue(*e.as<Cast>());
  default:
    return std::nullopt;
  }
}

} // namespace bpfscope
