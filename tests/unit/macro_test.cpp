// Macros and block expressions: expansion, hygiene and their errors, checked
// through sema the way the CLI runs it (no kernel needed).
#include "check_script.h"
#include "parser/ast_dump.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

// The typed dump of the first probe's body after macro expansion.
std::string expandedBody(const std::string &script) {
  auto c = check(script);
  EXPECT_TRUE(c.program) << c.diagnostics;
  if (!c.program)
    return "";
  std::string dump = dumpAst(*c.program->ast);
  size_t body = dump.find("    Body\n");
  return body == std::string::npos ? dump : dump.substr(body + 9);
}

TEST(Macros, ExpressionMacroBecomesABlockExpression) {
  EXPECT_EQ(expandedBody("macro add_one(x) { x + 1 }\n"
                         "BEGIN { $a = 10; @r = add_one($a); }"),
            "      Assign =\n"
            "        Variable $a\n"
            "        Integer 10\n"
            "      Assign =\n"
            "        Map @r\n"
            "        BlockExpr\n"
            "          Value\n"
            "            Binary +\n"
            "              Variable $a\n"
            "              Integer 1\n");
}

TEST(Macros, BodyVariablesAreRenamedAndParametersBound) {
  EXPECT_EQ(expandedBody("macro bump($v, @m, x) { let $t = x; $v += $t; @m = $v; $t }\n"
                         "BEGIN { $t = 5; $n = 1; @r = bump($n, @total, $t * 2); }"),
            "      Assign =\n"
            "        Variable $t\n"
            "        Integer 5\n"
            "      Assign =\n"
            "        Variable $n\n"
            "        Integer 1\n"
            "      Assign =\n"
            "        Map @r\n"
            "        BlockExpr\n"
            "          Let $$bump_t\n"
            "            Binary *\n"
            "              Variable $t\n"
            "              Integer 2\n"
            "          Assign +=\n"
            "            Variable $n\n"
            "            Variable $$bump_t\n"
            "          Assign =\n"
            "            Map @total\n"
            "            Variable $n\n"
            "          Value\n"
            "            Variable $$bump_t\n");
}

TEST(Macros, StatementCallsBecomeBlocksAndZeroArgumentMacrosAreIdentifiers) {
  EXPECT_EQ(expandedBody("macro one() { 1 }\n"
                         "macro twice(x) { x; x; }\n"
                         "BEGIN { @a = one; twice({ printf(\"hi\\n\") }); }"),
            "      Assign =\n"
            "        Map @a\n"
            "        BlockExpr\n"
            "          Value\n"
            "            Integer 1\n"
            "      Scope\n"
            "        Scope\n"
            "          ExprStmt\n"
            "            Call printf\n"
            "              String \"hi\\n\"\n"
            "        Scope\n"
            "          ExprStmt\n"
            "            Call printf\n"
            "              String \"hi\\n\"\n");
}

