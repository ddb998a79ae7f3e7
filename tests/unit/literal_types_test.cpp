// The types variables and maps take from what is assigned to them, as in the
// newest bpftrace (PR #5138): a literal is the smallest signed type that
// holds it, one ≥ 0 counts as unsigned next to an unsigned type, and a
// variable or map widens to the smallest type that holds every value
// assigned to it; a uint64 and a signed type have none.
#include "check_script.h"
#include "sema/integer_promotion.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

TEST(LiteralTypes, AVariableHoldsEveryValueAssignedToIt) {
  EXPECT_EQ(typedLine("BEGIN { $a = 1; }", "Variable $a"), "Variable $a :: int8");
  EXPECT_EQ(typedLine("BEGIN { $a = -1; }", "Variable $a"), "Variable $a :: int8");
  EXPECT_EQ(typedLine("BEGIN { $a = 200; }", "Variable $a"), "Variable $a :: int16");
  EXPECT_EQ(typedLine("BEGIN { $a = 1; $a = 100000; }", "Variable $a"), "Variable $a :: int32");
  EXPECT_EQ(typedLine("BEGIN { $a = 1; $a = -1000; }", "Variable $a"), "Variable $a :: int16");
  EXPECT_EQ(typedLine("BEGIN { $a = 200 + 100; }", "Variable $a"), "Variable $a :: int16");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; }", "Variable $a"), "Variable $a :: uint32");
  EXPECT_EQ(typedLine("BEGIN { let $a = 5; $b = $a; }", "Variable $b"), "Variable $b :: int8");
  EXPECT_EQ(typedLine("BEGIN { $a = 0xffffffffffffffff; }", "Variable $a"),
            "Variable $a :: uint64");
}

// A constant ≥ 0 counts as unsigned next to an unsigned type: assigned to
// an unsigned variable or map, or as an operand.
TEST(LiteralTypes, APositiveConstantIsSignFlexible) {
  EXPECT_EQ(typedLine("BEGIN { $x = (uint32)5; $x = 1; }", "Variable $x"), "Variable $x :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $x = 0; $x = nsecs; }", "Variable $x"), "Variable $x :: uint64");
  EXPECT_EQ(typedLine("BEGIN { $x = 0; $x = 7; $x = (uint16)3; }", "Variable $x"),
            "Variable $x :: uint16");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)7; $b = $a + 1; }", "Binary +"), "Binary + :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $a = -1; $a = 100; }", "Variable $a"), "Variable $a :: int8");
  EXPECT_EQ(typedLine("BEGIN { $a = -1; $a = 200; }", "Variable $a"), "Variable $a :: int16");
  // No warning: the constant and a variable holding only constants ≥ 0
  // count as unsigned next to nsecs.
  for (const char *script : {"BEGIN { @m = nsecs; @m = 0; }", "BEGIN { @m = 0; @m = nsecs; }",
                             "BEGIN { $s = 0; $d = nsecs - $s; }", "BEGIN { $d = nsecs - 1; }",
                             "BEGIN { @s = 1; $d = nsecs - @s; }"}) {
    auto r = check(script);
    EXPECT_TRUE(r.program) << script;
    EXPECT_EQ(r.diagnostics, "") << script;
  }
  EXPECT_EQ(typedLine("BEGIN { @m = 0; @m = nsecs; }", "Map @m"), "Map @m :: uint64");
  EXPECT_EQ(typedLine("BEGIN { @m = nsecs; @m = 0; }", "Map @m"), "Map @m :: uint64");
}

// A map stores its integers at the type bpftrace gives them, not widened to
// 64 bits; counting it with ++ or an operator makes it 64 bits wide.
TEST(LiteralTypes, AMapStoresItsIntegersAtTheirType) {
  auto value = [](const std::string &script) {
    auto r = check(script);
    return r.program ? r.program->findMap("@m")->value.name() : r.diagnostics;
  };
  EXPECT_EQ(value("BEGIN { @m = 1; }"), "int8");
  EXPECT_EQ(value("BEGIN { @m = 1; } END { @m = 100000; }"), "int32");
  EXPECT_EQ(value("BEGIN { @m[1] = (uint8)1; @m[2] = 7; }"), "uint8");
  EXPECT_EQ(value("BEGIN { @m = pid; }"), "uint32");
  EXPECT_EQ(value("BEGIN { @m = 0; @m = nsecs; }"), "uint64");
  EXPECT_EQ(value("BEGIN { @m = 1; @m++; }"), "int64");
  EXPECT_EQ(value("BEGIN { @m = (uint16)1; @m += 1; }"), "int64");
  EXPECT_EQ(typedLine("BEGIN { @m = 1; @m++; @n = @m; }", "Map @m"), "Map @m :: int64");
}

