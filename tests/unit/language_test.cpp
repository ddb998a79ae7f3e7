// Control flow, scalar types, literals, variables and the config block:
// parser dumps and sema errors (no kernel needed).
#include "parser/ast_dump.h"
#include "parser/lexer.h"
#include "parser/parser.h"
#include "sema/sema.h"

#include <gtest/gtest.h>
#include <linux/bpf.h>

#include <sstream>

namespace bpfscope {
namespace {

struct Result {
  std::string ast;
  std::optional<CheckedProgram> program;
  std::string diagnostics;
};

Result run(const std::string &text, const SemaOptions &options = {}) {
  SourceFile source("stdin", text);
  Diagnostics diags(source);
  auto ast = parse(source, diags);
  Result out;
  if (!diags.hasErrors()) {
    out.ast = dumpAst(*ast);
    out.program = analyze(std::move(ast), diags, options);
  }
  std::ostringstream rendered;
  diags.render(rendered);
  out.diagnostics = rendered.str();
  return out;
}

uint64_t integerLiteral(const std::string &text) {
  SourceFile source("stdin", text);
  Diagnostics diags(source);
  auto tokens = tokenize(source, diags);
  EXPECT_FALSE(diags.hasErrors()) << text;
  EXPECT_EQ(tokens.front().kind, TokenKind::Integer) << text;
  return tokens.front().int_value;
}

TEST(Language, ParsesLoopsAndJumps) {
  auto r = run("BEGIN { $i = 0; while ($i < 3) { $i++; if ($i == 2) { continue; } break; }"
               " for ($j : 1..$i + 1) { return; } unroll(2) { $i++ } }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_NE(r.ast.find("      While\n        Binary <\n          Variable $i\n          Integer 3\n"
                       "        Body\n          ExprStmt\n            Unary post++\n"),
            std::string::npos)
      << r.ast;
  EXPECT_NE(r.ast.find("              Continue\n          Break\n"), std::string::npos) << r.ast;
  EXPECT_NE(r.ast.find("      For $j\n        Range\n          Integer 1\n          Binary +\n"),
            std::string::npos)
      << r.ast;
  EXPECT_NE(r.ast.find("        Body\n          Return\n      Unroll\n        Integer 2\n"),
            std::string::npos)
      << r.ast;
}

// return VALUE (the value ends the statement, or the block without a ';').
TEST(Language, ParsesReturnWithAValue) {
  auto r = run("BEGIN { if (1) { return 1 + 2; } return }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_NE(r.ast.find("          Return\n            Binary +\n              Integer 1\n"
                       "              Integer 2\n      Return\n"),
            std::string::npos)
      << r.ast;
}

TEST(Language, ReturnValueMustBeAnInteger) {
  auto r = run("BEGIN { return \"no\"; }");
  EXPECT_FALSE(r.program);
  EXPECT_EQ(r.diagnostics,
            "stdin:1:16: ERROR: a return value must be an integer or a boolean, not string[3]\n"
            "BEGIN { return \"no\"; }\n"
            "               ^~~~\n"
            "HINT: a probe's result is a number for the kernel: 0, or another value to fail a "
            "test probe\n");
  EXPECT_TRUE(run("BEGIN { return true; } END { return (int8)-1; }").program);
}

// The kernel takes only 0 from fentry/fexit and iterator programs.
TEST(Language, KindsThatTakeOnlyZeroRefuseOtherResults) {
  auto fentry = run("fentry:vfs_read { return 2; }");
  EXPECT_NE(fentry.diagnostics.find("ERROR: fentry probes cannot return a value: the kernel "
                                    "accepts only 0 from fentry programs"),
            std::string::npos)
      << fentry.diagnostics;
  auto iter = run("iter:task { if (1) { return 1; } }");
  EXPECT_NE(iter.diagnostics.find("ERROR: iter probes cannot return a value: the kernel ends an "
                                  "iteration with EAGAIN when its program returns anything but 0"),
            std::string::npos)
      << iter.diagnostics;
  EXPECT_EQ(run("iter:task { return 0; }").diagnostics, "");
}

TEST(Language, ParsesLetCastsBoolsAndElvis) {
  auto r = run("BEGIN { let $a; let $b: uint16 = 7; { let $c = (int8)300; } "
               "$d = true ?: false; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_NE(r.ast.find("      Let $a\n      Let $b: uint16\n        Integer 7\n      Scope\n"
                       "        Let $c\n          Cast int8\n            Integer 300\n"),
            std::string::npos)
      << r.ast;
  EXPECT_NE(r.ast.find("        Ternary\n          Bool true\n          Bool false\n"),
            std::string::npos)
      << r.ast;
}

