// Tuples laid out as the newest bpftrace lays them out: each element with its
// own size and C alignment, and two tuples stored in one variable, map or map
// key, or given by the branches of one conditional, meeting element by
// element (its tests/type_resolver.cpp cases).
#include "check_script.h"
#include "sema/tuple_types.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

const Type kInt8 = Type::integer(1, true);
const Type kInt16 = Type::integer(2, true);
const Type kInt32 = Type::integer(4, true);
const Type kInt64 = Type::integer(8, true);
const Type kUint32 = Type::integer(4, false);
const Type kUint64 = Type::integer(8, false);

Type flexible(Type t) {
  t.sign_flexible = true;
  return t;
}

std::string errorsOf(const std::string &script) {
  test::Checked checked = check(script);
  EXPECT_FALSE(checked.program) << script;
  return checked.diagnostics;
}

TEST(TupleLayout, ElementsKeepTheirSizeWithCAlignment) {
  EXPECT_EQ(Type::tuple({kInt8, kInt16, kInt32}).size, 8u);
  EXPECT_EQ(Type::tuple({kInt32, kInt16, kInt8}).size, 8u);
  EXPECT_EQ(Type::tuple({kInt8, kInt64, kInt8, kInt64}).size, 32u);
  EXPECT_EQ(Type::tuple({kInt8, Type::string(3)}).size, 4u);
  EXPECT_EQ(Type::tuple({kInt8, kInt8}).elementOffsets(), (std::vector<uint32_t>{0, 1}));
}

