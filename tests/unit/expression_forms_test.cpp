// Expression forms of the newest bpftrace: `if` as a value, conditionals whose
// branches differ in size, string and bool casts, division by zero and `&` of
// a variable or map; parsed and type-checked, errors included.
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

std::string errorsOf(const std::string &script) {
  test::Checked checked = check(script);
  EXPECT_FALSE(checked.program) << script;
  return checked.diagnostics;
}

TEST(IfExpression, IsATernaryOfTwoBlocks) {
  test::Checked c = check("BEGIN { $y = if (nsecs > 0) { let $a = 2; $a + 1 } else { 0 }; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast);
  EXPECT_NE(dump.find("Ternary\n"), std::string::npos) << dump;
  // Literal branches meet as those of ?: do (IntegerPromotion tests).
  EXPECT_EQ(typedLine("BEGIN { $y = if nsecs > 0 { 1 } else { -1000 }; }", "Ternary"),
            "Ternary :: int64");
  EXPECT_EQ(typedLine("BEGIN { $y = if nsecs > 0 { (uint16)1 } else { (uint32)2 }; }", "Ternary"),
            "Ternary :: uint32");
}

TEST(IfExpression, ElseIfChainsNestAndStringsTakeTheLargerSize) {
  EXPECT_EQ(typedLine(R"BT(BEGIN { print(if (pid > 5) { "big" } else if (pid > 1) { "medium" }
    else { "s" }); })BT",
                      "Ternary"),
            "Ternary :: string[7]");
}

TEST(IfExpression, NeedsAnElseWhereAValueIsWanted) {
  EXPECT_EQ(errorsOf("BEGIN { $y = if (pid) { 1 }; }"),
            "stdin:1:14: ERROR: syntax error: an if used as a value needs an else\n"
            "BEGIN { $y = if (pid) { 1 }; }\n"
            "             ^~~~~~~~~~~~~~\n"
            "HINT: give both branches a value: if ($c) { 1 } else { 2 }\n");
}

TEST(IfExpression, EachBranchNeedsAValue) {
  EXPECT_EQ(errorsOf("BEGIN { print(if (pid) { 1 } else { 2; }); }"),
            "stdin:1:35: ERROR: syntax error: this branch of an if used as a value has no value\n"
            "BEGIN { print(if (pid) { 1 } else { 2; }); }\n"
            "                                  ^~~~~~\n"
            "HINT: end the block with an expression and no ';' after it, e.g. { $x + 1 }\n");
}

