// Sema of the newest bpftrace's stdlib functions that bpfscope evaluates at
// compile time or checks before codegen: globmatch, memcmp, the type
// predicates, strcap, default_str_length, kfunc_exist, kfunc_allowed,
// assert_str, signal_thread and the array cast without a length.
#include "check_script.h"
#include "sema/gfp_flags.h"
#include "sema/glob_pattern.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

void expectError(const std::string &script, const std::string &message) {
  auto c = check(script);
  EXPECT_FALSE(c.program) << script;
  EXPECT_NE(c.diagnostics.find(message), std::string::npos) << c.diagnostics;
}

TEST(StdlibFunctions, TypesTheirResults) {
  auto c = check(R"(BEGIN { @a = globmatch(comm, "b*"); @b = memcmp(comm, "ab", 2);
    @c = is_str(comm); @d = strcap(comm); @e = default_str_length();
    @f = kfunc_exist("bpf_task_from_pid"); @g = is_literal(1); @h = (uint8[])(uint32)1; })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const CheckedProgram &p = *c.program;
  EXPECT_EQ(p.findMap("@a")->value, Type::boolean());
  EXPECT_EQ(p.findMap("@b")->value, Type::integer(8, true));
  EXPECT_EQ(p.findMap("@c")->value, Type::boolean());
  // strcap() is a constant: a map stores it at its smallest type, an int8.
  EXPECT_EQ(p.findMap("@d")->value, Type::integer(1, true));
  EXPECT_EQ(p.findMap("@e")->value, Type::integer(2, false));
  EXPECT_EQ(p.findMap("@f")->value, Type::boolean());
  EXPECT_EQ(p.findMap("@g")->value, Type::boolean());
  EXPECT_EQ(p.findMap("@h")->value, Type::array(Type::integer(1, false), 4));
}

TEST(StdlibFunctions, GlobmatchNeedsALiteralPattern) {
  auto c = check(R"(BEGIN { $p = "a*"; @x = globmatch(comm, $p); })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics, "stdin:1:41: ERROR: globmatch()'s pattern must be a string literal\n"
                           "BEGIN { $p = \"a*\"; @x = globmatch(comm, $p); }\n"
                           "                                        ^~\n"
                           "HINT: write globmatch(comm, \"ba*\")\n");
  expectError(R"(BEGIN { @x = globmatch(1, "a*"); })",
              "globmatch() needs a string here, not int64");
  expectError("BEGIN { @x = globmatch(comm, \"" + std::string(64, 'a') + "\"); }",
              "globmatch()'s pattern has more than 63 characters");
}

TEST(StdlibFunctions, MemcmpStaysWithinBothValues) {
  expectError(R"(BEGIN { @x = memcmp("ab", "abc", 4); })",
              "memcmp() cannot compare 4 bytes of values of 3 and 4 bytes");
  expectError(R"(BEGIN { @x = memcmp(1, "abc", 1); })",
              "memcmp() needs a string or an array here, not int64");
  expectError(R"(BEGIN { @x = memcmp("a", "b", "c"); })", "memcmp() needs an integer count here");
}

TEST(StdlibFunctions, PredicatesFoldIntoStaticAssert) {
  EXPECT_TRUE(check(R"(BEGIN { static_assert(is_ptr((int8 *)0) && !is_str(1), "x"); })").program);
  auto c = check(R"(BEGIN { static_assert(is_unsigned_integer(-1), "must be unsigned"); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: must be unsigned"), std::string::npos) << c.diagnostics;
}

TEST(StdlibFunctions, RejectsWrongArguments) {
  expectError("BEGIN { @x = is_str(); }", "is_str() takes 1 argument, got 0");
  expectError("BEGIN { @x = strcap(1); }", "strcap() needs a string or a char array, not int64");
  expectError("BEGIN { @x = default_str_length(1); }", "default_str_length() takes no arguments");
  expectError("BEGIN { $k = \"f\"; @x = kfunc_exist($k); }",
              "kfunc_exist() needs a string literal");
  expectError("BEGIN { @x = assert_str(comm); }", "assert_str() has no value");
}

