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
  if (value < 0 && !type.is_signed)
    return Type::integer(8, false); // above INT64_MAX
  for (uint32_t size : {1u, 2u, 4u}) {
    int bits = static_cast<int>(size) * 8;
    bool fits = value >= 0 ? static_cast<uint64_t>(value) < (uint64_t{1} << bits)
                           : value >= -(int64_t{1} << (bits - 1));
    if (fits)
      return Type::integer(size, value < 0);
  }
  return Type::integer(8, value < 0);
}

Type IntegerOperand::promotionType() const {
  return constant ? smallestIntegerType(*constant, type) : type;
}

std::optional<Type> promotedOperandType(const IntegerOperand &lhs, const IntegerOperand &rhs) {
  if (lhs.constant && rhs.constant)
    return Type::integer(8, lhs.type.is_signed || rhs.type.is_signed);
  return commonInteger(lhs.promotionType(), rhs.promotionType());
}

namespace {

// The size of the smallest signed type holding the non-negative `value`: the
// one that holds -value - 1, as a signed type's range is one longer below 0.
uint32_t smallestSignedSize(int64_t value) {
  return smallestIntegerType(-value - 1, Type::integer(8, true)).size;
}

} // namespace

std::optional<Type> typeHoldingBoth(const Type &known, const IntegerOperand &value) {
  Type assigned = value.promotionType();
  bool fitting_constant = value.constant && *value.constant >= 0 && !assigned.is_signed &&
                          smallestSignedSize(*value.constant) <= known.size;
  if (known.isInteger() && known.is_signed && fitting_constant)
    return known;
  return commonInteger(known, assigned);
}

} // namespace bpfscope