TEST(Language, ParsesConfigAndMapDeclarations) {
  auto r = run("config = { max_strlen = 16; BPFTRACE_MAX_MAP_KEYS = 10 }\n"
               "let @m = lruhash(5);\nBEGIN { @m[1] = 2; @x = 1; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.ast.substr(0, 110),
            "Program\n  Config max_strlen = 16\n  Config BPFTRACE_MAX_MAP_KEYS = 10\n"
            "  MapDeclaration @m = lruhash(5)\n  Probe\n");
  EXPECT_EQ(r.program->max_strlen, 16u);
  EXPECT_EQ(r.program->findMap("@m")->bpf_map_type, BPF_MAP_TYPE_LRU_HASH);
  EXPECT_EQ(r.program->findMap("@m")->max_entries, 5u);
  EXPECT_EQ(r.program->findMap("@x")->max_entries, 10u);
}

TEST(Language, EnvironmentBeatsTheConfigBlock) {
  SemaOptions options;
  options.config_environment["max_strlen"] = "32";
  auto r = run("config = { max_strlen = 16 } BEGIN { @s = str(0); }", options);
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@s")->value, Type::string(32));
}

TEST(Language, RejectsUnknownConfigVariables) {
  auto r = run("config = { max_strlenn = 16 } BEGIN { }");
  EXPECT_FALSE(r.program);
  EXPECT_NE(r.diagnostics.find("ERROR: unknown config variable 'max_strlenn'"), std::string::npos)
      << r.diagnostics;
  EXPECT_NE(r.diagnostics.find("HINT: did you mean 'max_strlen'?"), std::string::npos)
      << r.diagnostics;
}

TEST(Language, DeclaredMapTypeMustSuitTheValue) {
  auto r = run("let @c = hash(10); BEGIN { @c = count(); }");
  EXPECT_FALSE(r.program);
  EXPECT_NE(r.diagnostics.find("ERROR: @c holds count_t, which needs a per-CPU map, not hash"),
            std::string::npos)
      << r.diagnostics;
}

TEST(Language, LiteralSuffixesAndDurations) {
  EXPECT_EQ(integerLiteral("1s"), 1000000000u);
  EXPECT_EQ(integerLiteral("100ms"), 100000000u);
  EXPECT_EQ(integerLiteral("5us"), 5000u);
  EXPECT_EQ(integerLiteral("10ns"), 10u);
  EXPECT_EQ(integerLiteral("2m"), 120000000000u);
  EXPECT_EQ(integerLiteral("1h"), 3600000000000u);
  EXPECT_EQ(integerLiteral("1d"), 86400000000000u);
  EXPECT_EQ(integerLiteral("1UL"), 1u);
  EXPECT_EQ(integerLiteral("10u"), 10u);
  EXPECT_EQ(integerLiteral("0x1fULL"), 31u);
}

TEST(Language, BreakOutsideALoopIsAnError) {
  auto r = run("BEGIN { if (1) { break; } }");
  EXPECT_FALSE(r.program);
  EXPECT_EQ(r.diagnostics,
            "stdin:1:18: ERROR: 'break' can only be used inside a while or for loop\n"
            "BEGIN { if (1) { break; } }\n"
            "                 ^~~~~\n");
}

TEST(Language, UnrollCountMustBeALiteralInRange) {
  auto r = run("BEGIN { unroll(101) { } }");
  EXPECT_FALSE(r.program);
  EXPECT_NE(r.diagnostics.find("ERROR: the unroll count must be between 1 and 100, not 101"),
            std::string::npos)
      << r.diagnostics;
  r = run("BEGIN { $n = 2; unroll($n) { } }");
  EXPECT_NE(r.diagnostics.find("ERROR: the unroll count must be an integer literal"),
            std::string::npos)
      << r.diagnostics;
}

TEST(Language, ForRangeBoundsMustBeIntegers) {
  auto r = run("BEGIN { for ($i : 0..\"x\") { } }");
  EXPECT_FALSE(r.program);
  EXPECT_NE(r.diagnostics.find("ERROR: the bounds of a for range must be integers, not string[2]"),
            std::string::npos)
      << r.diagnostics;
}

