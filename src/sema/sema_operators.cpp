// The analyzer's checks of operators: binary, unary and conditional, with integer promotion.

#include "sema/analyzer.h"
#include "sema/branch_types.h"
#include "sema/constant_value.h"

#include <algorithm>

namespace bpfscope::sema_detail {
namespace {

// == and != compare strings, integers, buffers, integer arrays of one element
// type and length, and tuples (records by field name) whose elements compare.
bool equalityComparable(const Type &a, const Type &b) {
  if (isIntegral(a) && isIntegral(b))
    return true;
  if (a.isString() && b.isString())
    return true;
  if (a.kind == TypeKind::Buffer && b.kind == TypeKind::Buffer)
    return true;
  if (a.isArray() && b.isArray())
    return a.element->isInteger() && *a.element == *b.element && a.count == b.count;
  if (a.kind != TypeKind::Tuple || b.kind != TypeKind::Tuple ||
      a.elements.size() != b.elements.size() || a.names.size() != b.names.size())
    return false;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    size_t j = i;
    if (a.isRecord()) {
      auto it = std::find(b.names.begin(), b.names.end(), a.names[i]);
      if (it == b.names.end())
        return false;
      j = static_cast<size_t>(it - b.names.begin());
    }
    if (!equalityComparable(a.elements[i], b.elements[j]))
      return false;
  }
  return true;
}

} // namespace

Type Analyzer::checkFoldedBinary(Binary &b) {
  b.type = checkBinary(b);
  folded_[&b] = b.type.kind == TypeKind::None
                    ? std::nullopt
                    : foldBinary(b, operandConstant(*b.lhs), operandConstant(*b.rhs));
  return b.type;
}

std::optional<int64_t> Analyzer::operandConstant(const Expr &e) const {
  if (auto *binary = e.as<Binary>()) {
    auto it = folded_.find(binary);
    return it == folded_.end() ? std::nullopt : it->second;
  }
  return constantValue(e);
}

IntegerOperand Analyzer::promotionOperand(const Expr &e) {
  if (e.is<Cast>())
    return {e.type, std::nullopt};
  std::optional<int64_t> value = operandConstant(e);
  auto *unary = e.as<Unary>();
  if (value && *value < 0 && unary && unary->op == UnaryOp::BitNot)
    return {Type::integer(8, false), value};
  return {e.type, value, holdsOnlyFlexibleValues(e)};
}

bool Analyzer::holdsOnlyFlexibleValues(const Expr &e) {
  if (auto *var = e.as<Variable>()) {
    int slot = scopes_.find(var->name);
    return slot >= 0 && scopes_.at(slot).sign_flexible;
  }
  if (auto *map = e.as<MapAccess>())
    return mapState(*map).integer_flexible;
  return false;
}

Type Analyzer::checkBinary(Binary &b) {
  Type l = check(*b.lhs);
  Type r = check(*b.rhs);
  if (l.kind == TypeKind::None || r.kind == TypeKind::None)
    return Type::none();
  switch (b.op) {
  case BinaryOp::LogicalAnd:
  case BinaryOp::LogicalOr:
    if (!isTruthy(l) || !isTruthy(r))
      return mismatch(b, l, r);
    return Type::boolean();
  case BinaryOp::Eq:
  case BinaryOp::Ne:
    if (l.kind == TypeKind::String && r.kind == TypeKind::String)
      return Type::boolean();
    if (l.kind == TypeKind::Tuple || l.isArray() || l.kind == TypeKind::Buffer ||
        r.kind == TypeKind::Tuple || r.isArray() || r.kind == TypeKind::Buffer)
      return equalityComparable(l, r) ? Type::boolean() : mismatch(b, l, r);
    [[fallthrough]];
  case BinaryOp::Lt:
  case BinaryOp::Le:
  case BinaryOp::Gt:
  case BinaryOp::Ge:
    if (!isNumeric(l) || !isNumeric(r))
      return mismatch(b, l, r);
    promoteOperands(b);
    return Type::boolean();
  default:
    break;
  }
  if (!isNumeric(l) || !isNumeric(r))
    return mismatch(b, l, r);
  // As in bpftrace, only constants fail to fold; a value divided by zero
  // gives 1 and a warning when the probe runs.
  if ((b.op == BinaryOp::Div || b.op == BinaryOp::Mod) && isZeroLiteral(*b.rhs) &&
      operandConstant(*b.lhs)) {
    error(b.rhs->span, "division by zero", "a constant divided by zero has no value");
    return Type::none();
  }
  if (l.kind == TypeKind::Pointer && (b.op == BinaryOp::Add || b.op == BinaryOp::Sub))
    return l; // typed pointers step by their pointee's size
  return promoteOperands(b);
}

