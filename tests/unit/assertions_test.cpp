// Sema of errorf/warnf (records like printf's), assert (an errorf record
// sent when its condition fails), and the compile-time fail/static_assert,
// including which branches of a constant `if` count as reached.
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

const PrintfInfo *recordOf(const CheckedProgram &program, const std::string &function) {
  for (const PrintfInfo &info : program.printfs)
    if (info.call->name == function)
      return &info;
  return nullptr;
}

TEST(Assertions, ErrorfAndWarnfAreFormattedRecords) {
  auto c = check(R"(BEGIN { errorf("bad %d %s", 10, "x"); warnf("careful"); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const PrintfInfo *error = recordOf(*c.program, "errorf");
  const PrintfInfo *warning = recordOf(*c.program, "warnf");
  ASSERT_TRUE(error && warning);
  EXPECT_EQ(error->kind, AsyncKind::Error);
  EXPECT_EQ(error->format, "bad %d %s");
  EXPECT_EQ(error->arg_types, (std::vector<Type>{Type::integer(8, true), Type::string(2)}));
  EXPECT_EQ(warning->kind, AsyncKind::Warning);
  EXPECT_TRUE(warning->arg_types.empty());
}

TEST(Assertions, ErrorfChecksItsFormatAndHasNoValue) {
  auto c = check(R"(BEGIN { errorf("%d\n", "text"); $x = warnf("w"); errorf($y); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:24: ERROR: printf: %d needs an integer argument, got "
                               "string[5]"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("ERROR: warnf() has no value; call it as a statement"),
            std::string::npos);
  EXPECT_NE(c.diagnostics.find("ERROR: errorf() needs a format string literal as its first"),
            std::string::npos);
}

TEST(Assertions, AssertSendsAnErrorfRecordOfItsMessage) {
  auto c = check(R"(BEGIN { $s = "why"; assert(pid > 1, $s); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const PrintfInfo *record = recordOf(*c.program, "assert");
  ASSERT_TRUE(record);
  EXPECT_EQ(record->kind, AsyncKind::Error);
  EXPECT_EQ(record->format, "assert failed: %s");
  EXPECT_EQ(record->arg_types, std::vector<Type>{Type::string(4)});
}

TEST(Assertions, AssertNeedsAConditionAndAStringMessage) {
  auto c = check(R"(BEGIN { assert("x", "m"); assert(1, 2); assert(1); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:16: ERROR: assert() needs an integer or a boolean "
                               "condition, not string[2]"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("stdin:1:37: ERROR: assert()'s message must be a string, not "
                               "int64"),
            std::string::npos);
  EXPECT_NE(c.diagnostics.find("ERROR: assert() takes 2 arguments, got 1\n"
                               "BEGIN { assert(\"x\", \"m\"); assert(1, 2); assert(1); }\n"
                               "                                        ^~~~~~~~~\n"
                               "HINT: write assert($fd >= 0, \"a valid descriptor\")\n"),
            std::string::npos);
}

TEST(Assertions, AssertCannotExitFromALoop) {
  auto c = check(R"(BEGIN { for ($i : 0..3) { assert($i < 5, "small"); } })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:27: ERROR: assert() cannot be used inside a loop: it "
                               "calls exit()"),
            std::string::npos)
      << c.diagnostics;
}

TEST(Assertions, FailIsAnErrorWithTheFormattedMessage) {
  auto c = check(R"(BEGIN { fail("need %d, got %s [%x]", 2, "one", 255); })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics, "stdin:1:9: ERROR: need 2, got one [ff]\n"
                           "BEGIN { fail(\"need %d, got %s [%x]\", 2, \"one\", 255); }\n"
                           "        ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(Assertions, FailInABranchAConstantConditionRulesOutIsNotReached) {
  auto c = check(R"(BEGIN { if (2 < 1) { fail("never"); } else { printf("ok\n"); }
    if (sizeof(int32) == 4) { } else { fail("no"); }
    if (-1 > 0 || EPERM != 1) { fail("nor this"); } })");
  EXPECT_TRUE(c.program) << c.diagnostics;
}

TEST(Assertions, FailUnderARunTimeConditionIsReached) {
  auto c = check(R"(BEGIN { if (pid > 1) { fail("reached"); } })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:24: ERROR: reached\n"), std::string::npos) << c.diagnostics;
}

TEST(Assertions, FailNeedsLiterals) {
  auto c = check(R"(BEGIN { fail("%d", pid); fail(1); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:20: ERROR: fail() arguments need to be literals"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("stdin:1:31: ERROR: first argument to fail() must be a string "
                               "literal"),
            std::string::npos);
}

TEST(Assertions, StaticAssertFailsOnAFalseConstantCondition) {
  auto c = check(R"(struct S { int a; char b[12]; };
BEGIN { static_assert(sizeof(struct S) == 16, "S is 16 bytes");
  static_assert(offsetof(struct S, b) != 4, "b follows a"); })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics, "stdin:3:3: ERROR: b follows a\n"
                           "  static_assert(offsetof(struct S, b) != 4, \"b follows a\"); }\n"
                           "  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST(Assertions, StaticAssertNeedsAConditionKnownAtCompileTime) {
  auto c = check(R"(BEGIN { static_assert(pid > 0, "m"); static_assert(1, $x); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:23: ERROR: static_assert()'s condition must be known at "
                               "compile time"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("ERROR: static_assert()'s message must be a string literal"),
            std::string::npos);
}

TEST(Assertions, StaticAssertInARuledOutBranchIsNotChecked) {
  auto c =
      check(R"(BEGIN { if (0) { static_assert(0, "unreached"); } static_assert(1, "fine"); })");
  EXPECT_TRUE(c.program) << c.diagnostics;
}

} // namespace
} // namespace bpfscope
