#include "parser/ast_dump.h"
#include "parser/parser.h"

#include <gtest/gtest.h>

#include <sstream>

namespace bpfscope {
namespace {

struct Parsed {
  std::unique_ptr<SourceFile> source;
  std::unique_ptr<Diagnostics> diags;
  std::unique_ptr<ast::Program> program;

  std::string errors() const {
    std::ostringstream out;
    diags->render(out);
    return out.str();
  }
};

Parsed parseText(const std::string &text) {
  Parsed parsed;
  parsed.source = std::make_unique<SourceFile>("test.bt", text);
  parsed.diags = std::make_unique<Diagnostics>(*parsed.source);
  parsed.program = parse(*parsed.source, *parsed.diags);
  return parsed;
}

// The dump of a script that must parse without errors.
std::string dump(const std::string &text) {
  Parsed parsed = parseText(text);
  EXPECT_EQ(parsed.errors(), "") << text;
  return dumpAst(*parsed.program);
}

// The dump of the body of `BEGIN { <stmts> }`, indented as in the full dump.
std::string dumpBody(const std::string &stmts) {
  std::string full = dump("BEGIN { " + stmts + " }");
  const std::string header = "Program\n  Probe\n    AttachPoint BEGIN\n    Body\n";
  EXPECT_EQ(full.substr(0, header.size()), header);
  return full.substr(std::min(header.size(), full.size()));
}

// The dump of one expression, as the value of `$e = <expr>`.
std::string dumpExpr(const std::string &expr) {
  std::string body = dumpBody("$e = " + expr + ";");
  const std::string header = "      Assign =\n        Variable $e\n";
  EXPECT_EQ(body.substr(0, header.size()), header);
  // Re-indent so that the expression starts at column 0.
  std::string out;
  std::istringstream lines(body.substr(std::min(header.size(), body.size())));
  for (std::string line; std::getline(lines, line);)
    out += line.substr(std::min<size_t>(8, line.size())) + "\n";
  return out;
}

std::string errors(const std::string &text) {
  return parseText(text).errors();
}

// ------------------------------------------------------------------ programs

TEST(Parser, MinimalProgram) {
  EXPECT_EQ(dump("BEGIN { printf(\"hello\\n\"); exit(); }"), "Program\n"
                                                             "  Probe\n"
                                                             "    AttachPoint BEGIN\n"
                                                             "    Body\n"
                                                             "      ExprStmt\n"
                                                             "        Call printf\n"
                                                             "          String \"hello\\n\"\n"
                                                             "      ExprStmt\n"
                                                             "        Call exit\n");
}

TEST(Parser, ShebangCommentsAndEmptyBodies) {
  EXPECT_EQ(dump("#!/usr/bin/env bpftrace\n// a comment\nBEGIN {} /* end */ END{}"),
            "Program\n"
            "  Probe\n"
            "    AttachPoint BEGIN\n"
            "    Body\n"
            "  Probe\n"
            "    AttachPoint END\n"
            "    Body\n");
}

// language.md's "[name=]probe[,probe]": the name is reserved and dropped.
TEST(Parser, ActionBlockNameIsDropped) {
  EXPECT_EQ(dump("start=BEGIN,END {}"), "Program\n"
                                        "  Probe\n"
                                        "    AttachPoint BEGIN\n"
                                        "    AttachPoint END\n"
                                        "    Body\n");
}

// (uint8[])x: an array cast whose length sema takes from x.
TEST(Parser, ArrayCastWithoutALength) {
  EXPECT_EQ(dumpBody("$a = (uint8[])1;"), "      Assign =\n"
                                          "        Variable $a\n"
                                          "        Cast uint8[]\n"
                                          "          Integer 1\n");
}

TEST(Parser, MultipleAttachPointsAcrossLines) {
  EXPECT_EQ(dump("kprobe:do_sys_open+10,\n  t:syscalls:sys_enter_* ,\n"
                 "  usdt:/usr/lib/x.so:prov:name\n{ @[probe] = count(); }"),
            "Program\n"
            "  Probe\n"
            "    AttachPoint kprobe:do_sys_open+10\n"
            "    AttachPoint t:syscalls:sys_enter_*\n"
            "    AttachPoint usdt:/usr/lib/x.so:prov:name\n"
            "    Body\n"
            "      Assign =\n"
            "        Map @\n"
            "          Builtin probe\n"
            "        Call count\n");
}

TEST(Parser, PredicatesAfterPathsAndWithoutSpaces) {
  EXPECT_EQ(dump("uprobe:/bin/bash:readline /pid == 1/ { }"),
            "Program\n"
            "  Probe\n"
            "    AttachPoint uprobe:/bin/bash:readline\n"
            "    Predicate\n"
            "      Binary ==\n"
            "        Builtin pid\n"
            "        Integer 1\n"
            "    Body\n");
  EXPECT_EQ(dump("BEGIN/$1 / 2/{}"), "Program\n"
                                     "  Probe\n"
                                     "    AttachPoint BEGIN\n"
                                     "    Predicate\n"
                                     "      Binary /\n"
                                     "        Builtin $1\n"
                                     "        Integer 2\n"
                                     "    Body\n");
}

TEST(Parser, QuotedAttachPointIsKeptRaw) {
  Parsed parsed = parseText(R"(uprobe:/bin/x:cpp:"ns::f" { })");
  EXPECT_EQ(parsed.errors(), "");
  ASSERT_EQ(parsed.program->probes.size(), 1u);
  EXPECT_EQ(parsed.program->probes[0].attach_points[0].text, R"(uprobe:/bin/x:cpp:"ns::f")");
}

// ---------------------------------------------------------------- statements

TEST(Parser, AssignmentsToVariablesAndMaps) {
  EXPECT_EQ(dumpBody("$x = 1; @m = $x; @k[pid, comm] = 2"), "      Assign =\n"
                                                            "        Variable $x\n"
                                                            "        Integer 1\n"
                                                            "      Assign =\n"
                                                            "        Map @m\n"
                                                            "        Variable $x\n"
                                                            "      Assign =\n"
                                                            "        Map @k\n"
                                                            "          Builtin pid\n"
                                                            "          Builtin comm\n"
                                                            "        Integer 2\n");
}

TEST(Parser, CompoundAssignments) {
  const std::pair<const char *, ast::BinaryOp> cases[] = {
      {"+=", ast::BinaryOp::Add},   {"-=", ast::BinaryOp::Sub},    {"*=", ast::BinaryOp::Mul},
      {"/=", ast::BinaryOp::Div},   {"%=", ast::BinaryOp::Mod},    {"&=", ast::BinaryOp::BitAnd},
      {"|=", ast::BinaryOp::BitOr}, {"^=", ast::BinaryOp::BitXor}, {"<<=", ast::BinaryOp::Shl},
      {">>=", ast::BinaryOp::Shr},
  };
  for (const auto &[spelling, op] : cases) {
    Parsed parsed = parseText(std::string("BEGIN { @x[1] ") + spelling + " 2 }");
    ASSERT_EQ(parsed.errors(), "") << spelling;
    const auto *assign = parsed.program->probes[0].body[0]->as<ast::Assign>();
    ASSERT_NE(assign, nullptr) << spelling;
    EXPECT_TRUE(assign->is_compound);
    EXPECT_EQ(assign->compound, op) << spelling;
  }
  EXPECT_EQ(dumpBody("$x <<= 3;"), "      Assign <<=\n"
                                   "        Variable $x\n"
                                   "        Integer 3\n");
}

TEST(Parser, IncrementStatements) {
  EXPECT_EQ(dumpBody("$x++; @x--; ++@y[1]; --$z"), "      ExprStmt\n"
                                                   "        Unary post++\n"
                                                   "          Variable $x\n"
                                                   "      ExprStmt\n"
                                                   "        Unary post--\n"
                                                   "          Map @x\n"
                                                   "      ExprStmt\n"
                                                   "        Unary pre++\n"
                                                   "          Map @y\n"
                                                   "            Integer 1\n"
                                                   "      ExprStmt\n"
                                                   "        Unary pre--\n"
                                                   "          Variable $z\n");
}

TEST(Parser, ElseIfChainsNest) {
  EXPECT_EQ(dumpBody("if ($x > 1) { @a = 1; } else if ($x) { @b = 2 } else { exit() } @c = 3"),
            "      If\n"
            "        Binary >\n"
            "          Variable $x\n"
            "          Integer 1\n"
            "        Then\n"
            "          Assign =\n"
            "            Map @a\n"
            "            Integer 1\n"
            "        Else\n"
            "          If\n"
            "            Variable $x\n"
            "            Then\n"
            "              Assign =\n"
            "                Map @b\n"
            "                Integer 2\n"
            "            Else\n"
            "              ExprStmt\n"
            "                Call exit\n"
            "      Assign =\n"
            "        Map @c\n"
            "        Integer 3\n");
}

TEST(Parser, CallsWithMapArguments) {
  EXPECT_EQ(dumpBody("delete(@m[tid]); print(@h, 10); printf(\"%s %d\\n\", str(arg0), retval);"),
            "      ExprStmt\n"
            "        Call delete\n"
            "          Map @m\n"
            "            Builtin tid\n"
            "      ExprStmt\n"
            "        Call print\n"
            "          Map @h\n"
            "          Integer 10\n"
            "      ExprStmt\n"
            "        Call printf\n"
            "          String \"%s %d\\n\"\n"
            "          Call str\n"
            "            Builtin arg0\n"
            "          Builtin retval\n");
}

// --------------------------------------------------------------- expressions

TEST(Parser, PrecedenceOfArithmeticComparisonAndLogic) {
  EXPECT_EQ(dumpExpr("1 + 2 * 3 == 7 && !x"), "Binary &&\n"
                                              "  Binary ==\n"
                                              "    Binary +\n"
                                              "      Integer 1\n"
                                              "      Binary *\n"
                                              "        Integer 2\n"
                                              "        Integer 3\n"
                                              "    Integer 7\n"
                                              "  Unary !\n"
                                              "    Builtin x\n");
}

TEST(Parser, EveryPrecedenceLevel) {
  // Each operator binds tighter than the one before it, so the tree leans right.
  EXPECT_EQ(dumpExpr("a || b && c | d ^ e & f == g < h << i + j * k"),
            "Binary ||\n"
            "  Builtin a\n"
            "  Binary &&\n"
            "    Builtin b\n"
            "    Binary |\n"
            "      Builtin c\n"
            "      Binary ^\n"
            "        Builtin d\n"
            "        Binary &\n"
            "          Builtin e\n"
            "          Binary ==\n"
            "            Builtin f\n"
            "            Binary <\n"
            "              Builtin g\n"
            "              Binary <<\n"
            "                Builtin h\n"
            "                Binary +\n"
            "                  Builtin i\n"
            "                  Binary *\n"
            "                    Builtin j\n"
            "                    Builtin k\n");
  // ... and in reverse order it leans left.
  EXPECT_EQ(dumpExpr("a * b + c >> d >= e != f & g ^ h | i && j || k"),
            "Binary ||\n"
            "  Binary &&\n"
            "    Binary |\n"
            "      Binary ^\n"
            "        Binary &\n"
            "          Binary !=\n"
            "            Binary >=\n"
            "              Binary >>\n"
            "                Binary +\n"
            "                  Binary *\n"
            "                    Builtin a\n"
            "                    Builtin b\n"
            "                  Builtin c\n"
            "                Builtin d\n"
            "              Builtin e\n"
            "            Builtin f\n"
            "          Builtin g\n"
            "        Builtin h\n"
            "      Builtin i\n"
            "    Builtin j\n"
            "  Builtin k\n");
}

TEST(Parser, BinaryOperatorsAreLeftAssociative) {
  EXPECT_EQ(dumpExpr("10 - 2 - 3 % 4 / 5"), "Binary -\n"
                                            "  Binary -\n"
                                            "    Integer 10\n"
                                            "    Integer 2\n"
                                            "  Binary /\n"
                                            "    Binary %\n"
                                            "      Integer 3\n"
                                            "      Integer 4\n"
                                            "    Integer 5\n");
}

TEST(Parser, ParenthesesOverridePrecedence) {
  EXPECT_EQ(dumpExpr("(1 + 2) * 3"), "Binary *\n"
                                     "  Binary +\n"
                                     "    Integer 1\n"
                                     "    Integer 2\n"
                                     "  Integer 3\n");
}

TEST(Parser, TernaryIsRightAssociativeAndLowest) {
  EXPECT_EQ(dumpExpr("a || b ? 1 : c ? 2 + 1 : 3"), "Ternary\n"
                                                    "  Binary ||\n"
                                                    "    Builtin a\n"
                                                    "    Builtin b\n"
                                                    "  Integer 1\n"
                                                    "  Ternary\n"
                                                    "    Builtin c\n"
                                                    "    Binary +\n"
                                                    "      Integer 2\n"
                                                    "      Integer 1\n"
                                                    "    Integer 3\n");
  EXPECT_EQ(dumpExpr("a ? b ? 1 : 2 : 3"), "Ternary\n"
                                           "  Builtin a\n"
                                           "  Ternary\n"
                                           "    Builtin b\n"
                                           "    Integer 1\n"
                                           "    Integer 2\n"
                                           "  Integer 3\n");
}

TEST(Parser, UnaryAndPostfixOperators) {
  EXPECT_EQ(dumpExpr("-~!$x + -$y++ * !args->count"), "Binary +\n"
                                                      "  Unary -\n"
                                                      "    Unary ~\n"
                                                      "      Unary !\n"
                                                      "        Variable $x\n"
                                                      "  Binary *\n"
                                                      "    Unary -\n"
                                                      "      Unary post++\n"
                                                      "        Variable $y\n"
                                                      "    Unary !\n"
                                                      "      Field ->count\n"
                                                      "        Builtin args\n");
}

TEST(Parser, FieldAccess) {
  EXPECT_EQ(dumpExpr("str(args.filename) == args->a.b"), "Binary ==\n"
                                                         "  Call str\n"
                                                         "    Field .filename\n"
                                                         "      Builtin args\n"
                                                         "  Field .b\n"
                                                         "    Field ->a\n"
                                                         "      Builtin args\n");
}

TEST(Parser, LiteralsAndParameters) {
  EXPECT_EQ(dumpExpr("$1 + $# + 0x10 + 010 + 1_000"), "Binary +\n"
                                                      "  Binary +\n"
                                                      "    Binary +\n"
                                                      "      Binary +\n"
                                                      "        Builtin $1\n"
                                                      "        Builtin $#\n"
                                                      "      Integer 16\n"
                                                      "    Integer 8\n"
                                                      "  Integer 1000\n");
  EXPECT_EQ(dumpExpr(R"("tab\there \"q\" \\ \x41\101\001")"),
            "String \"tab\\there \\\"q\\\" \\\\ AA\\x01\"\n");
}

// --------------------------------------------------------------------- spans

std::string_view text(const Parsed &parsed, Span span) {
  return parsed.source->slice(span);
}

TEST(Parser, SpansCoverSourceText) {
  Parsed parsed = parseText("kprobe:f,\n kprobe:g /pid/ { @x[1] = (a + b) * str(args->name); }");
  ASSERT_EQ(parsed.errors(), "");
  const ast::Probe &probe = parsed.program->probes[0];
  EXPECT_EQ(text(parsed, probe.span), "kprobe:f,\n kprobe:g");
  EXPECT_EQ(text(parsed, probe.attach_points[1].span), "kprobe:g");
  EXPECT_EQ(text(parsed, probe.predicate->span), "pid");

  const auto *assign = probe.body[0]->as<ast::Assign>();
  EXPECT_EQ(text(parsed, assign->span), "@x[1] = (a + b) * str(args->name)");
  EXPECT_EQ(text(parsed, assign->target->span), "@x[1]");

  const auto *mul = assign->value->as<ast::Binary>();
  EXPECT_EQ(text(parsed, mul->span), "(a + b) * str(args->name)");
  EXPECT_EQ(text(parsed, mul->op_span), "*");
  const auto *add = mul->lhs->as<ast::Binary>();
  EXPECT_EQ(text(parsed, add->span), "(a + b)");
  EXPECT_EQ(text(parsed, add->op_span), "+");

  const auto *call = mul->rhs->as<ast::Call>();
  EXPECT_EQ(text(parsed, call->span), "str(args->name)");
  EXPECT_EQ(text(parsed, call->name_span), "str");
  const auto *field = call->args[0]->as<ast::FieldAccess>();
  EXPECT_EQ(text(parsed, field->span), "args->name");
  EXPECT_EQ(text(parsed, field->field_span), "name");
}

TEST(Parser, StatementSpans) {
  Parsed parsed = parseText("BEGIN { if (x) { a() } else { b() } $y++; -$z ? 1 : 2 }");
  ASSERT_EQ(parsed.errors(), "");
  const ast::Block &body = parsed.program->probes[0].body;
  EXPECT_EQ(text(parsed, body[0]->span), "if (x) { a() } else { b() }");
  EXPECT_EQ(text(parsed, body[1]->span), "$y++");
  EXPECT_EQ(text(parsed, body[2]->span), "-$z ? 1 : 2");
}

// -------------------------------------------------------------------- errors

TEST(Parser, MissingClosingBrace) {
  EXPECT_EQ(errors("BEGIN { exit()\n"),
            "test.bt:1:15: ERROR: syntax error: unexpected end of input, expected '}'\n"
            "BEGIN { exit()\n"
            "              ^\n");
  EXPECT_EQ(errors("BEGIN { if (1) { exit(); }"),
            "test.bt:1:27: ERROR: syntax error: unexpected end of input, expected '}'\n"
            "BEGIN { if (1) { exit(); }\n"
            "                          ^\n");
}

TEST(Parser, UnexpectedToken) {
  EXPECT_EQ(
      errors("BEGIN { a b }"),
      "test.bt:1:11: ERROR: syntax error: unexpected 'b', expected ';' or '}' after statement\n"
      "BEGIN { a b }\n"
      "          ^\n");
  EXPECT_EQ(errors("BEGIN { $x = ; }"),
            "test.bt:1:14: ERROR: syntax error: unexpected ';', expected expression\n"
            "BEGIN { $x = ; }\n"
            "             ^\n");
  EXPECT_EQ(errors("BEGIN exit(); }"),
            "test.bt:1:7: ERROR: syntax error: unexpected 'exit', expected '{' or a predicate\n"
            "BEGIN exit(); }\n"
            "      ^~~~\n");
  EXPECT_EQ(errors("BEGIN { printf(\"%d\", 1 }"),
            "test.bt:1:24: ERROR: syntax error: unexpected '}', expected ',' or ')'\n"
            "BEGIN { printf(\"%d\", 1 }\n"
            "                       ^\n");
}

TEST(Parser, BadEscapeInScript) {
  EXPECT_EQ(errors("BEGIN { printf(\"\\q\"); }"),
            "test.bt:1:17: ERROR: invalid escape sequence '\\q'\n"
            "BEGIN { printf(\"\\q\"); }\n"
            "                ^~\n"
            "HINT: valid escapes are \\n \\t \\r \\\\ \\\" \\NNN (octal) and \\xNN (hex)\n");
}

TEST(Parser, UnterminatedString) {
  EXPECT_EQ(errors("BEGIN { printf(\"abc); }\n"),
            "test.bt:1:16: ERROR: unterminated string literal\n"
            "BEGIN { printf(\"abc); }\n"
            "               ^~~~~~~~\n"
            "test.bt:1:24: ERROR: syntax error: unexpected end of input, expected ',' or ')'\n"
            "BEGIN { printf(\"abc); }\n"
            "                       ^\n");
}

TEST(Parser, SeveralErrorsAreAllReported) {
  EXPECT_EQ(
      errors("BEGIN { 1 +; $x = 1; @y = } END { @x = (1; }\n"
             "kprobe:f { a b c; exit() }"),
      "test.bt:1:12: ERROR: syntax error: unexpected ';', expected expression\n"
      "BEGIN { 1 +; $x = 1; @y = } END { @x = (1; }\n"
      "           ^\n"
      "test.bt:1:27: ERROR: syntax error: unexpected '}', expected expression\n"
      "BEGIN { 1 +; $x = 1; @y = } END { @x = (1; }\n"
      "                          ^\n"
      "test.bt:1:42: ERROR: syntax error: unexpected ';', expected ')'\n"
      "BEGIN { 1 +; $x = 1; @y = } END { @x = (1; }\n"
      "                                         ^\n"
      "test.bt:2:14: ERROR: syntax error: unexpected 'b', expected ';' or '}' after statement\n"
      "kprobe:f { a b c; exit() }\n"
      "             ^\n");
}

TEST(Parser, RecoveryKeepsTheGoodParts) {
  Parsed parsed = parseText("BEGIN { @a = ; @b = 1 } }\nEND { @c = 2 }");
  EXPECT_TRUE(parsed.diags->hasErrors());
  EXPECT_EQ(dumpAst(*parsed.program), "Program\n"
                                      "  Probe\n"
                                      "    AttachPoint BEGIN\n"
                                      "    Body\n"
                                      "      Assign =\n"
                                      "        Map @b\n"
                                      "        Integer 1\n"
                                      "  Probe\n"
                                      "    AttachPoint END\n"
                                      "    Body\n"
                                      "      Assign =\n"
                                      "        Map @c\n"
                                      "        Integer 2\n");
}

TEST(Parser, DeepNestingIsAnErrorNotACrash) {
  std::string deep =
      "BEGIN { $x = " + std::string(10000, '(') + "1" + std::string(10000, ')') + "; }";
  Parsed parsed = parseText(deep);
  ASSERT_EQ(parsed.diags->all().size(), 1u);
  EXPECT_EQ(parsed.diags->all()[0].message, "expression nested too deeply");
  // The statement's expression is the first level; the 256th '(' is one too many.
  EXPECT_EQ(parsed.diags->all()[0].span->begin, std::string("BEGIN { $x = ").size() + 255);

  std::string ternaries;
  for (int i = 0; i < 5000; ++i)
    ternaries += "1 ? 2 : ";
  std::string negations;
  for (int i = 0; i < 10000; ++i)
    negations += "- ";
  for (const std::string &expr : {std::string(10000, '!') + "1", negations + "1", ternaries + "3"})
    EXPECT_EQ(parseText("BEGIN { $x = " + expr + "; }").diags->all()[0].message,
              "expression nested too deeply");

  std::string chain = "BEGIN { $x = 1";
  for (int i = 0; i < 100000; ++i)
    chain += "+1";
  EXPECT_EQ(parseText(chain + "; }").diags->all()[0].message, "expression nested too deeply");

  std::string blocks = "BEGIN { ";
  for (int i = 0; i < 10000; ++i)
    blocks += "if (1) { ";
  EXPECT_EQ(parseText(blocks).diags->all()[0].message, "expression nested too deeply");
}

TEST(Parser, ModerateNestingIsFine) {
  std::string expr = std::string(200, '(') + "1" + std::string(200, ')');
  EXPECT_EQ(dumpExpr(expr), "Integer 1\n");
}

TEST(Parser, TopLevelOnlyConstructsInsideAProbe) {
  EXPECT_EQ(errors("BEGIN { macro f() { } }"),
            "test.bt:1:9: ERROR: 'macro' can only be used at the top level\n"
            "BEGIN { macro f() { } }\n"
            "        ^~~~~\n"
            "HINT: write config, import and macro definitions outside of probes\n");
  EXPECT_EQ(errors("BEGIN { import \"a.bt\"; }"),
            "test.bt:1:9: ERROR: 'import' can only be used at the top level\n"
            "BEGIN { import \"a.bt\"; }\n"
            "        ^~~~~~\n"
            "HINT: write config, import and macro definitions outside of probes\n");
}

TEST(Parser, Imports) {
  EXPECT_EQ(dump("import \"lib.bt\";\nimport \"../x/y.bt\"; BEGIN { }"), "Program\n"
                                                                         "  Import \"lib.bt\"\n"
                                                                         "  Import \"../x/y.bt\"\n"
                                                                         "  Probe\n"
                                                                         "    AttachPoint BEGIN\n"
                                                                         "    Body\n");
  // A script of imports alone may get its probes from them.
  EXPECT_EQ(errors("import \"lib.bt\";"), "");
  EXPECT_EQ(errors("import \"lib.bt\" BEGIN { }"),
            "test.bt:1:17: ERROR: syntax error: unexpected 'BEGIN', expected ';' after the "
            "imported path\n"
            "import \"lib.bt\" BEGIN { }\n"
            "                ^~~~~\n");
}

TEST(Parser, MacroDefinitions) {
  EXPECT_EQ(dump("macro one() { 1 }\n"
                 "macro add($a, @m, x) { let $t = x; $a += $t; @m[$t] = 1; }\n"
                 "BEGIN { }"),
            "Program\n"
            "  Macro one()\n"
            "    BlockExpr\n"
            "      Value\n"
            "        Integer 1\n"
            "  Macro add($a, @m, x)\n"
            "    BlockExpr\n"
            "      Let $t\n"
            "        Builtin x\n"
            "      Assign +=\n"
            "        Variable $a\n"
            "        Variable $t\n"
            "      Assign =\n"
            "        Map @m\n"
            "          Variable $t\n"
            "        Integer 1\n"
            "  Probe\n"
            "    AttachPoint BEGIN\n"
            "    Body\n");
  EXPECT_EQ(errors("macro f(1) { 1 } BEGIN { }"),
            "test.bt:1:9: ERROR: syntax error: unexpected '1', expected a macro parameter: "
            "$variable, @map or a name for an expression\n"
            "macro f(1) { 1 } BEGIN { }\n"
            "        ^\n");
  EXPECT_EQ(errors("macro f($a) $a BEGIN { }"),
            "test.bt:1:13: ERROR: syntax error: unexpected '$a', expected '{' to start the "
            "macro body\n"
            "macro f($a) $a BEGIN { }\n"
            "            ^~\n");
}

TEST(Parser, BlockExpressions) {
  EXPECT_EQ(dumpExpr("{ let $b = 1; $b + 1 }"), "BlockExpr\n"
                                                "  Let $b\n"
                                                "    Integer 1\n"
                                                "  Value\n"
                                                "    Binary +\n"
                                                "      Variable $b\n"
                                                "      Integer 1\n");
  // A ';' after the last expression makes it a statement: the block has no value.
  EXPECT_EQ(dumpExpr("{ 1; }"), "BlockExpr\n"
                                "  ExprStmt\n"
                                "    Integer 1\n");
  EXPECT_EQ(dumpExpr("{ $x = 1; ($x, { 2 }) }"), "BlockExpr\n"
                                                 "  Assign =\n"
                                                 "    Variable $x\n"
                                                 "    Integer 1\n"
                                                 "  Value\n"
                                                 "    Tuple\n"
                                                 "      Variable $x\n"
                                                 "      BlockExpr\n"
                                                 "        Value\n"
                                                 "          Integer 2\n");
  EXPECT_EQ(dumpExpr("1 + { 2 } * 3"), "Binary +\n"
                                       "  Integer 1\n"
                                       "  Binary *\n"
                                       "    BlockExpr\n"
                                       "      Value\n"
                                       "        Integer 2\n"
                                       "    Integer 3\n");
  EXPECT_EQ(dumpBody("_ = 1 + 2;"), "      Discard\n"
                                    "        Binary +\n"
                                    "          Integer 1\n"
                                    "          Integer 2\n");
  // At the start of a statement a block is a block statement.
  EXPECT_EQ(dumpBody("{ 1 }"), "      Scope\n"
                               "        ExprStmt\n"
                               "          Integer 1\n");
}

TEST(Parser, InvalidAssignmentTargets) {
  EXPECT_EQ(errors("BEGIN { pid = 1; 3++; }"),
            "test.bt:1:9: ERROR: syntax error: cannot assign to this expression\n"
            "BEGIN { pid = 1; 3++; }\n"
            "        ^~~\n"
            "HINT: only variables ($x) and maps (@m, @m[key]) can be assigned to\n"
            "test.bt:1:18: ERROR: syntax error: '++' needs a variable or a map\n"
            "BEGIN { pid = 1; 3++; }\n"
            "                 ^\n"
            "HINT: e.g. $x++ or @count[pid]++\n");
}

TEST(Parser, NoProbes) {
  const std::string expected_hint = "HINT: a probe looks like: BEGIN { printf(\"hello\\n\"); }\n";
  EXPECT_EQ(errors(""), "test.bt:1:1: ERROR: no probes in script\n\n^\n" + expected_hint);
  EXPECT_EQ(errors("// nothing here\n"),
            "test.bt:1:1: ERROR: no probes in script\n// nothing here\n^\n" + expected_hint);
}

TEST(Parser, StrayTopLevelTokens) {
  EXPECT_EQ(errors("} BEGIN { }"), "test.bt:1:1: ERROR: syntax error: unexpected '}', expected "
                                   "attach point\n"
                                   "} BEGIN { }\n"
                                   "^\n");
  EXPECT_EQ(errors("BEGIN, { }"), "test.bt:1:8: ERROR: syntax error: unexpected '{', expected "
                                  "attach point\n"
                                  "BEGIN, { }\n"
                                  "       ^\n");
}

TEST(Parser, ErrorFloodIsCapped) {
  std::string script;
  for (int i = 0; i < 100; ++i)
    script += "BEGIN { a b }\n";
  Parsed parsed = parseText(script);
  ASSERT_EQ(parsed.diags->all().size(), 21u);
  EXPECT_EQ(parsed.diags->all().back().message, "too many errors in script, giving up");
}

TEST(Parser, JunkNeverCrashes) {
  uint32_t seed = 12345;
  for (int round = 0; round < 300; ++round) {
    std::string junk;
    for (int i = 0; i < 200; ++i) {
      seed = seed * 1103515245 + 12345;
      junk += static_cast<char>(seed >> 16);
    }
    Parsed parsed = parseText(junk);
    EXPECT_TRUE(parsed.diags->hasErrors());
    dumpAst(*parsed.program);
  }
}

// Members of anonymous struct and union types, as kernel headers nest them:
// unnamed (their members reached as the outer struct's) or named.
TEST(Parser, AnonymousStructAndUnionMembers) {
  Parsed parsed = parseText(R"(struct a {
  union { int x; long y; };
  struct { char c; struct { int deep; }; } named[2];
  int z;
};
BEGIN { })");
  ASSERT_EQ(parsed.errors(), "");
  const auto &fields = parsed.program->c_types.at(0).fields;
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].inline_kind, "union");
  EXPECT_EQ(fields[0].name, "");
  ASSERT_EQ(fields[0].inline_fields.size(), 2u);
  EXPECT_EQ(fields[0].inline_fields[1].type_name, "long");
  EXPECT_EQ(fields[0].inline_fields[1].name, "y");
  EXPECT_EQ(fields[1].inline_kind, "struct");
  EXPECT_EQ(fields[1].name, "named");
  EXPECT_EQ(fields[1].array_counts, std::vector<uint64_t>{2});
  ASSERT_EQ(fields[1].inline_fields.size(), 2u);
  EXPECT_EQ(fields[1].inline_fields[1].inline_kind, "struct");
  EXPECT_EQ(fields[1].inline_fields[1].inline_fields.at(0).name, "deep");
  EXPECT_EQ(fields[2].type_name, "int");
  EXPECT_EQ(fields[2].inline_kind, "");
}

