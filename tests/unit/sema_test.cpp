// Sema on scripts that need no kernel: BEGIN/END and interval probes only
// (tracepoint probes read tracefs, covered by the end-to-end tests).
#include "check_script.h"
#include "parser/parser.h"
#include "sema/sema.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bpfscope {
namespace {

using test::check;
using test::Checked;

TEST(Sema, TypesMapsFromTheirAssignments) {
  auto c =
      check("BEGIN { @c = count(); @s[1, \"a\"] = sum(5); @h = hist(3); @l = lhist(3, 0, 10, 2);"
            " @v = 5; @str = comm; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const CheckedProgram &p = *c.program;
  ASSERT_EQ(p.maps.size(), 6u);
  EXPECT_EQ(p.findMap("@c")->value.kind, TypeKind::Count);
  EXPECT_TRUE(p.findMap("@c")->key_types.empty());
  EXPECT_EQ(p.findMap("@s")->key_types.size(), 2u);
  EXPECT_EQ(p.findMap("@s")->key_types[1], Type::string(2));
  EXPECT_EQ(p.findMap("@h")->value.kind, TypeKind::Hist);
  EXPECT_EQ(p.findMap("@l")->value.lhist_step, 2);
  EXPECT_EQ(p.findMap("@v")->value, Type::integer(1, true)); // 5 is an int8
  EXPECT_EQ(p.findMap("@str")->value, Type::string(16));
}

TEST(Sema, LearnsMapTypesAssignedLaterInTheScript) {
  auto c = check("interval:s:1 { printf(\"%d\\n\", @start); } BEGIN { @start = nsecs; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@start")->value, Type::integer(8, false));
  ASSERT_EQ(c.program->units.size(), 2u);
}

TEST(Sema, RejectsStringPlusInteger) {
  auto c = check("BEGIN { @x = \"a\" + 1; }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:18: ERROR: operator + cannot be applied to string[2] and int64\n"
            "BEGIN { @x = \"a\" + 1; }\n"
            "                 ^\n"
            "HINT: strings can only be compared with == and != against other strings\n");
}

// language.md's "Data Types": no integer type holds both a uint64 and an int64.
TEST(Sema, RejectsAVariableOfUint64AndInt64) {
  auto c = check("BEGIN { $c = (uint64)1; $d = (int64)-1; $c = $d; }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:41: ERROR: type mismatch for $c: assigning int64 to a variable that holds "
            "uint64\n"
            "BEGIN { $c = (uint64)1; $d = (int64)-1; $c = $d; }\n"
            "                                        ^~\n"
            "HINT: no integer type holds every uint64 and int64 value: cast one of them\n");
}

// Literals (and sums with them) stay compatible with a uint64 variable.
TEST(Sema, Uint64VariableTakesLiteralsAndArithmetic) {
  auto c = check("BEGIN { $c = (uint64)1; $c = 5; $c = $c + 1; $d = 2; $d = (uint64)3; }");
  EXPECT_TRUE(c.program) << c.diagnostics;
}

TEST(Sema, TuplesCompareOnlyWithComparableElements) {
  EXPECT_TRUE(check("BEGIN { $x = (1, \"a\") == (2, \"bc\"); }").program);
  auto c = check("BEGIN { $x = (1, \"a\") == (1, 2); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: operator == cannot be applied to (int8,string[2]) and "
                               "(int8,int8)"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_FALSE(check("BEGIN { $x = (a=1, b=2) == (a=1, c=2); }").program);
}

// As in bpftrace: buffers of any sizes compare with == and !=, with nothing else.
TEST(Sema, BuffersCompareWithBuffers) {
  auto c = check(
      R"BT(BEGIN { $a = buf("hi", 2); $b = buf("bye", 3); $x = $a == $b; $y = $a != $a; })BT");
  EXPECT_TRUE(c.program) << c.diagnostics;
  EXPECT_TRUE(check(R"BT(BEGIN { $x = (1, buf("a", 1)) == (2, buf("b", 1)); })BT").program);
  auto mixed = check(R"BT(BEGIN { $x = buf("hi", 2) == "hi"; })BT");
  EXPECT_FALSE(mixed.program);
  EXPECT_NE(mixed.diagnostics.find("ERROR: operator == cannot be applied to buffer[2] and "
                                   "string[3]"),
            std::string::npos)
      << mixed.diagnostics;
  EXPECT_FALSE(check(R"BT(BEGIN { $x = buf("hi", 2) < buf("hi", 2); })BT").program);
}

TEST(Sema, ArrayCastWithoutALengthTakesTheValuesSize) {
  auto c = check("BEGIN { $a = (uint16[])(uint64)1; $b = (int8[])\"abc\"; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  auto odd = check("BEGIN { $a = (uint16[])\"ab\"; }");
  EXPECT_FALSE(odd.program);
  EXPECT_NE(odd.diagnostics.find("ERROR: cannot cast string[3] to uint16[]"), std::string::npos)
      << odd.diagnostics;
}

TEST(Sema, PrintMapsOnExitTakesTrueOrFalse) {
  EXPECT_TRUE(check("config = { print_maps_on_exit = 0 } BEGIN { }").program);
  auto c = check("config = { print_maps_on_exit = maybe } BEGIN { }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: print_maps_on_exit must be true or false, not 'maybe'"),
            std::string::npos)
      << c.diagnostics;
}

TEST(Sema, SuggestsTheNearestBuiltin) {
  auto c = check("BEGIN { @x = commm; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:14: ERROR: unknown builtin 'commm'"), std::string::npos);
  EXPECT_NE(c.diagnostics.find("HINT: did you mean 'comm'?"), std::string::npos);
}

TEST(Sema, RejectsUnknownFunctionsAndProbeTypes) {
  auto c = check("BEGIN { prinft(\"x\"); } tracepont:a:b { }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("unknown probe type 'tracepont'"), std::string::npos);
  EXPECT_NE(c.diagnostics.find("did you mean 'tracepoint'?"), std::string::npos);
}

TEST(Sema, RejectsConflictingMapValueTypes) {
  auto c = check("BEGIN { @x = 1; @x = \"s\"; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("type mismatch for @x"), std::string::npos);
}

TEST(Sema, RejectsMapsReadButNeverAssigned) {
  auto c = check("BEGIN { @count = 1; printf(\"%d\", @cuont); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("@cuont is read but never assigned"), std::string::npos);
  EXPECT_NE(c.diagnostics.find("did you mean '@count'?"), std::string::npos);
}

TEST(Sema, ChecksPrintfArguments) {
  auto c = check("BEGIN { printf(\"%d %s\\n\", 1); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR:"), std::string::npos);
}

TEST(Sema, AggregationsMustBeAssignedToMaps) {
  auto c = check("BEGIN { $x = count(); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("count() can only be assigned to a map"), std::string::npos);
}

TEST(Sema, RejectsBadIntervals) {
  auto c = check("interval:fortnight:1 { }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("unknown interval unit 'fortnight'"), std::string::npos);
}

TEST(Sema, AcceptsTimerShorthands) {
  auto c = check("interval:1s { } i:500ms { } interval:1000000 { } profile:99hz { } p:ms:10 { }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->units[0].target.canonical, "interval:1s");
}

} // namespace
} // namespace bpfscope
