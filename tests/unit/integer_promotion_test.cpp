// The typing of integer operators: the narrower operand is promoted to the
// wider one's size, constants count as their smallest type, and compound
// assignment works at the promoted type too (language.md, "Arithmetic
// Operators").
#include "check_script.h"
#include "sema/integer_promotion.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

Type u(uint32_t bytes) {
  return Type::integer(bytes, false);
}
Type s(uint32_t bytes) {
  return Type::integer(bytes, true);
}

IntegerOperand variable(Type t) {
  return {std::move(t), std::nullopt};
}
IntegerOperand constant(int64_t value) {
  return {s(8), value};
}

TEST(IntegerPromotion, ConstantsTakeTheirSmallestType) {
  EXPECT_EQ(smallestIntegerType(0, s(8)), s(1));
  EXPECT_EQ(smallestIntegerType(127, s(8)), s(1));
  EXPECT_EQ(smallestIntegerType(128, s(8)), s(2));
  EXPECT_EQ(smallestIntegerType(255, s(8)), s(2));
  EXPECT_EQ(smallestIntegerType(65536, s(8)), s(4));
  EXPECT_EQ(smallestIntegerType(int64_t{1} << 31, s(8)), s(8));
  // A constant of an unsigned type keeps its sign.
  EXPECT_EQ(smallestIntegerType(255, u(8)), u(1));
  EXPECT_EQ(smallestIntegerType(256, u(8)), u(2));
  EXPECT_EQ(smallestIntegerType(-1, s(8)), s(1));
  EXPECT_EQ(smallestIntegerType(-128, s(8)), s(1));
  EXPECT_EQ(smallestIntegerType(-129, s(8)), s(2));
  EXPECT_EQ(smallestIntegerType(-1000, s(8)), s(2));
  EXPECT_EQ(smallestIntegerType(-(int64_t{1} << 31), s(8)), s(4));
  // A uint64 literal above INT64_MAX is stored with its top bit set.
  EXPECT_EQ(smallestIntegerType(-1, u(8)), u(8));
}

TEST(IntegerPromotion, TheNarrowerOperandTakesTheWiderSize) {
  EXPECT_EQ(promotedOperandType(variable(u(4)), variable(u(4))), u(4));
  EXPECT_EQ(promotedOperandType(variable(u(4)), variable(u(1))), u(4));
  EXPECT_EQ(promotedOperandType(variable(s(1)), variable(s(2))), s(2));
  EXPECT_EQ(promotedOperandType(variable(u(2)), variable(u(8))), u(8));
}

TEST(IntegerPromotion, MixedSignsTakeASignedTypeThatHoldsBoth) {
  EXPECT_EQ(promotedOperandType(variable(u(4)), variable(s(4))), s(8));
  EXPECT_EQ(promotedOperandType(variable(u(1)), variable(s(4))), s(4));
  EXPECT_EQ(promotedOperandType(variable(u(2)), variable(s(1))), s(4));
  EXPECT_EQ(promotedOperandType(variable(u(8)), variable(s(1))), std::nullopt);
  EXPECT_EQ(promotedOperandType(variable(u(8)), variable(s(8))), std::nullopt);
}

TEST(IntegerPromotion, AConstantDoesNotWidenTheOtherOperand) {
  EXPECT_EQ(promotedOperandType(variable(u(4)), constant(1)), u(4));
  EXPECT_EQ(promotedOperandType(constant(300), variable(u(1))), u(2));
  EXPECT_EQ(promotedOperandType(variable(s(4)), constant(2)), s(4));
  EXPECT_EQ(promotedOperandType(variable(u(4)), constant(-1)), s(8));
  EXPECT_EQ(promotedOperandType(variable(u(8)), constant(-1)), std::nullopt);
  // Two constants fold at 64 bits, as before.
  EXPECT_EQ(promotedOperandType(constant(200), constant(100)), s(8));
}

TEST(IntegerPromotion, OperatorsTypeTheirResultAtThePromotedSize) {
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $b = (uint32)2; $c = $a + $b; }", "Binary"),
            "Binary + :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a * 2; }", "Binary"), "Binary * :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a + (uint8)2; }", "Binary"),
            "Binary + :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $a = (int8)1; $c = $a - (int16)2; }", "Binary"),
            "Binary - :: int16");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a + (int32)2; }", "Binary"),
            "Binary + :: int64");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint16)1; $c = $a & 0xff00; }", "Binary"),
            "Binary & :: uint16");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint8)1; $c = $a << 9; }", "Binary"), "Binary << :: uint8");
  EXPECT_EQ(typedLine("BEGIN { $c = 200 + 100; }", "Binary"), "Binary + :: int64");
  EXPECT_EQ(typedLine("BEGIN { $c = (uint8)200 + (uint8)100; }", "Binary"), "Binary + :: uint64");
  // ~ of an unsigned constant is a uint64, as in bpftrace: masks keep their meaning.
  EXPECT_EQ(typedLine("BEGIN { $a = (uint64)1; $c = $a & ~0xfff; }", "Binary"),
            "Binary & :: uint64");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a + (int32)2; }", "Binary"),
            "Binary + :: int64");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a < 2; }", "Binary"), "Binary < :: bool");
}