TEST(Language, VariablesEndWithTheirBlock) {
  auto r = run("BEGIN { if (1) { $x = 1; } printf(\"%d\\n\", $x); }");
  EXPECT_FALSE(r.program);
  EXPECT_NE(r.diagnostics.find("ERROR: variable $x is used before it is assigned"),
            std::string::npos)
      << r.diagnostics;
  // Separate blocks may each have their own $x, even of different types.
  r = run("BEGIN { { $x = 1; } { $x = \"s\"; } }");
  EXPECT_TRUE(r.program) << r.diagnostics;
}

TEST(Language, LetDeclaresOnceWithAFixedType) {
  auto r = run("BEGIN { let $x = 1; let $x = 2; }");
  EXPECT_NE(r.diagnostics.find("ERROR: variable $x is already declared"), std::string::npos)
      << r.diagnostics;
  r = run("BEGIN { let $x: uint8 = 1; $x = \"s\"; }");
  EXPECT_NE(r.diagnostics.find("ERROR: type mismatch for $x: assigning string[2] to a variable "
                               "declared uint8"),
            std::string::npos)
      << r.diagnostics;
  r = run("BEGIN { let $x: float = 1; }");
  EXPECT_NE(r.diagnostics.find("ERROR: unknown type 'float'"), std::string::npos) << r.diagnostics;
}

// A `let` names any type a cast may: a struct and a pointer to one, arrays
// of scalars, structs and pointers.
TEST(Language, LetTakesTheTypesACastNames) {
  auto r = run("struct C { int a; } struct W { int b; } "
               "BEGIN { let $c: struct C *; let $w : struct W[10]; let $b: uint8[4]; "
               "let $p: struct C *[2]; $x = $c; $y = $w; $z = $b; $q = $p; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_NE(r.ast.find("      Let $c: struct C *\n      Let $w: struct W[10]\n"
                       "      Let $b: uint8[4]\n      Let $p: struct C *[2]\n"),
            std::string::npos)
      << r.ast;
  r = run("BEGIN { let $c: struct Nowhere *; }");
  EXPECT_NE(r.diagnostics.find("ERROR: unknown type 'struct Nowhere *'"), std::string::npos)
      << r.diagnostics;
  r = run("BEGIN { let $c: 5; }");
  EXPECT_NE(r.diagnostics.find("ERROR: syntax error: unexpected '5', expected a type name such "
                               "as uint32 or string"),
            std::string::npos)
      << r.diagnostics;
}

TEST(Language, PositionalParametersBecomeLiterals) {
  SemaOptions options;
  options.positional_args = {"42", "hello", "-3"};
  auto r = run("interval:s:$1 { @a = $1; @b = str($2); @c = $3; @n = $#; @u = $4; }", options);
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->units[0].target.canonical, "interval:s:42");
  EXPECT_EQ(r.program->findMap("@b")->value, Type::string(6));
  EXPECT_TRUE(r.program->findMap("@c")->value.is_signed);
  EXPECT_NE(r.diagnostics.find("WARNING: positional parameter $4 was not given"), std::string::npos)
      << r.diagnostics;
}

TEST(Language, PositionalNumbersReadOctalAndHexAsCDoes) {
  SemaOptions options;
  options.positional_args = {"010", "0x10", "0"};
  auto r = run(R"(BEGIN { static_assert($1 == 8, "octal"); static_assert($2 == 16, "hex");
                          static_assert($3 == 0, "zero"); })",
               options);
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.diagnostics, "");
}

TEST(Language, CastsAndBools) {
  auto r = run("BEGIN { @a = (uint8)300; @b = true; $c = (int32)1; @c = $c; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@b")->value, Type::boolean());
  r = run("BEGIN { @a = (uint8)\"x\"; }");
  EXPECT_NE(r.diagnostics.find("ERROR: cannot cast string[2] to uint8"), std::string::npos)
      << r.diagnostics;
}

TEST(Language, AggregationsReadInProbesAreIntegers) {
  auto r = run("BEGIN { @c = count(); @s = sum(5); if (@c > 0) { @x = @s + @c; } }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@x")->value.kind, TypeKind::Integer);
}