// One member declaration may declare several members of its type, as C's
// bitfield groups do; the last member before '}' may omit its ';'.
TEST(Parser, MemberDeclarationsWithSeveralDeclarators) {
  Parsed parsed = parseText(R"(struct f { unsigned int a:4, b:8, c[2]; short d:1 }
struct g { struct { int m } y; } BEGIN { })");
  ASSERT_EQ(parsed.errors(), "");
  const auto &fields = parsed.program->c_types.at(0).fields;
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0].type_name, "unsigned int");
  EXPECT_EQ(fields[0].bit_width, 4u);
  EXPECT_EQ(fields[1].name, "b");
  EXPECT_EQ(fields[1].type_name, "unsigned int");
  EXPECT_EQ(fields[1].bit_width, 8u);
  EXPECT_EQ(fields[2].name, "c");
  EXPECT_EQ(fields[2].array_counts, (std::vector<uint64_t>{2}));
  EXPECT_EQ(fields[3].type_name, "short");
  EXPECT_EQ(fields[3].bit_width, 1u);
  const auto &nested = parsed.program->c_types.at(1).fields;
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0].inline_fields.at(0).name, "m");
}

// C declarations as scripts copy them from headers: a leading `const`, arrays
// of arrays, the last member without ';', and a member whose struct type is
// defined in place (hoisted before the outer struct, as C scopes it).
TEST(Parser, PreambleMembersWrittenAsInC) {
  Parsed parsed = parseText(R"(struct Outer {
  const char *name;
  volatile const struct Inner { int v; } inner;
  struct Inner2 { long w; } *link;
  int grid[2][3];
  unsigned long last
};
BEGIN { })");
  ASSERT_EQ(parsed.errors(), "");
  const auto &types = parsed.program->c_types;
  ASSERT_EQ(types.size(), 3u);
  EXPECT_EQ(types[0].name, "Inner");
  EXPECT_EQ(types[1].name, "Inner2");
  EXPECT_EQ(types[2].name, "Outer");
  const auto &fields = types[2].fields;
  ASSERT_EQ(fields.size(), 5u);
  EXPECT_EQ(fields[0].type_name, "char *");
  EXPECT_EQ(fields[1].type_name, "struct Inner");
  EXPECT_EQ(fields[1].name, "inner");
  EXPECT_EQ(fields[2].type_name, "struct Inner2 *");
  EXPECT_EQ(fields[3].array_counts, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(fields[4].type_name, "unsigned long");
  EXPECT_EQ(fields[4].name, "last");
}

// A member that is not the last still needs its ';'.
TEST(Parser, PreambleMemberWithoutSemicolonBeforeAnother) {
  Parsed parsed = parseText("struct s { int a[2] int b; };\nBEGIN { }");
  EXPECT_NE(parsed.errors().find("expected ';' after the member"), std::string::npos)
      << parsed.errors();
}

// Nesting is bounded like expressions' (no stack overflow on hostile input).
TEST(Parser, AnonymousMembersNestedTooDeeply) {
  std::string nested;
  for (int i = 0; i < 300; ++i)
    nested += "union { ";
  Parsed parsed = parseText("struct a { " + nested + "int x; BEGIN { }");
  ASSERT_FALSE(parsed.diags->all().empty());
  EXPECT_EQ(parsed.diags->all()[0].message, "struct nested too deeply");
}

TEST(Parser, UnclosedAnonymousMemberIsAnError) {
  Parsed parsed = parseText("struct a { union { int x; ; BEGIN { }");
  EXPECT_NE(parsed.errors().find("test.bt:1:"), std::string::npos) << parsed.errors();
  EXPECT_NE(parsed.errors().find("ERROR:"), std::string::npos) << parsed.errors();
}

} // namespace
} // namespace bpfscope
