// typeof(T) and typeof(expr) written where a type goes: a cast's type and a
// `let` declaration's, as in the newest bpftrace's grammar (any_type).
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;
using test::typedLine;

TEST(Typeof, CastsToTheTypeOfAVariableAMapOrAType) {
  EXPECT_EQ(typedLine("BEGIN { $x = (int16)1; $y = (typeof($x))5; }", "Variable $y"),
            "Variable $y :: int16");
  EXPECT_EQ(typedLine("BEGIN { @m = (uint16)1; $y = (typeof(@m))5; }", "Variable $y"),
            "Variable $y :: uint16");
  EXPECT_EQ(typedLine("BEGIN { $y = (typeof(uint32))5; }", "Variable $y"), "Variable $y :: uint32");
  EXPECT_EQ(typedLine("BEGIN { $y = (typeof(pid))5; }", "Variable $y"), "Variable $y :: uint32");
}

TEST(Typeof, DeclaresAVariableOfThatType) {
  EXPECT_EQ(typedLine("BEGIN { $x = (int32)1; let $y: typeof($x) = 5; $z = $y; }", "Variable $z"),
            "Variable $z :: int32");
  // A map's integers have the type bpftrace gives them: 1 is an int8.
  EXPECT_EQ(typedLine("BEGIN { @m = 1; let $y: typeof(@m); $z = $y; }", "Variable $z"),
            "Variable $z :: int8");
  EXPECT_EQ(typedLine("BEGIN { let $y: typeof(int8) = 1; $z = $y; }", "Variable $z"),
            "Variable $z :: int8");
  EXPECT_EQ(typedLine("struct S { int a; } BEGIN { let $p: typeof(struct S *); $z = $p; }",
                      "Variable $z"),
            "Variable $z :: struct S *");
}

TEST(Typeof, TheExpressionIsCheckedButNotRun) {
  // The cast names no type; its Typeof child holds the expression.
  EXPECT_EQ(typedLine("BEGIN { $x = (uint8)1; $y = (typeof($x))2; }", "Cast  "), "Cast  :: uint8");
  auto unknown = check("BEGIN { $y = (typeof(@never))1; }");
  EXPECT_FALSE(unknown.program);
  EXPECT_NE(unknown.diagnostics.find("ERROR: @never is read but never assigned a value"),
            std::string::npos)
      << unknown.diagnostics;
  auto aggregate = check("BEGIN { @h = hist(1); $y = (typeof(@h))1; }");
  EXPECT_FALSE(aggregate.program);
  EXPECT_NE(aggregate.diagnostics.find("ERROR: reading an aggregation (hist_t)"), std::string::npos)
      << aggregate.diagnostics;
}

TEST(Typeof, NeedsItsParentheses) {
  auto c = check("BEGIN { $y = (typeof $x)1; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR:"), std::string::npos);
}

} // namespace
} // namespace bpfscope