TEST(Language, ForOverAMapCapturesTheProbesVariables) {
  auto r = run("BEGIN { @m[1, \"a\"] = 2; $n = 0; $unused = 1; for ($kv : @m) { $n += $kv.1; "
               "$k = $kv.0.1; } }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  std::optional<CheckedProgram> &p = r.program;
  const auto &loop = *p->ast->probes[0].body.back()->as<ast::For>();
  ASSERT_EQ(loop.captured.size(), 1u);
  EXPECT_EQ(loop.captured[0]->name, "$n");
  EXPECT_EQ(loop.var->type, Type::tuple({Type::tuple({Type::integer(1, true), Type::string(2)}),
                                         Type::integer(1, true)}));
}

TEST(Language, ForOverAMapRejectsWhatItCannotIterate) {
  auto r = run("BEGIN { @c[1] = hist(1); @s = 1; for ($kv : @c) { } for ($kv : @s) { } "
               "for ($kv : @never) { } @m[1] = 1; for ($kv : @m) { $a = arg0; } }");
  EXPECT_FALSE(r.program);
  for (const char *message :
       {"ERROR: for loops cannot iterate over an aggregation (hist_t)",
        "ERROR: @s has no keys to iterate over", "ERROR: @never is read but never assigned",
        "ERROR: arg0 cannot be read inside a for loop over a map"})
    EXPECT_NE(r.diagnostics.find(message), std::string::npos) << message << "\n" << r.diagnostics;
}

TEST(Language, BuiltinsCanBeCalledWithoutArguments) {
  auto r = run("BEGIN { @p[pid(), comm()] = nsecs(); @c = cpu; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@p")->key_types,
            (std::vector<Type>{Type::integer(4, false), Type::string(16)}));
  EXPECT_EQ(r.program->findMap("@p")->value, Type::integer(8, false));
}

TEST(Language, ProbetypeAndHasCpid) {
  auto r = run("BEGIN { @t = probetype; @c = has_cpid; } interval:s:1 { @t = probetype(); }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@t")->value, Type::string(9)); // "interval" and "special"
  EXPECT_EQ(r.program->findMap("@c")->value, Type::boolean());
}

TEST(Language, WhileIsDeprecatedAndExitIsBannedInLoops) {
  auto r = run("BEGIN { $i = 0; while ($i < 3) { $i++; } }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_NE(r.diagnostics.find("WARNING: while loops are deprecated"), std::string::npos)
      << r.diagnostics;
  r = run("BEGIN { for ($i : 0..3) { exit(); } }");
  EXPECT_FALSE(r.program);
  EXPECT_NE(r.diagnostics.find("ERROR: exit() cannot be used inside a loop"), std::string::npos)
      << r.diagnostics;
}

TEST(Language, EnumConstantsCarryTheirEnum) {
  auto r = run("enum color { RED = 1, BLUE = 4 }; BEGIN { @c = BLUE; @n = BLUE + 1; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@c")->value.name(), "enum color");
  // BLUE + 1 is the constant 5, an int8 as in bpftrace.
  EXPECT_EQ(r.program->findMap("@n")->value, Type::integer(1, true));
}

// Each pass over a probe starts a variable from the type the last one ended
// with; values of one enum keep the enum (and its names) through that.
TEST(Language, VariablesAssignedOneEnumKeepIt) {
  auto r = run("enum color { RED = 1, BLUE = 4 }; BEGIN { $c = BLUE; $c = RED; @v = $c; "
               "$n = BLUE; $n = 7; @w = $n; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@v")->value.name(), "enum color");
  EXPECT_FALSE(r.program->findMap("@w")->value.enumeration);
}