TEST(Macros, NestedMacrosKeepTheirVariablesApart) {
  auto c = check("macro inner(x) { let $v = x * 2; $v }\n"
                 "macro outer(x) { let $v = x + 1; inner($v) + $v }\n"
                 "BEGIN { $v = 3; @r = outer($v); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast);
  EXPECT_NE(dump.find("Let $$outer_v"), std::string::npos) << dump;
  EXPECT_NE(dump.find("Let $$inner_2_v"), std::string::npos) << dump;
}

TEST(Macros, WrongArgumentCount) {
  EXPECT_EQ(check("macro add_one(x) { x + 1 }\nBEGIN { @r = add_one(1, 2); }").diagnostics,
            "stdin:2:14: ERROR: macro add_one takes 1 argument, not 2\n"
            "BEGIN { @r = add_one(1, 2); }\n"
            "             ^~~~~~~~~~~~~\n"
            "HINT: it is defined as add_one(x) at stdin:1\n");
  EXPECT_EQ(check("macro add($a, b) { $a + b }\nBEGIN { @r = add; }").diagnostics,
            "stdin:2:14: ERROR: macro add takes 2 arguments, not 0\n"
            "BEGIN { @r = add; }\n"
            "             ^~~\n"
            "HINT: it is defined as add($a, b) at stdin:1\n");
}

TEST(Macros, ArgumentsMustMatchTheParameterKind) {
  EXPECT_EQ(check("macro inc($a) { $a++; }\nBEGIN { @x = 1; inc(@x); }").diagnostics,
            "stdin:2:21: ERROR: macro inc takes a variable for $a, not a map\n"
            "BEGIN { @x = 1; inc(@x); }\n"
            "                    ^~\n"
            "HINT: pass a $variable: inc($a) may assign it\n");
  EXPECT_EQ(check("macro clr(@m) { @m = 0; }\nBEGIN { clr(1 + 1); }").diagnostics,
            "stdin:2:13: ERROR: macro clr takes a map for @m, not an expression\n"
            "BEGIN { clr(1 + 1); }\n"
            "            ^~~~~\n"
            "HINT: pass a map, e.g. @counts: clr(@m) may assign it\n");
}

TEST(Macros, AVariableParameterTheBodyOnlyReadsTakesAnyExpression) {
  EXPECT_EQ(expandedBody("macro twice($x) { $x + $x }\n"
                         "BEGIN { @n = 1; @r = twice(@n + 1); }"),
            "      Assign =\n"
            "        Map @n\n"
            "        Integer 1\n"
            "      Assign =\n"
            "        Map @r\n"
            "        BlockExpr\n"
            "          Value\n"
            "            Binary +\n"
            "              Binary +\n"
            "                Map @n\n"
            "                Integer 1\n"
            "              Binary +\n"
            "                Map @n\n"
            "                Integer 1\n");
  EXPECT_EQ(check("macro inc($a) { $a += 1; $a }\nBEGIN { @r = inc(2); }").diagnostics,
            "stdin:2:18: ERROR: macro inc takes a variable for $a, not an expression\n"
            "BEGIN { @r = inc(2); }\n"
            "                 ^\n"
            "HINT: pass a $variable: inc($a) may assign it\n");
}

TEST(Macros, BodiesMayNotReachOutsideTheirParameters) {
  EXPECT_EQ(check("macro bad() { @x++ }\nBEGIN { bad(); }").diagnostics,
            "stdin:1:15: ERROR: macro bad uses the map @x, which is not one of its parameters\n"
            "macro bad() { @x++ }\n"
            "              ^~\n"
            "HINT: maps are passed in: add @x to the parameters of bad and to each call\n");
  EXPECT_EQ(check("macro peek() { $y + 1 }\nBEGIN { $y = 1; @r = peek(); }").diagnostics,
            "stdin:1:16: ERROR: macro peek reads $y, which it neither assigns nor takes as a "
            "parameter\n"
            "macro peek() { $y + 1 }\n"
            "               ^~\n"
            "HINT: pass the variable in: macro peek(…, $y)\n");
  EXPECT_EQ(check("macro m($a) { let $a = 1; $a }\nBEGIN { $x = 1; @r = m($x); }").diagnostics,
            "stdin:1:19: ERROR: this declaration hides the parameter $a\n"
            "macro m($a) { let $a = 1; $a }\n"
            "                  ^~\n"
            "HINT: give the variable of macro m another name\n");
}

TEST(Macros, RecursionIsAnError) {
  EXPECT_EQ(check("macro a(x) { b(x) }\nmacro b(x) { a(x) + 1 }\nBEGIN { @r = a(1); }").diagnostics,
            "stdin:3:14: ERROR: recursive macro call: a > b > a\n"
            "BEGIN { @r = a(1); }\n"
            "             ^~~~\n"
            "HINT: a macro is expanded where it is called, so it cannot call itself\n");
}

TEST(Macros, RedefinitionAndDuplicateParameters) {
  EXPECT_EQ(check("macro f() { 1 }\nmacro f() { 2 }\nBEGIN { @r = f(); }").diagnostics,
            "stdin:2:7: ERROR: macro f is defined twice\n"
            "macro f() { 2 }\n"
            "      ^\n"
            "HINT: the first definition is at stdin:1\n");
  EXPECT_EQ(check("macro f(x, x) { x }\nBEGIN { @r = f(1, 2); }").diagnostics,
            "stdin:1:12: ERROR: macro f has two parameters named x\n"
            "macro f(x, x) { x }\n"
            "           ^\n");
}

TEST(Macros, ExpansionThatDoublesAtEachLevelStops) {
  std::string script = "macro m0(x) { x + x }\n";
  for (int i = 1; i < 40; ++i)
    script += "macro m" + std::to_string(i) + "(x) { m" + std::to_string(i - 1) + "(x + x) }\n";
  script += "BEGIN { @r = m39(1); }";
  auto c = check(script);
  EXPECT_FALSE(c.program);
  EXPECT_NE(
      c.diagnostics.find("stdin:41:14: ERROR: macros expand to more than 1000000 expressions"),
      std::string::npos)
      << c.diagnostics;
}

TEST(Macros, ValuelessMacroUsedAsAValue) {
  EXPECT_EQ(check("macro set($a) { $a = 1; }\nBEGIN { $x = 0; @r = set($x); }").diagnostics,
            "stdin:2:22: ERROR: macro set has no value: its body ends with a ';'\n"
            "BEGIN { $x = 0; @r = set($x); }\n"
            "                     ^~~~~~~\n"
            "HINT: call it as a statement, or end its body with an expression and no ';'\n");
}

TEST(Macros, UnknownCallsSuggestMacroNames) {
  auto c = check("macro add_one(x) { x + 1 }\nBEGIN { @r = add_onne(1); }");
  EXPECT_NE(c.diagnostics.find("stdin:2:14: ERROR: unknown function 'add_onne'"), std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("HINT: did you mean 'add_one'?"), std::string::npos)
      << c.diagnostics;
}

TEST(BlockExpressions, TypeIsTheValuesAndVariablesStayInside) {
  auto c = check("BEGIN { $a = { let $b = \"str\"; $b }; @s = $a; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@s")->value, Type::string(4));
  EXPECT_NE(check("BEGIN { $a = { let $b = 1; $b }; @x = $b; }")
                .diagnostics.find("ERROR: variable $b is used before it is assigned"),
            std::string::npos);
}

TEST(BlockExpressions, ABlockWithoutValue) {
  EXPECT_EQ(check("BEGIN { $a = { $b = 1; }; }").diagnostics,
            "stdin:1:14: ERROR: this block has no value: its last statement ends with ';'\n"
            "BEGIN { $a = { $b = 1; }; }\n"
            "             ^~~~~~~~~~~\n"
            "HINT: end the block with the expression that gives its value, without a ';' "
            "after it\n");
}

TEST(BlockExpressions, DiscardedValuesWarnUnlessAssignedToUnderscore) {
  EXPECT_EQ(check("BEGIN { { 1 } }").diagnostics,
            "stdin:1:11: WARNING: the value of this expression is not used\n"
            "BEGIN { { 1 } }\n"
            "          ^\n"
            "HINT: assign it to _ to discard it on purpose: _ = …;\n");
  EXPECT_EQ(check("BEGIN { _ = { 1 }; }").diagnostics, "");
}

} // namespace
} // namespace bpfscope