Type Analyzer::promoteOperands(Binary &b) {
  const Type &l = b.lhs->type;
  const Type &r = b.rhs->type;
  bool is_signed = (l.isInteger() && l.is_signed) || (r.isInteger() && r.is_signed);
  b.operand_type = Type::integer(8, is_signed);
  if (!l.isInteger() || !r.isInteger())
    return b.operand_type;
  if (operandConstant(*b.lhs) && operandConstant(*b.rhs)) {
    // Two constants, casts too, fold as 64-bit values (constant_value.h); they
    // compare as signed only when both are, and subtract as values do.
    if (isComparison(b.op))
      b.operand_type.is_signed = l.is_signed && r.is_signed;
    if (b.op == BinaryOp::Sub)
      b.operand_type.is_signed =
          is_signed || subtractionType(commonInteger(l, r).value_or(l)).is_signed;
    return b.operand_type;
  }
  IntegerOperand lhs = promotionOperand(*b.lhs), rhs = promotionOperand(*b.rhs);
  if (std::optional<Type> promoted = promotedOperandType(lhs, rhs)) {
    Type works_at = b.op == BinaryOp::Sub ? subtractionType(*promoted) : *promoted;
    b.operand_type = Type::integer(works_at.size, works_at.is_signed);
    return b.operand_type;
  }
  warnMixedSigns(b, lhs.promotionType(), rhs.promotionType());
  // As in bpftrace: such operands are compared and divided as unsigned
  // values, and the result is signed.
  b.operand_type = Type::integer(8, false);
  return Type::integer(8, true);
}

Type Analyzer::widenCounter(const Variable &var, const Type &t, bool down) {
  if (!t.isInteger() || var.slot < 0)
    return t;
  VariableScopes::Declaration &decl = scopes_.at(var.slot);
  if (!decl.declared_type)
    decl.type.size = 8;
  decl.sign_flexible = decl.sign_flexible && !down;
  return decl.type;
}

void Analyzer::warnMixedSigns(const Binary &b, const Type &l, const Type &r) {
  std::string what = isComparison(b.op)           ? "comparison of"
                     : isArithmeticOperator(b.op) ? "arithmetic on"
                                                  : "";
  if (what.empty())
    return;
  warning(b.op_span, what + " integers of different signs: '" + l.name() + "' and '" + r.name() +
                         "' can lead to undefined behavior");
}

bool Analyzer::isComparison(BinaryOp op) {
  return op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
         op == BinaryOp::Gt || op == BinaryOp::Ge;
}

bool Analyzer::isArithmeticOperator(BinaryOp op) {
  return op == BinaryOp::Add || op == BinaryOp::Sub || op == BinaryOp::Mul || op == BinaryOp::Div ||
         op == BinaryOp::Mod;
}

Type Analyzer::mismatch(Binary &b, const Type &l, const Type &r) {
  std::string hint;
  if (l.kind == TypeKind::String || r.kind == TypeKind::String)
    hint = "strings can only be compared with == and != against other strings";
  error(b.op_span,
        std::string("operator ") + spelling(b.op) + " cannot be applied to " + l.name() + " and " +
            r.name(),
        hint);
  return Type::none();
}

Type Analyzer::checkUnary(Unary &u) {
  if (isIncDec(u.op)) {
    if (auto *map = u.operand->as<MapAccess>()) {
      checkMapKeys(*map);
      requireIntegerMap(*map);
      assignMapValue(*map, Type::integer(8, true), u.span);
      if (isDecrement(u.op))
        mapState(*map).integer_flexible = false;
      u.operand->type = *mapState(*map).value;
      return u.operand->type;
    }
    if (auto *var = u.operand->as<Variable>()) {
      Type t = check(*var);
      if (t.kind != TypeKind::None && !isIntegral(t))
        error(u.span,
              std::string("operator ") + spelling(u.op) + " needs an integer, not " + t.name());
      return widenCounter(*var, t, isDecrement(u.op));
    }
    error(u.span, std::string("operator ") + spelling(u.op) + " needs a $variable or an @map");
    return Type::none();
  }
  Type t = check(*u.operand);
  if (t.kind == TypeKind::None)
    return t;
  if (u.op == UnaryOp::Deref) {
    if (t.isInteger())
      t.user_address = probesUserCode() && !mentionsKernelObject(u.operand);
    return dereferenceType(t, u, reporter());
  }
  if (u.op == UnaryOp::AddressOf)
    return checkAddressOf(u, t);
  if (u.op == UnaryOp::LogicalNot) {
    if (!isTruthy(t))
      error(u.span, "operator ! cannot be applied to " + t.name());
    return Type::boolean();
  }
  if (!isIntegral(t)) {
    error(u.span, std::string("operator ") + spelling(u.op) + " cannot be applied to " + t.name());
    return Type::none();
  }
  return Type::integer(8, u.op == UnaryOp::Neg || t.is_signed);
}

Type Analyzer::checkTernary(Ternary &t) {
  Type c = check(*t.cond);
  if (c.kind != TypeKind::None && !isTruthy(c))
    error(t.cond->span, "condition must be an integer or a boolean, not " + c.name());
  Type a = t.then_expr ? check(*t.then_expr) : c;
  Type b = check(*t.else_expr);
  if (a.kind == TypeKind::None || b.kind == TypeKind::None)
    return Type::none();
  if (isIntegral(a) && isIntegral(b))
    return ternaryInteger(t, a, b);
  if (std::optional<Type> common = largerBranchType(a, b))
    return *common;
  error(t.span,
        "the branches of this conditional have different types: " + a.name() + " and " + b.name(),
        "both branches must give a value of one type (strings, buffers and tuples may differ "
        "in size); cast one of them");
  return Type::none();
}

Type Analyzer::ternaryInteger(const Ternary &t, const Type &a, const Type &b) {
  if (t.then_expr && a.isInteger() && b.isInteger())
    if (std::optional<Type> common =
            promotedOperandType(promotionOperand(*t.then_expr), promotionOperand(*t.else_expr)))
      return Type::integer(common->size, common->is_signed);
  return Type::integer(8, a.is_signed || b.is_signed);
}

} // namespace bpfscope::sema_detail