// As in the newest bpftrace (PR #5138) a difference is signed: unsigned
// operands are subtracted in a signed type that holds every difference.
TEST(IntegerPromotion, SubtractionOfUnsignedOperandsIsSigned) {
  EXPECT_EQ(subtractionType(u(1)), s(2));
  EXPECT_EQ(subtractionType(u(2)), s(4));
  EXPECT_EQ(subtractionType(u(4)), s(8));
  EXPECT_EQ(subtractionType(u(8)), u(8));
  EXPECT_EQ(subtractionType(s(2)), s(2));
  EXPECT_EQ(typedLine("BEGIN { $y = (uint8)1; $c = $y - 2; }", "Binary"), "Binary - :: int16");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a - (uint32)2; }", "Binary"),
            "Binary - :: int64");
  EXPECT_EQ(typedLine("BEGIN { $c = (uint16)5 - (uint16)3; }", "Binary"), "Binary - :: int64");
  // Two uint64 values have no signed type that holds their difference.
  EXPECT_EQ(typedLine("BEGIN { $c = (uint64)5 - (uint64)3; }", "Binary"), "Binary - :: uint64");
  EXPECT_EQ(typedLine("BEGIN { @s = nsecs; $d = nsecs - @s; }", "Variable $d"),
            "Variable $d :: uint64");
  EXPECT_TRUE(check("BEGIN { $t = nsecs; $t -= 1; $t = nsecs - $t; }").program);
  // Other operators keep the promoted unsigned type.
  EXPECT_EQ(typedLine("BEGIN { $y = (uint8)1; $c = $y + 2; }", "Binary"), "Binary + :: uint8");
  // `$x -= v` subtracts as `$x - v` does.
  auto c = check("BEGIN { let $x: uint16 = 5; $x -= 1; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->ast->probes[0].body[1]->as<ast::Assign>()->compound_type, s(4));
  // No warning for the everyday `nsecs - @start[tid]`.
  EXPECT_EQ(check("BEGIN { @start[tid] = nsecs; @h = hist(nsecs - @start[tid]); }").diagnostics,
            "");
}

TEST(IntegerPromotion, TernaryBranchesMeetInThePromotedType) {
  EXPECT_EQ(
      typedLine("BEGIN { $a = (uint32)1; $b = (uint16)2; $c = $a > 0 ? $a : $b; }", "Ternary"),
      "Ternary :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; $c = $a > 0 ? $a : -1; }", "Ternary"),
            "Ternary :: int64");
  EXPECT_EQ(typedLine("BEGIN { $c = nsecs > 0 ? 1 : 2; }", "Ternary"), "Ternary :: int64");
}

// `$x op= v` is `$x = $x op v` (bpftrace's parser): op works at the promoted
// type, and $x holds its 64-bit result.
TEST(IntegerPromotion, CompoundAssignmentWorksAtThePromotedType) {
  auto c = check("BEGIN { let $x: uint32 = 5; $x += 1; let $z: int8 = 1; $z |= (uint16)1; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const auto &body = c.program->ast->probes[0].body;
  EXPECT_EQ(body[1]->as<ast::Assign>()->compound_type, u(4));
  EXPECT_EQ(body[3]->as<ast::Assign>()->compound_type, s(4));
  // A variable that may widen holds 64 bits by the final pass, so there
  // `$x + 1` works at 64 bits, as in bpftrace.
  EXPECT_EQ(typedLine("BEGIN { $x = (uint32)5; $x += 1; $y = $x; }", "Variable $y"),
            "Variable $y :: uint64");
  EXPECT_EQ(typedLine("BEGIN { $x = (int8)5; $x -= 1; $y = $x; }", "Variable $y"),
            "Variable $y :: int64");
}

TEST(IntegerPromotion, MixedSignsWithoutACommonTypeWarn) {
  auto c = check("BEGIN { $a = (uint64)1; $b = (int64)-1; $c = $a + $b; $d = $a < $b; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.diagnostics,
            "stdin:1:49: WARNING: arithmetic on integers of different signs: 'uint64' and "
            "'int64' can lead to undefined behavior\n"
            "BEGIN { $a = (uint64)1; $b = (int64)-1; $c = $a + $b; $d = $a < $b; }\n"
            "                                                ^\n"
            "stdin:1:63: WARNING: comparison of integers of different signs: 'uint64' and "
            "'int64' can lead to undefined behavior\n"
            "BEGIN { $a = (uint64)1; $b = (int64)-1; $c = $a + $b; $d = $a < $b; }\n"
            "                                                              ^\n");
  auto quiet = check("BEGIN { $a = (uint32)1; $b = (int32)-1; $c = $a + $b; $d = $a < $b; }");
  EXPECT_EQ(quiet.diagnostics, "");
  // A constant is named by its smallest type, as bpftrace does.
  auto literal = check("BEGIN { $a = (uint64)1; $d = $a == -1; }");
  EXPECT_NE(literal.diagnostics.find("WARNING: comparison of integers of different signs: "
                                     "'uint64' and 'int8' can lead to undefined behavior"),
            std::string::npos)
      << literal.diagnostics;
}

} // namespace
} // namespace bpfscope
