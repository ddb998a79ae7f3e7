#include "sema/integer_promotion.h"

#include <algorithm>

namespace bpfscope {

std::optional<Type> commonInteger(const Type &a, const Type &b) {
  if (a.is_signed == b.is_signed || a.kind == TypeKind::Bool || b.kind == TypeKind::Bool)
    return Type::integer(std::max(a.size, b.size), a.is_signed || b.is_signed);
  const Type &unsigned_one = a.is_signed ? b : a;
  const Type &signed_one = a.is_signed ? a : b;
  if (signed_one.size > unsigned_one.size)
    return signed_one;
  if (unsigned_one.size >= 8)
    return std::nullopt;
  return Type::integer(unsigned_one.size * 2, true);
}

Type smallestIntegerType(int64_t value, const Type &type) {
  if (!type.is_signed)
    return IntegerOperand{type, value}.unsignedType();
  for (uint32_t size : {1u, 2u, 4u}) {
    int64_t limit = int64_t{1} << (size * 8 - 1);
    if (value >= -limit && value < limit)
      return Type::integer(size, true);
  }
  return Type::integer(8, true);
}

Type IntegerOperand::promotionType() const {
  return constant ? smallestIntegerType(*constant, type) : type;
}

bool IntegerOperand::signFlexible() const {
  if (constant)
    return *constant >= 0 && promotionType().is_signed;
  return sign_flexible && type.is_signed;
}

Type IntegerOperand::unsignedType() const {
  if (!constant)
    return Type::integer(type.size, false);
  for (uint32_t size : {1u, 2u, 4u})
    if (static_cast<uint64_t>(*constant) < (uint64_t{1} << (size * 8)))
      return Type::integer(size, false);
  return Type::integer(8, false);
}

namespace {

// The type both take part as: a sign-flexible one next to an unsigned one
// counts as unsigned.
std::optional<Type> commonOperandType(const IntegerOperand &a, const IntegerOperand &b) {
  Type ta = a.promotionType(), tb = b.promotionType();
  if (a.signFlexible() && ta.isInteger() && tb.isInteger() && !tb.is_signed)
    ta = a.unsignedType();
  else if (b.signFlexible() && ta.isInteger() && tb.isInteger() && !ta.is_signed)
    tb = b.unsignedType();
  return commonInteger(ta, tb);
}

} // namespace

std::optional<Type> promotedOperandType(const IntegerOperand &lhs, const IntegerOperand &rhs) {
  if (lhs.constant && rhs.constant)
    return Type::integer(8, lhs.type.is_signed || rhs.type.is_signed);
  return commonOperandType(lhs, rhs);
}

Type subtractionType(const Type &promoted) {
  if (promoted.is_signed || promoted.kind != TypeKind::Integer || promoted.size >= 8)
    return promoted;
  return Type::integer(promoted.size * 2, true);
}

std::optional<Type> typeHoldingBoth(const IntegerOperand &known, const IntegerOperand &value) {
  // Values of one enum keep its type, so that the variable prints them by name.
  if (known.type.enumeration && known.type.enumeration == value.type.enumeration)
    return known.type;
  return commonOperandType(known, value);
}

} // namespace bpfscope
