// Map forms that once stopped at compile time: delete(@m[k, *]) with
// wildcard keys, a pointer kept in a map, for loops over aggregations and up
// to a map's value, delete(@) of an aggregation without keys, and a whole
// attach point given as a positional parameter.
#include "check_script.h"
#include "parser/ast_dump.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

std::string parsedDump(const std::string &text) {
  SourceFile source("stdin", text);
  Diagnostics diags(source);
  auto program = parse(source, diags);
  std::ostringstream rendered;
  diags.render(rendered);
  return rendered.str() + dumpAst(*program);
}

TEST(WildcardDelete, StarStandsForAKeyInAMapAccess) {
  std::string dump = parsedDump("BEGIN { delete(@m[10, *]); delete(@m[*, 2 * 3]); }");
  EXPECT_NE(dump.find("Map @m\n            Integer 10\n            Wildcard *\n"),
            std::string::npos)
      << dump;
  EXPECT_NE(dump.find("Map @m\n            Wildcard *\n            Binary *\n"), std::string::npos)
      << dump;
}

TEST(WildcardDelete, TypesTheStarAsTheMapsKey) {
  auto c = check("END { delete(@m[10, *, \"x\"]); } BEGIN { @m[1, \"ab\", \"xyz\"] = 1; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  std::string dump = dumpAst(*c.program->ast, AstDumpTypes::Show);
  EXPECT_NE(dump.find("Wildcard * :: string[3]"), std::string::npos) << dump;
}

TEST(WildcardDelete, StarElsewhereIsAnError) {
  auto c = check("BEGIN { @m[1, 2] = 1; @x = @m[1, *]; }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:34: ERROR: a wildcard key '*' is only valid in delete(@map[…])\n"
            "BEGIN { @m[1, 2] = 1; @x = @m[1, *]; }\n" +
                std::string(33, ' ') +
                "^\n"
                "HINT: write delete(@map[k, *]) to delete every element whose first key is k\n");
}

TEST(WildcardDelete, KeysMustMatchTheMap) {
  auto count = check("BEGIN { @m[1, 2] = 1; delete(@m[*]); }");
  EXPECT_FALSE(count.program);
  EXPECT_EQ(count.diagnostics, "stdin:1:30: ERROR: @m has 2 key(s), not 1\n"
                               "BEGIN { @m[1, 2] = 1; delete(@m[*]); }\n" +
                                   std::string(29, ' ') +
                                   "^~~~~\n"
                                   "HINT: give each key a value or a *\n");
  auto type = check("BEGIN { @m[1, 2] = 1; delete(@m[\"a\", *]); }");
  EXPECT_FALSE(type.program);
  EXPECT_EQ(type.diagnostics.substr(0, type.diagnostics.find('\n')),
            "stdin:1:33: ERROR: @m key 1 has type string[2] here but int8 elsewhere");
}

TEST(WildcardDelete, AMapNeverKeyedIsReported) {
  auto c = check("BEGIN { delete(@never[1, *]); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: @never is read but never assigned a value"),
            std::string::npos)
      << c.diagnostics;
}

TEST(PointerInAMap, KeepsItsTypeForFieldAccess) {
  auto c = check("struct foo { int x; int y; } "
                 "BEGIN { @p = (struct foo *)0; @m[1] = curtask; @x = @p->y; @pid = @m[1]->pid; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@p")->value.kind, TypeKind::Pointer);
  EXPECT_EQ(c.program->findMap("@m")->value.kind, TypeKind::Pointer);
  EXPECT_EQ(c.program->findMap("@x")->value, Type::integer(4, true));
}

TEST(PointerInAMap, APointerAndAnIntegerDoNotMix) {
  auto c = check("BEGIN { @p = curtask; @p = 1; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: type mismatch for @p: assigning int8 to a map that holds"),
            std::string::npos)
      << c.diagnostics;
}

TEST(ForLoops, OverAnAggregationGiveTheCombinedValue) {
  auto c = check("BEGIN { @c[1, 2] = count(); @s[1] = sum(-5); @a[1] = avg(3); "
                 "for ($kv : @c) { } for ($kv : @s) { } for ($kv : @a) { } }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const auto &body = c.program->ast->probes[0].body;
  const auto *count = body[3]->as<ast::For>();
  const auto *sum = body[4]->as<ast::For>();
  EXPECT_EQ(count->var->type,
            Type::tuple({Type::tuple({Type::integer(1, true), Type::integer(1, true)}),
                         Type::integer(8, false)}));
  EXPECT_EQ(sum->var->type, Type::tuple({Type::integer(1, true), Type::integer(8, true)}));
}

TEST(ForLoops, OverAHistogramIsRefused) {
  auto c = check("BEGIN { @h[1] = hist(5); for ($kv : @h) { } }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: for loops cannot iterate over an aggregation (hist_t)"),
            std::string::npos)
      << c.diagnostics;
}

TEST(ForLoops, ARangeUpToAMapsValueRunsAsACallback) {
  auto c = check("BEGIN { @a = 10; $n = 0; for ($i : 0..@a) { $n += $i; } "
                 "for ($j : 0..5) { $n += $j; } }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const auto &body = c.program->ast->probes[0].body;
  const auto *by_map = body[2]->as<ast::For>();
  const auto *constant = body[3]->as<ast::For>();
  EXPECT_TRUE(by_map->range_callback);
  ASSERT_EQ(by_map->captured.size(), 1u);
  EXPECT_EQ(by_map->captured[0]->name, "$n");
  EXPECT_FALSE(constant->range_callback);
}

TEST(ForLoops, ARangeUpToAMapsValueHasNoProbeContext) {
  auto c = check("tracepoint:raw_syscalls:sys_enter { @a = 3; for ($i : 0..@a) { @x = arg0; } }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: arg0 cannot be read inside a for loop over a map or up to "
                               "a map's value"),
            std::string::npos)
      << c.diagnostics;
}

TEST(PositionalAttachPoint, AWholeAttachPointParses) {
  std::string dump = parsedDump("$1 { exit(); } BEGIN,$2 { }");
  EXPECT_NE(dump.find("AttachPoint $1\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("AttachPoint BEGIN\n    AttachPoint $2\n"), std::string::npos) << dump;
}

TEST(PositionalAttachPoint, TakesTheArgumentsText) {
  SemaOptions options;
  options.positional_args = {"interval:ms:1", "END"};
  auto c = check("$1 { exit(); } BEGIN,$2 { }", options);
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->ast->probes[0].attach_points[0].text, "interval:ms:1");
  EXPECT_EQ(c.program->ast->probes[1].attach_points[1].text, "END");
}

TEST(PositionalAttachPoint, KaddrTakesTheArgumentsTextThroughStr) {
  SemaOptions options;
  options.positional_args = {"no_such_symbol_here"};
  auto c = check("BEGIN { @a = kaddr(str($1)); }", options);
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics.substr(0, c.diagnostics.find('\n')),
            "stdin:1:24: ERROR: kernel symbol 'no_such_symbol_here' is not in /proc/kallsyms");
}

} // namespace
} // namespace bpfscope
