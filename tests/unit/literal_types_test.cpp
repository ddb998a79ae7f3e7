// The types variables and maps take from what is assigned to them, as in the
// newest bpftrace (language.md, "Data Types"): a literal is the smallest type
// that holds it, and a variable or map widens to the smallest type that holds
// every value assigned to it; a uint64 and a signed type have none.
#include "check_script.h"
#include "sema/integer_promotion.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

TEST(LiteralTypes, AVariableHoldsEveryValueAssignedToIt) {
  EXPECT_EQ(typedLine("BEGIN { $a = 1; }", "Variable $a"), "Variable $a :: uint8");
  EXPECT_EQ(typedLine("BEGIN { $a = -1; }", "Variable $a"), "Variable $a :: int8");
  EXPECT_EQ(typedLine("BEGIN { $a = 1; $a = 100000; }", "Variable $a"), "Variable $a :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $a = 1; $a = -1000; }", "Variable $a"), "Variable $a :: int16");
  EXPECT_EQ(typedLine("BEGIN { $a = 200 + 100; }", "Variable $a"), "Variable $a :: uint16");
  EXPECT_EQ(typedLine("BEGIN { $a = (uint32)1; }", "Variable $a"), "Variable $a :: uint32");
  EXPECT_EQ(typedLine("BEGIN { let $a = 5; $b = $a; }", "Variable $b"), "Variable $b :: uint8");
}

// A signed variable keeps its type for a constant that fits it.
TEST(LiteralTypes, ASignedVariableKeepsItsTypeForAConstantThatFits) {
  EXPECT_EQ(typedLine("BEGIN { $a = -1; $a = 100; }", "Variable $a"), "Variable $a :: int8");
  EXPECT_EQ(typedLine("BEGIN { $a = -1; $a = 200; }", "Variable $a"), "Variable $a :: int16");
  EXPECT_EQ(typeHoldingBoth(Type::integer(2, true), {Type::integer(1, false), 127}),
            Type::integer(2, true));
  EXPECT_EQ(typeHoldingBoth(Type::integer(1, true), {Type::integer(1, false), 128}),
            Type::integer(2, true));
  EXPECT_EQ(typeHoldingBoth(Type::integer(1, true), {Type::integer(1, false), std::nullopt}),
            Type::integer(2, true));
  EXPECT_EQ(typeHoldingBoth(Type::integer(8, false), {Type::integer(1, true), -1}), std::nullopt);
  EXPECT_EQ(typeHoldingBoth(Type::integer(8, true), {Type::integer(8, false), std::nullopt}),
            std::nullopt);
}

// An operator's result and a counter hold 64 bits: a loop counting from 0
// does not stop at 255.
TEST(LiteralTypes, ArithmeticAndCountersWidenTo64Bits) {
  EXPECT_EQ(typedLine("BEGIN { $i = 0; $i = $i + 1; }", "Variable $i"), "Variable $i :: uint64");
  EXPECT_EQ(typedLine("BEGIN { $i = 0; $i++; }", "Variable $i"), "Variable $i :: uint64");
  EXPECT_EQ(typedLine("BEGIN { $i = -1; --$i; }", "Variable $i"), "Variable $i :: int64");
  // The operator in the loop works at the width the variable ends with.
  EXPECT_EQ(typedLine("BEGIN { $i = 0; while ($i < 300) { $i = $i + 1; } }", "Binary +"),
            "Binary + :: uint64");
  EXPECT_EQ(typedLine("BEGIN { let $i: uint8 = 0; $i++; }", "Variable $i"), "Variable $i :: uint8");
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
}

} // namespace
} // namespace bpfscope