// bpftrace's runtime cases `tuple struct sizing` and `complex tuple 4` (its
// literal 3 an int8 now, as its type_resolver tests type `(1, "str")`).
TEST(TupleLayout, SizeofOfMixedTuples) {
  EXPECT_EQ(
      typedLine("BEGIN { $t = ((int8)1, (int16)1, (int32)1); $s = sizeof($t); }", "Variable $t"),
      "Variable $t :: (int8,int16,int32)");
  auto c = check(R"(BEGIN { @a = sizeof(((int8)1, (int16)1, (int32)1));
    @b = sizeof(((int32)1, (int16)1, (int8)1));
    @c = sizeof(((int8)1, (int64)1, (int8)1, (int64)1));
    @d = sizeof(((int8)-100, (int8)100, "abcdef", 3, (int32)1, (int64)-10, (int8)10,
                 (int16)-555, "abc")); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::vector<uint64_t> sizes;
  for (const ast::StmtPtr &s : c.program->ast->probes[0].body)
    sizes.push_back(s->as<ast::Assign>()->value->as<ast::Sizeof>()->value);
  EXPECT_EQ(sizes, (std::vector<uint64_t>{8, 8, 32, 32}));
}

TEST(TupleLayout, LiteralsTakeTheirSmallestTypeAndOperatorsSixtyFourBits) {
  EXPECT_EQ(typedLine(R"(BEGIN { $a = (1, "str"); })", "Variable $a"),
            "Variable $a :: (int8,string[4])");
  EXPECT_EQ(typedLine("BEGIN { $a = (-1, 200, 70000, 0x100000000); }", "Variable $a"),
            "Variable $a :: (int8,int16,int32,int64)");
  EXPECT_EQ(typedLine("BEGIN { $x = (uint16)3; $a = ($x, $x * 2, 1 + 2); }", "Variable $a"),
            "Variable $a :: (uint16,uint64,int8)");
  EXPECT_EQ(typedLine("BEGIN { $a = (x = 1, y = (2, \"b\")); }", "Variable $a"),
            "Variable $a :: (x=int8,y=(int8,string[2]))");
}

TEST(TupleTypes, IntegersMeetInTheSmallestTypeHoldingBoth) {
  auto both =
      tupleHoldingBoth(Type::tuple({kUint32, kInt16}), Type::tuple({flexible(kInt8), kInt32}));
  ASSERT_TRUE(both);
  EXPECT_EQ(*both, Type::tuple({kUint32, kInt32}));
  // Without the mark the int8 is signed, and a signed type must hold the uint32.
  EXPECT_EQ(tupleHoldingBoth(Type::tuple({kUint32}), Type::tuple({kInt8})), Type::tuple({kInt64}));
  // Two marked elements stay marked: each still came from constants ≥ 0 only.
  auto marked = tupleHoldingBoth(Type::tuple({flexible(kInt8)}), Type::tuple({flexible(kInt16)}));
  ASSERT_TRUE(marked);
  EXPECT_TRUE(marked->elements[0].sign_flexible);
  EXPECT_FALSE(tupleHoldingBoth(Type::tuple({kUint64}), Type::tuple({kInt8})));
}

TEST(TupleTypes, RecordsMeetByFieldNameInTheFirstOrder) {
  Type known = Type::namedTuple({"x", "y"}, {kUint32, Type::string(4)});
  Type value = Type::namedTuple({"y", "x"}, {Type::string(7), kInt32});
  EXPECT_EQ(tupleHoldingBoth(known, value),
            Type::namedTuple({"x", "y"}, {kInt64, Type::string(7)}));
  EXPECT_FALSE(tupleHoldingBoth(known, Type::namedTuple({"x", "z"}, {kUint32, Type::string(4)})));
  EXPECT_FALSE(tupleHoldingBoth(known, Type::tuple({kUint32, Type::string(4)})));
  EXPECT_FALSE(tupleHoldingBoth(Type::tuple({kInt8}), Type::tuple({Type::string(2)})));
  EXPECT_FALSE(tupleHoldingBoth(Type::tuple({kInt8}), Type::tuple({kInt8, kInt8})));
}

TEST(TupleTypes, AVariableHoldsEveryTupleAssignedToIt) {
  EXPECT_EQ(typedLine(R"(BEGIN { $a = ((uint32)1, "str"); $a = (1, "longer"); })", "Variable $a"),
            "Variable $a :: (uint32,string[7])");
  EXPECT_EQ(typedLine(R"(BEGIN { $a = ((uint32)1, "str"); $a = (1, "longer");
      $a = ((int64)1, "a"); })",
                      "Variable $a"),
            "Variable $a :: (int64,string[7])");
  EXPECT_EQ(typedLine(R"(BEGIN { $a = ((uint32)1, ("str", (int16)2));
      $a = (1, ("longer", (uint16)2)); })",
                      "Variable $a"),
            "Variable $a :: (uint32,(string[7],int32))");
  EXPECT_EQ(
      typedLine(R"(BEGIN { $a = (x = (uint32)1, y = "str"); $a = (y = "longer", x = (int32)1); })",
                "Variable $a"),
      "Variable $a :: (x=int64,y=string[7])");
  // A tuple read before the widest assignment already has the widest type.
  EXPECT_EQ(typedLine("BEGIN { $t = (1, 2); print($t.0); $t = (100000, 2); }", "Field .0"),
            "Field .0 :: int32");
}

// The tuples a variable holds keep their own types.
TEST(TupleTypes, AssignedVariablesKeepTheirTypes) {
  auto c = check(R"(BEGIN { $b = ("str", (int16)2); $a = ((uint32)1, $b);
    $c = ("longer", (uint16)2); $a = (1, $c); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast, AstDumpTypes::Show);
  EXPECT_NE(dump.find("Variable $b :: (string[4],int16)"), std::string::npos) << dump;
  EXPECT_NE(dump.find("Variable $c :: (string[7],uint16)"), std::string::npos) << dump;
  EXPECT_NE(dump.find("Variable $a :: (uint32,(string[7],int32))"), std::string::npos) << dump;
}

