// How integers of different types meet: in a variable that is assigned both,
// and as the two operands of a binary operator. As in the newest bpftrace
// (PR #5138), the narrower operand is promoted to the wider one's size and
// the operator works at that size, so `(uint32)a + (uint32)b` wraps at 32
// bits; a constant operand counts as the smallest signed type that holds its
// value (`1` an int8, `200` an int16), so it does not widen the other
// operand, and a constant ≥ 0 is "sign flexible": it counts as unsigned
// where it meets an unsigned type, so `(uint32)$a + 1` stays a uint32.
#pragma once

#include "sema/types.h"

#include <cstdint>
#include <optional>

namespace bpfscope {

// The integer type that holds every value of `a` and of `b`: the wider of two
// of one signedness; with mixed signedness a signed type wider than the
// unsigned one, which a uint64 has none of (nullopt).
std::optional<Type> commonInteger(const Type &a, const Type &b);

// The smallest integer type holding `value` with the signedness of `type`,
// the constant's own type: a literal is signed unless it is above INT64_MAX
// (a uint64, stored with its top bit set); a constant that an unsigned
// function gives (sizeof, strcap()) stays unsigned.
Type smallestIntegerType(int64_t value, const Type &type);

// One integer operand of a binary operator, or a value assigned to a
// variable or map: its type and, when it is known at compile time, its
// value.
struct IntegerOperand {
  Type type;
  std::optional<int64_t> constant;
  // Not a constant, but only ever assigned constants ≥ 0 (`$a = 1`).
  bool sign_flexible = false;

  // The type it takes part in promotion as: a constant's smallest type.
  Type promotionType() const;
  // A constant ≥ 0, or what holds only those: it counts as unsigned next to
  // an unsigned type.
  bool signFlexible() const;
  // The unsigned type a sign-flexible operand counts as.
  Type unsignedType() const;
};

// The type both operands of an arithmetic, bitwise or comparison operator
// are promoted to. Two constants are folded as 64-bit values; nullopt when no
// type holds both (a uint64 and a signed operand), where bpftrace warns that
// the operation can lead to undefined behavior.
std::optional<Type> promotedOperandType(const IntegerOperand &lhs, const IntegerOperand &rhs);

// The type a subtraction works at when its operands are promoted to
// `promoted`: as in the newest bpftrace (PR #5138) a difference is signed,
// so unsigned operands are subtracted in the smallest signed type that holds
// every difference of two of them (uint8: int16, uint32: int64);
// `(uint8)1 - 2` is -1, not 255. No type holds every difference of two
// uint64 values: those stay a uint64, where that bpftrace converts them to
// an int64 with a warning (its PR #5148 made a uint64 variable that is then
// assigned the int64 an int64 too; here that would be an error, so
// `$t = nsecs; $t -= 1;` would stop working).
Type subtractionType(const Type &promoted);

// The type a variable or map that holds `known` integers takes when `value`
// is assigned to it too, as in the newest bpftrace: the smallest type that
// holds both, a sign-flexible one counting as unsigned next to an unsigned
// one (`$x = (uint32)5; $x = 1;` stays a uint32, `$x = -1; $x = 100;` an
// int8). nullopt when no type holds both (a uint64 and a signed type), which
// bpftrace rejects.
std::optional<Type> typeHoldingBoth(const IntegerOperand &known, const IntegerOperand &value);

} // namespace bpfscope