TEST(StdlibFunctions, AssertStrWantsAStringLikeValue) {
  EXPECT_TRUE(check(R"(BEGIN { assert_str(comm); assert_str((int8 *)0); })").program);
  expectError("BEGIN { assert_str(1); }",
              "string-like values must be either strings, arrays or pointers");
  expectError("BEGIN { assert_str((uint64 *)0); }",
              "string-like pointers must point to a char-like type");
  expectError("BEGIN { assert_str((uint16[])(uint32)1); }",
              "string-like arrays must contain a char-like type");
}

TEST(StdlibFunctions, SignalThreadIsUnsafe) {
  expectError(R"(BEGIN { signal_thread("KILL"); })",
              "signal_thread() is an unsafe function being used in safe mode");
}

// override() needs --unsafe, one integer and a kprobe program; on this host's
// kernel, without kprobes, a kprobe runs as fentry, which cannot override.
TEST(StdlibFunctions, OverrideIsUnsafeAndWantsAKprobe) {
  expectError("kprobe:vfs_read { override(-1); }",
              "override() is an unsafe function being used in safe mode");
  SemaOptions unsafe;
  unsafe.unsafe = true;
  auto in_tracepoint = check("tracepoint:sched:sched_switch { override(-1); }", unsafe);
  EXPECT_NE(in_tracepoint.diagnostics.find(
                "override() cannot change the return value in tracepoint:sched:sched_switch"),
            std::string::npos)
      << in_tracepoint.diagnostics;
  auto two = check("BEGIN { override(1, 2); }", unsafe);
  EXPECT_NE(two.diagnostics.find("override() takes one argument"), std::string::npos)
      << two.diagnostics;
  auto text = check(R"(BEGIN { override("x"); })", unsafe);
  EXPECT_NE(text.diagnostics.find("override() needs an integer return value"), std::string::npos)
      << text.diagnostics;
}

TEST(StdlibFunctions, ArrayCastWithoutALengthNeedsADivisibleSize) {
  expectError("BEGIN { @x = (uint32[])(uint16)1; }", "cannot cast uint16 to uint32[]");
}

TEST(GlobPattern, ParsesClassesAndWildcards) {
  auto tokens = parseGlob("a?*[!x-z]]");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].kind, GlobToken::Kind::Literal);
  EXPECT_EQ(tokens[1].kind, GlobToken::Kind::AnyChar);
  EXPECT_EQ(tokens[2].kind, GlobToken::Kind::AnyRun);
  EXPECT_EQ(tokens[3].kind, GlobToken::Kind::Class);
  EXPECT_TRUE(tokens[3].negated);
  EXPECT_EQ(tokens[3].ranges, (std::vector<std::pair<uint8_t, uint8_t>>{{'x', 'z'}}));
  EXPECT_EQ(tokens[4].literal, ']');
}

TEST(GlobPattern, AnUnclosedClassIsALiteralBracket) {
  auto tokens = parseGlob("[ab");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].kind, GlobToken::Kind::Literal);
  EXPECT_EQ(tokens[0].literal, '[');
  auto first_bracket = parseGlob("[]a]");
  ASSERT_EQ(first_bracket.size(), 1u);
  EXPECT_EQ(first_bracket[0].ranges.size(), 2u);
}

// The bits are this kernel's (Linux 6.10+ numbers them in an enum in BTF).
TEST(GfpFlags, NamesTheWidestCombinationFirst) {
  EXPECT_EQ(gfpFlagNames(0xcc0), "GFP_KERNEL");
  EXPECT_EQ(gfpFlagNames(0x820), "GFP_ATOMIC");
  EXPECT_EQ(gfpFlagNames(0xcc0 | 0x100), "GFP_KERNEL|__GFP_ZERO");
  EXPECT_EQ(gfpFlagNames(0xcc0 | (uint64_t{1} << 40)), "GFP_KERNEL|0x10000000000");
  EXPECT_EQ(gfpFlagNames(0), "0x0");
}

TEST(StdlibFunctions, PrintfGrTakesAnInteger) {
  EXPECT_TRUE(check(R"(BEGIN { printf("%gr\n", 0xcc0); })").program);
  expectError(R"(BEGIN { printf("%gr\n", "x"); })", "printf: %gr needs an integer argument");
}

} // namespace
} // namespace bpfscope