TEST(Language, PreprocessorConditionalsPickTheBtfBranch) {
  auto r = run("#ifndef BPFTRACE_HAVE_BTF\n#include <net/sock.h>\n#define WHICH 1\n"
               "struct junk { int x; ;\n#else\n#include <sys/socket.h>\n#define WHICH 2\n#endif\n"
               "#if defined(WHICH) && 0\n#endif\n"
               "BEGIN { @w = WHICH; @af = AF_INET6; @e = EPERM; @s = sizeof(u64); }");
  EXPECT_NE(r.diagnostics.find("ERROR: unsupported #if condition"), std::string::npos)
      << r.diagnostics;
  r = run("#ifndef BPFTRACE_HAVE_BTF\n#include <net/sock.h>\n#define WHICH 1\n"
          "struct junk { int x; ;\n#else\n#include <sys/socket.h>\n#define WHICH 2\n#endif\n"
          "#if !defined(WHICH)\n#define WHICH 3\n#elif 1\n#define OTHER 4\n#endif\n"
          "BEGIN { @w = WHICH + OTHER; @af = AF_INET6; @e = EPERM; @s = sizeof(u64); }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  const auto &keys = r.program->ast->probes[0].body;
  auto constantOf = [&](size_t i) {
    return keys[i]->as<ast::Assign>()->value->as<ast::Builtin>()->constant;
  };
  EXPECT_EQ(constantOf(1), 10);
  EXPECT_EQ(constantOf(2), 1);
  EXPECT_EQ(keys[3]->as<ast::Assign>()->value->as<ast::Sizeof>()->value, 8u);
  auto *sum = keys[0]->as<ast::Assign>()->value->as<ast::Binary>();
  EXPECT_EQ(sum->lhs->as<ast::Builtin>()->constant, 2);
  EXPECT_EQ(sum->rhs->as<ast::Builtin>()->constant, 4);
}

// bpftrace 0.17's runqlat.bt compares sched_switch's prev_state with
// TASK_RUNNING from <linux/sched.h>.
TEST(Language, TaskStatesOfLinuxSchedHAreConstants) {
  auto r = run("#include <linux/sched.h>\n"
               "BEGIN { @r = TASK_RUNNING; @i = TASK_INTERRUPTIBLE; @d = TASK_IDLE; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  const auto &body = r.program->ast->probes[0].body;
  auto constantOf = [&](size_t i) {
    return body[i]->as<ast::Assign>()->value->as<ast::Builtin>()->constant;
  };
  EXPECT_EQ(constantOf(0), 0);
  EXPECT_EQ(constantOf(1), 1);
  EXPECT_EQ(constantOf(2), 0x402);
}

TEST(Language, UnterminatedConditionalIsAnError) {
  auto r = run("#ifdef X\nBEGIN { }");
  EXPECT_NE(r.diagnostics.find("ERROR: #if without #endif"), std::string::npos) << r.diagnostics;
}

// Syntax of the newest bpftrace that its own tools (tools/*.bt) rely on.

std::string astOf(const std::string &text) {
  Result r = run(text);
  EXPECT_TRUE(r.program) << text << "\n" << r.diagnostics;
  return r.ast;
}

bool mentions(const std::string &diagnostics, const std::string &text) {
  return diagnostics.find(text) != std::string::npos;
}

TEST(Language, ConditionsNeedNoParentheses) {
  EXPECT_EQ(astOf("BEGIN { $x = 2; if $x > 1 { @a = 1; } else if $x { @b = 1; } }"),
            astOf("BEGIN { $x = 2; if ($x > 1) { @a = 1; } else if ($x) { @b = 1; } }"));
  EXPECT_EQ(astOf("BEGIN { $i = 0; while $i < 3 { $i++; } unroll 2 { $i++; } }"),
            astOf("BEGIN { $i = 0; while ($i < 3) { $i++; } unroll(2) { $i++; } }"));
  // A parenthesized part at the start is just part of the condition.
  EXPECT_EQ(astOf("BEGIN { $x = 2; if ($x) + 1 > 2 { @a = 1; } }"),
            astOf("BEGIN { $x = 2; if (($x) + 1 > 2) { @a = 1; } }"));
}

TEST(Language, LoopHeadersNeedNoParentheses) {
  EXPECT_EQ(astOf("BEGIN { for $i : ((uint64)0)..((uint64)4) { @a[$i] = 1; } }"),
            astOf("BEGIN { for ($i : ((uint64)0)..((uint64)4)) { @a[$i] = 1; } }"));
  EXPECT_EQ(astOf("BEGIN { @m[1] = 2; for $kv : @m { @k = $kv.0; } }"),
            astOf("BEGIN { @m[1] = 2; for ($kv : @m) { @k = $kv.0; } }"));
}

TEST(Language, ATernaryOfCallsIsAStatement) {
  EXPECT_EQ(
      astOf("BEGIN { $a = 1; $a == 1 ? print(\"yes\") : printf(\"no\\n\"); }"),
      astOf("BEGIN { $a = 1; if ($a == 1) { print(\"yes\"); } else { printf(\"no\\n\"); } }"));
}

TEST(Language, AConditionIsRequired) {
  Result r = run("BEGIN { if { @a = 1; } }");
  EXPECT_TRUE(mentions(r.diagnostics, "stdin:1:12: ERROR: syntax error: unexpected '{', "
                                      "expected an expression after 'if'"))
      << r.diagnostics;
  r = run("BEGIN { for ($i : 0..2 { } }");
  EXPECT_TRUE(mentions(r.diagnostics, "expected ')'")) << r.diagnostics;
}

TEST(Language, PreambleStructsMayOmitTheirSemicolon) {
  Result r = run("struct Pair { int a; int b; }\nstruct Other { long c; }\n"
                 "config = { max_map_keys = 8 }\n"
                 "BEGIN { @s = sizeof(struct Pair) + sizeof(struct Other); }");
  EXPECT_TRUE(r.program) << r.diagnostics;
}

TEST(Language, AStringDefineReadsAsItsString) {
  Result r = run("#define RED \"\\033[31m\"\n#define N 3\nBEGIN { @s = RED; @n = N; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@s")->value, Type::string(6));
  r = run("#define RED \"red\" blue\nBEGIN { }");
  EXPECT_TRUE(mentions(r.diagnostics, "ERROR: only '#define NAME INTEGER' and '#define NAME "
                                      "\"text\"' are supported"))
      << r.diagnostics;
}

TEST(Language, ATupleKeyNamesTheElementOfAMultiKeyMap) {
  Result r = run("BEGIN { @m[1, \"a\"] = 1; $k = (2, \"b\"); @m[$k] = 2; @m[(3, \"c\")] = 3;"
                 " @hit = @m[$k]; delete(@m, $k); @has = has_key(@m, (1, \"a\")); }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  const MapInfo *m = r.program->findMap("@m");
  ASSERT_EQ(m->key_types.size(), 2u);
  EXPECT_TRUE(m->key_types[0].isInteger());
  EXPECT_TRUE(m->key_types[1].isString());
}

TEST(Language, ARecordKeyStaysOneKey) {
  Result r = run("BEGIN { @m[(x = 1, y = 2)] = 1; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@m")->key_types.size(), 1u);
}

TEST(Language, GetoptReadsNamedParametersTypedLikeTheirDefault) {
  SemaOptions options;
  options.positional_args = {"p1", "--depth=20", "--verbose", "--label=abc", "-7"};
  Result r = run("BEGIN { @depth = getopt(\"depth\", 35); @verbose = getopt(\"verbose\");"
                 " @label = getopt(\"label\", \"none\"); @unset = getopt(\"unset\", 7);"
                 " @off = getopt(\"off\"); @first = str($1); @second = $2; @count = $#; }",
                 options);
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_TRUE(r.program->findMap("@depth")->value.isInteger());
  EXPECT_EQ(r.program->findMap("@verbose")->value, Type::boolean());
  EXPECT_TRUE(r.program->findMap("@label")->value.isString());
  EXPECT_EQ(r.program->findMap("@off")->value, Type::boolean());
  EXPECT_TRUE(r.program->findMap("@second")->value.is_signed); // -7: named parameters skipped
}

TEST(Language, GetoptRejectsAValueOfTheWrongType) {
  SemaOptions options;
  options.positional_args = {"--depth=deep", "--verbose=maybe"};
  Result r = run("BEGIN { @d = getopt(\"depth\", 3); @v = getopt(\"verbose\"); }", options);
  EXPECT_TRUE(mentions(r.diagnostics, "ERROR: --depth must be an integer, not 'deep'"))
      << r.diagnostics;
  EXPECT_TRUE(mentions(r.diagnostics, "ERROR: --verbose must be true or false, not 'maybe'"))
      << r.diagnostics;
  r = run("BEGIN { @d = getopt(1); }");
  EXPECT_TRUE(mentions(r.diagnostics, "ERROR: getopt() takes a parameter name")) << r.diagnostics;
}

TEST(Language, StrOfAPositionalPlusAnOffsetSkipsItsFirstCharacters) {
  SemaOptions options;
  options.positional_args = {"hello"};
  Result r = run("BEGIN { @s = str($1 + 1); @end = str($1 + 5); }", options);
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@s")->value, Type::string(5));
  EXPECT_EQ(r.program->findMap("@end")->value, Type::string(1));
  r = run("BEGIN { @s = str($1 + 6); }", options);
  EXPECT_TRUE(mentions(r.diagnostics, "ERROR: str($1 + 6) starts past the end of the argument"))
      << r.diagnostics;
}

TEST(Language, MissingProbesMustBeErrorWarnOrIgnore) {
  Result r = run("config = { missing_probes = skip } BEGIN { }");
  EXPECT_TRUE(
      mentions(r.diagnostics, "ERROR: missing_probes must be error, warn or ignore, not 'skip'"))
      << r.diagnostics;
}

} // namespace
} // namespace bpfscope
