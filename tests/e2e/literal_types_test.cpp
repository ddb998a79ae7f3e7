// The smallest-type rule for literals in variables and maps, typeof() as a
// type, and getopt()'s named parameters on the command line, run on the real
// kernel. bpftrace 0.17 has none of the three (its literals are int64, it has
// no typeof and no getopt); the values printed are the same as its for the
// scripts it runs.
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class LiteralTypesTest : public E2ETest {};

// A variable or map first assigned a small literal widens to hold a later,
// larger value instead of cutting it; counters and sums count past 255.
TEST_F(LiteralTypesTest, SmallLiteralsWidenInsteadOfTruncating) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $x = 1; $x = 100000; $n = -1; $n = 100; $m = -1; $m = 200;
  $i = 0; while ($i < 300) { $i = $i + 1; }
  $c = 0; while ($c < 1000) { $c++; }
  printf("%d %d %d %d %d\n", $x, $n, $m, $i, $c);
  @x = 1; @x++; @y = 1; @y += 1000; @z[1] = 1; @z[1] = 70000;
  exit(); })"),
            "100000 100 200 300 1000\n\n\n@x: 2\n@y: 1001\n@z[1]: 70000\n");
}

// Another probe's larger value widens the map: it is not cut to a uint8.
TEST_F(LiteralTypesTest, AnotherProbesValueWidensTheMap) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @a["k"] = 1; }
  interval:ms:10 { @a["k"] = 100000; @b = @a["k"] + 1; exit(); })"),
            "\n\n@a[k]: 100000\n@b: 100001\n");
}

TEST_F(LiteralTypesTest, AUint64AndASignedValueCannotShareAVariable) {
  RunResult r = runBpfscope({"-e", "BEGIN { $c = (uint64)1; $c = (int64)-1; exit(); }"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLine(r.err, "stdin:1:25: ERROR: type mismatch for $c: assigning int64 to a "
                             "variable that holds uint64"))
      << r.err;
  r = runBpfscope({"-e", "BEGIN { @m = (uint64)1; } END { @m = -1; }"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLine(r.err, "stdin:1:38: ERROR: type mismatch for @m: assigning int8 to a map "
                             "that holds uint64"))
      << r.err;
}

TEST_F(LiteralTypesTest, TypeofNamesTheTypeOfAVariableOrAMap) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $x = (int16)-5; @m = (uint16)5;
  $a = (typeof($x))70000; $b = (typeof(@m))65537; $c = (typeof(int32))4294967295;
  let $d: typeof($x) = 100;
  printf("%d %d %d %d %d\n", $a, $b, $c, $d, sizeof($d));
  clear(@m); exit(); })"),
            "4464 1 -1 100 2\n\n\n");
}

TEST_F(LiteralTypesTest, HelpListsTheNamedParameters) {
  RunResult r = runBpfscope({"-e",
                             R"(BEGIN { print(getopt("depth", 10, "how deep to look"));
  print(getopt("name", "x")); print(getopt("verbose")); print(getopt("delta", -2)); })",
                             "--", "--help"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "Named parameters (pass them after --):\n"
                   "    --depth=INTEGER         how deep to look (default: 10)\n"
                   "    --name=STRING           (default: \"x\")\n"
                   "    --verbose               (default: false)\n"
                   "    --delta=INTEGER         (default: -2)\n");
  r = runBpfscope({"-e", "BEGIN { exit(); }", "--", "--help"});
  EXPECT_EQ(r.out, "The script has no named parameters.\n");
}

// As bpftrace: a named parameter that no getopt() reads is an error.
TEST_F(LiteralTypesTest, ANamedParameterTheScriptDoesNotReadIsAnError) {
  RunResult r = runBpfscope(
      {"-e", R"(BEGIN { print(getopt("depth", 10)); exit(); })", "--", "--dpth=3", "--verbose"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLine(r.err, "ERROR: unexpected program command line options: --dpth, --verbose"))
      << r.err;
  EXPECT_TRUE(hasLine(r.err, "HINT: expected program options: --depth")) << r.err;
  r = runBpfscope({"-e", "BEGIN { exit(); }", "--", "--depth=3"});
  EXPECT_TRUE(hasLine(r.err, "HINT: no custom program options defined.")) << r.err;
}

} // namespace
} // namespace bpfscope::e2e
