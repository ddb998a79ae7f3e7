// How integers of different types meet: in a variable that is assigned both,
// and as the two operands of a binary operator. As in the newest bpftrace,
// the narrower operand is promoted to the wider one's size and the operator
// works at that size, so `(uint32)a + (uint32)b` wraps at 32 bits; a
// constant operand counts as the smallest type that holds its value (`1` is
// a uint8, `-1` an int8), so it does not widen the other operand.
#pragma once

#include "sema/types.h"

#include <cstdint>
#include <optional>

namespace bpfscope {

// The integer type that holds every value of `a` and of `b`: the wider of two
// of one signedness; with mixed signedness a signed type wider than the
// unsigned one, which a uint64 has none of (nullopt).
std::optional<Type> commonInteger(const Type &a, const Type &b);

// The smallest integer type holding `value`: unsigned for a value ≥ 0,
// signed for a negative one. `type` is the constant's own type, which tells
// a uint64 above INT64_MAX from a negative value.
Type smallestIntegerType(int64_t value, const Type &type);

// One integer operand of a binary operator: its type and, when it is known at
// compile time, its value.
struct IntegerOperand {
  Type type;
  std::optional<int64_t> constant;

  // The type it takes part in promotion as: a constant's smallest type.
  Type promotionType() const;
};

// The type both operands of an arithmetic, bitwise or comparison operator
// are promoted to. Two constants are folded as 64-bit values; nullopt when no
// type holds both (a uint64 and a signed operand), where bpftrace warns that
// the operation can lead to undefined behavior.
std::optional<Type> promotedOperandType(const IntegerOperand &lhs, const IntegerOperand &rhs);

// The type a variable or map that holds `known` integers takes when `value`
// is assigned to it too, as in the newest bpftrace: the smallest type that
// holds both, except that a signed variable keeps its type for a constant
// that fits it (`$x = -1; $x = 100;` stays an int8). nullopt when no type
// holds both (a uint64 and a signed type), which bpftrace rejects.
std::optional<Type> typeHoldingBoth(const Type &known, const IntegerOperand &value);

} // namespace bpfscope