// As in bpftrace, an if/else with values that ends a branch (no ';' after it)
// is that branch's value.
TEST(IfExpression, ANestedIfEndingABranchIsItsValue) {
  test::Checked c =
      check("BEGIN { $x = if (pid > 1) { if (tid > 1) { 1 } else { 2 } } else { 3 }; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast);
  size_t first = dump.find("Ternary\n");
  ASSERT_NE(first, std::string::npos) << dump;
  EXPECT_NE(dump.find("Ternary\n", first + 1), std::string::npos) << dump;
  EXPECT_EQ(dump.find("If\n"), std::string::npos) << dump;
  EXPECT_EQ(typedLine("BEGIN { $x = if (pid > 1) { $a = 1; if (tid > 1) { \"ab\" } else if (tid > "
                      "2) { \"abcd\" } else { \"a\" } } else { \"abc\" }; }",
                      "Ternary"),
            "Ternary :: string[5]");
}

TEST(IfExpression, ANestedIfFollowedByASemicolonIsAStatement) {
  std::string errors =
      errorsOf("BEGIN { $x = if (pid) { if (tid) { 1 } else { 2 }; } else { 3 }; }");
  EXPECT_EQ(errors.substr(0, errors.find("HINT")),
            "stdin:1:23: ERROR: syntax error: this branch of an if used as a value has no value\n"
            "BEGIN { $x = if (pid) { if (tid) { 1 } else { 2 }; } else { 3 }; }\n"
            "                      ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

// An if that is no value (here: it has no else) stays a statement, and so
// does an if with values inside it: its branches need not meet in one type.
TEST(IfExpression, AnIfWithoutElseInAValueBlockStaysAStatement) {
  test::Checked c = check(
      R"BT(BEGIN { $x = { if (pid > 1) { if (tid > 1) { 1 } else { "a" } } 5 }; print($x); })BT");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast);
  EXPECT_EQ(dump.find("Ternary"), std::string::npos) << dump;
}

// A macro whose body ends with an if/else is its value where one is wanted
// and an if statement where it is called as a statement.
TEST(IfExpression, AMacroEndingWithAnIfIsAStatementWhenCalledAsOne) {
  test::Checked c = check(R"BT(macro m() { if (pid) { print(1) } else { print("a") } }
    macro v() { if (pid) { 1 } else { 2 } } BEGIN { m(); print(v()); })BT");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast);
  EXPECT_NE(dump.find("If\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("Ternary"), std::string::npos) << dump;
}

TEST(IfExpression, BranchesOfDifferentKindsAreAnError) {
  EXPECT_EQ(errorsOf(R"BT(BEGIN { $y = if (pid) { 1 } else { "a" }; })BT"),
            "stdin:1:14: ERROR: the branches of this conditional have different types: int64 and "
            "string[2]\n"
            "BEGIN { $y = if (pid) { 1 } else { \"a\" }; }\n"
            "             ^~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "HINT: both branches must give a value of one type (strings, buffers and tuples may "
            "differ in size); cast one of them\n");
}

TEST(IfExpression, AtTheStartOfAStatementItIsTheStatement) {
  test::Checked c = check("BEGIN { if (pid) { print(1) } $x = 1; print($x); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(dumpAst(*c.program->ast).find("Ternary"), std::string::npos);
}

TEST(ConditionalSizes, BuffersTakeTheLargerSize) {
  EXPECT_EQ(
      typedLine(R"BT(BEGIN { $b = pid ? buf("abcdef", 2) : buf("abcdef", 4); })BT", "Ternary"),
      "Ternary :: buffer[4]");
}

TEST(ConditionalSizes, TuplesTakeTheLargerOfEachElement) {
  EXPECT_EQ(typedLine(R"BT(BEGIN { $t = pid ? ("long", "a") : ("b", "longer"); })BT", "Ternary"),
            "Ternary :: (string[5],string[7])");
  EXPECT_EQ(
      typedLine(R"BT(BEGIN { $t = pid ? (x = "a", y = 1) : (x = "bcd", y = 2); })BT", "Ternary"),
      "Ternary :: (x=string[4],y=int8)");
}

TEST(ConditionalSizes, TuplesOfDifferentShapesAreAnError) {
  EXPECT_NE(errorsOf(R"BT(BEGIN { $t = pid ? ("a", 1) : ("b", 2, 3); })BT")
                .find("ERROR: the branches of this conditional have different types: "
                      "(string[2],int8) and (string[2],int8,int8)"),
            std::string::npos);
}

TEST(Casts, StringToALargerString) {
  EXPECT_EQ(typedLine(R"BT(BEGIN { $s = (string[8])"abc"; })BT", "Cast"),
            "Cast string[8] :: string[8]");
}

TEST(Casts, StringCastMayNotCutTheString) {
  EXPECT_EQ(errorsOf(R"BT(BEGIN { $s = (string[2])"abc"; })BT"),
            "stdin:1:14: ERROR: cannot cast string[4] to string[2]\n"
            "BEGIN { $s = (string[2])\"abc\"; }\n"
            "             ^~~~~~~~~~~~~~~~\n"
            "HINT: the cast would cut the string: give it at least 4 bytes, its NUL included\n");
}

TEST(Casts, StringCastTakesOnlyStrings) {
  EXPECT_EQ(errorsOf("BEGIN { $s = (string[8])pid; }"),
            "stdin:1:14: ERROR: cannot cast uint32 to string[8]\n"
            "BEGIN { $s = (string[8])pid; }\n"
            "             ^~~~~~~~~~~~~~\n"
            "HINT: a string cast resizes a string; str() reads one from an address\n");
}

TEST(Casts, BoolOfStringsPointersAndAggregations) {
  EXPECT_EQ(typedLine(R"BT(BEGIN { $b = (bool)"hello"; })BT", "Cast"), "Cast bool :: bool");
  test::Checked c =
      check("BEGIN { @c = count(); $p = (int64 *)0; print(((bool)@c, (bool)$p, (int64)true)); }");
  EXPECT_TRUE(c.program) << c.diagnostics;
}

TEST(Casts, BoolArraysAndIntegers) {
  EXPECT_EQ(typedLine("BEGIN { $a = (bool[2])(uint16)256; }", "Cast"), "Cast bool[2] :: bool[2]");
  EXPECT_EQ(typedLine("BEGIN { $a = (bool[2])(uint16)256; $i = (uint16)$a; }", "Cast uint16 ::"),
            "Cast uint16 :: uint16");
}

TEST(DivisionByZero, AValueDividedByZeroCompiles) {
  test::Checked c = check("BEGIN { $z = 0; @d = 7 / $z; @m = pid % 0; }");
  EXPECT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.diagnostics, "");
}

TEST(DivisionByZero, AConstantDividedByZeroIsAnError) {
  EXPECT_EQ(errorsOf("BEGIN { @d = 7 / 0; }"), "stdin:1:18: ERROR: division by zero\n"
                                               "BEGIN { @d = 7 / 0; }\n"
                                               "                 ^\n"
                                               "HINT: a constant divided by zero has no value\n");
}

TEST(AddressOf, OfAVariableOrMapIsRefusedWithTheReason) {
  const std::string hint = "HINT: bpftrace's &$x and &@m (unstable) pass storage to imported C "
                           "functions, which bpfscope does not compile; use the value itself\n";
  EXPECT_EQ(errorsOf("BEGIN { $x = 1; $p = &$x; }"),
            "stdin:1:22: ERROR: bpfscope does not take the address of a $variable or @map\n"
            "BEGIN { $x = 1; $p = &$x; }\n"
            "                     ^~~\n" +
                hint);
  EXPECT_NE(errorsOf("BEGIN { @m = 1; $p = &@m; }").find(hint), std::string::npos);
}

} // namespace
} // namespace bpfscope