TEST(TupleTypes, MapValuesAndKeysHoldEveryTupleGivenThem) {
  auto c = check(R"(BEGIN { @v = ((uint32)1, "str"); @v = (1, "longer"); @v = ((int64)1, "a");
    @k[1, ((uint32)1, "str")] = 1; @k[2, (1, "longer")] = 2;
    @r = (x = (uint32)1, y = (s = "str", n = (int16)2));
    @r = (x = 1, y = (s = "longer", n = (uint16)2)); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@v")->value, Type::tuple({kInt64, Type::string(7)}));
  EXPECT_EQ(c.program->findMap("@k")->key_types[1], Type::tuple({kUint32, Type::string(7)}));
  Type nested = Type::namedTuple({"s", "n"}, {Type::string(7), kInt32});
  EXPECT_EQ(c.program->findMap("@r")->value, Type::namedTuple({"x", "y"}, {kUint32, nested}));
}

TEST(TupleTypes, ConditionalBranchesMeetElementByElement) {
  EXPECT_EQ(typedLine(R"(BEGIN { $t = pid ? (1, "a") : ((int32)-5, "bcd"); })", "Ternary"),
            "Ternary :: (int32,string[4])");
  EXPECT_EQ(typedLine(R"(BEGIN { $t = if pid > 1 { (a = 1, b = (uint16)2) }
      else { (b = (uint8)3, a = -300) }; })",
                      "Ternary"),
            "Ternary :: (a=int16,b=uint16)");
}

TEST(TupleTypes, TuplesThatDoNotMeetAreAnError) {
  EXPECT_EQ(errorsOf("BEGIN { $t = ((uint64)1, 2); $t = ((int64)-1, 2); }"),
            "stdin:1:30: ERROR: type mismatch for $t: assigning (int64,int8) to a variable that "
            "holds (uint64,int8)\n"
            "BEGIN { $t = ((uint64)1, 2); $t = ((int64)-1, 2); }\n"
            "                             ^~\n"
            "HINT: tuples meet element by element: the same number of elements (a record: the same "
            "field names), values of one kind in each place, and integers that one type holds (a "
            "uint64 and a signed integer need a cast)\n");
  EXPECT_NE(errorsOf(R"(BEGIN { @m = (1, "a"); @m = ("a", 1); })")
                .find("ERROR: type mismatch for @m: assigning (string[2],int8) to a map that holds "
                      "(int8,string[2])"),
            std::string::npos);
  EXPECT_NE(
      errorsOf("BEGIN { @m = (a = 1); @m = (b = 1); }")
          .find("ERROR: type mismatch for @m: assigning (b=int8) to a map that holds (a=int8)"),
      std::string::npos);
  EXPECT_NE(errorsOf("BEGIN { @k[1, (1, 2)] = 1; @k[1, (1, 2, 3)] = 1; }")
                .find("ERROR: @k key 2 has type (int8,int8,int8) here but (int8,int8) elsewhere"),
            std::string::npos);
  EXPECT_NE(errorsOf("BEGIN { @m[(a = 1), 2] = 1; delete(@m[(b = 2), *]); }")
                .find("ERROR: @m key 1 has type (b=int8) here but (a=int8) elsewhere"),
            std::string::npos);
  EXPECT_NE(errorsOf("BEGIN { $t = pid ? ((uint64)1, 2) : (-1, 2); }")
                .find("ERROR: the branches of this conditional have different types: "
                      "(uint64,int8) and (int8,int8)"),
            std::string::npos);
}

// `let $t: typeof(…)` keeps its tuple type: a tuple it holds is converted,
// one it cannot hold is an error.
TEST(TupleTypes, ADeclaredTupleTypeStays) {
  EXPECT_EQ(
      typedLine("BEGIN { $w = ((int64)1, (int32)2); let $t: typeof($w) = (1, 2); print($t); }",
                "Variable $t"),
      "Variable $t :: (int64,int32)");
  EXPECT_NE(errorsOf("BEGIN { $w = ((int8)1, 2); let $t: typeof($w) = ((int64)1, 2); }")
                .find("ERROR: type mismatch for $t: assigning (int64,int8) to a variable declared "
                      "(int8,int8)"),
            std::string::npos);
}

} // namespace
} // namespace bpfscope