TEST(LiteralTypes, IntegerOperandMeetsAnotherAsPromotionDoes) {
  IntegerOperand one{Type::integer(8, true), 1};
  IntegerOperand minus_one{Type::integer(8, true), -1};
  EXPECT_EQ(one.promotionType(), Type::integer(1, true));
  EXPECT_EQ(IntegerOperand({Type::integer(8, true), 128}).promotionType(), Type::integer(2, true));
  EXPECT_EQ(IntegerOperand({Type::integer(8, true), 200}).unsignedType(), Type::integer(1, false));
  EXPECT_TRUE(one.signFlexible());
  EXPECT_FALSE(minus_one.signFlexible());
  EXPECT_EQ(typeHoldingBoth({Type::integer(4, false), std::nullopt}, one), Type::integer(4, false));
  EXPECT_EQ(typeHoldingBoth({Type::integer(2, true), std::nullopt}, {Type::integer(8, true), 127}),
            Type::integer(2, true));
  EXPECT_EQ(typeHoldingBoth({Type::integer(1, true), std::nullopt}, {Type::integer(8, true), 128}),
            Type::integer(2, true));
  EXPECT_EQ(typeHoldingBoth({Type::integer(8, false), std::nullopt}, minus_one), std::nullopt);
  // A variable that held only constants ≥ 0 meets an unsigned value.
  EXPECT_EQ(typeHoldingBoth({Type::integer(1, true), std::nullopt, true},
                            {Type::integer(8, false), std::nullopt}),
            Type::integer(8, false));
  EXPECT_EQ(typeHoldingBoth({Type::integer(1, true), std::nullopt, false},
                            {Type::integer(8, false), std::nullopt}),
            std::nullopt);
}

// Subtraction and counting down give signed values; an operator's result
// and a counter hold 64 bits, so a loop counting from 0 passes 255.
TEST(LiteralTypes, ArithmeticAndCountersWidenTo64Bits) {
  EXPECT_EQ(typedLine("BEGIN { $i = 0; $i = $i - 1; }", "Variable $i"), "Variable $i :: int64");
  EXPECT_EQ(typedLine("BEGIN { $i = 0; $i++; }", "Variable $i"), "Variable $i :: int64");
  EXPECT_EQ(typedLine("BEGIN { $i = 0; $i--; }", "Variable $i"), "Variable $i :: int64");
  EXPECT_EQ(typedLine("BEGIN { $i = -1; --$i; }", "Variable $i"), "Variable $i :: int64");
  // The operator in the loop works at the width the variable ends with.
  EXPECT_EQ(typedLine("BEGIN { $i = 0; while ($i < 300) { $i = $i + 1; } }", "Binary +"),
            "Binary + :: int64");
  EXPECT_EQ(typedLine("BEGIN { let $i: uint8 = 0; $i++; }", "Variable $i"), "Variable $i :: uint8");
  EXPECT_EQ(typedLine("BEGIN { @c = 0; --@c; }", "Map @c"), "Map @c :: int64");
  EXPECT_EQ(typedLine("BEGIN { @v = 5; @v -= 10; }", "Map @v"), "Map @v :: int64");
  auto up_and_down = check("BEGIN { @d = 0; ++@d; --@d; }");
  EXPECT_TRUE(up_and_down.program);
  EXPECT_EQ(up_and_down.diagnostics, "");
}

TEST(LiteralTypes, AUint64AndASignedValueCannotShareAVariable) {
  auto casts = check("BEGIN { $c = (uint64)1; $c = (int64)-1; }");
  EXPECT_FALSE(casts.program);
  EXPECT_EQ(casts.diagnostics,
            "stdin:1:25: ERROR: type mismatch for $c: assigning int64 to a variable that holds "
            "uint64\n"
            "BEGIN { $c = (uint64)1; $c = (int64)-1; }\n"
            "                        ^~\n"
            "HINT: no integer type holds every uint64 and int64 value: cast one of them\n");
  auto literal = check("BEGIN { $x = nsecs; $x = -1; }");
  EXPECT_FALSE(literal.program);
  EXPECT_NE(literal.diagnostics.find("ERROR: type mismatch for $x: assigning int8 to a variable "
                                     "that holds uint64"),
            std::string::npos)
      << literal.diagnostics;
  EXPECT_TRUE(check("BEGIN { $x = nsecs; $x = 1; }").program);
}

TEST(LiteralTypes, AMapHoldsEveryValueAssignedToIt) {
  auto mixed = check("BEGIN { @m = (uint64)1; } END { @m = -1; }");
  EXPECT_FALSE(mixed.program);
  EXPECT_NE(mixed.diagnostics.find("ERROR: type mismatch for @m: assigning int8 to a map that "
                                   "holds uint64"),
            std::string::npos)
      << mixed.diagnostics;
  EXPECT_TRUE(check("BEGIN { @m = 1; } END { @m = 100000; @m++; @m += 5; }").program);
  EXPECT_TRUE(check("BEGIN { @m = -1; } END { @m = 100; }").program);
  EXPECT_TRUE(check("BEGIN { @m = 0; } END { @m = nsecs; }").program);
  auto counted_down = check("BEGIN { @m = 0; --@m; } END { @m = nsecs; }");
  EXPECT_FALSE(counted_down.program);
}

} // namespace
} // namespace bpfscope
