// The smallest-type rule for literals in variables and maps (the newest
// bpftrace's, PR #5138: signed, and unsigned next to an unsigned type),
// typeof() as a type, and getopt()'s named parameters on the command line, run on the real
// kernel. bpftrace 0.17 has none of the three (its literals are int64, it has
// no typeof and no getopt); the values printed are the same as its for the
// scripts it runs.
#include "harness.h"

#include <regex>

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

// As in the newest bpftrace (PR #5138) and 0.17: a literal is signed, so
// counting a variable or map started at 0 down gives negative values.
TEST_F(LiteralTypesTest, SubtractionAndCountingDownGoBelowZero) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $x = 0; $x = $x - 1; print($x);
  $y = 0; $y--; print($y);
  $a = -1; print($a); print(1); $b = 1; print($b);
  @c = 0; --@c; @v = 5; @v -= 10; @d = 0; ++@d; --@d;
  exit(); })"),
            "-1\n-1\n-1\n1\n1\n\n\n@c: -1\n@d: 0\n@v: -5\n");
}

// A literal ≥ 0 counts as unsigned next to an unsigned value: it does not
// make a uint64 map signed, nor a uint32 sum wider.
TEST_F(LiteralTypesTest, APositiveLiteralKeepsAnUnsignedValueUnsigned) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  $x = (uint32)5; $x = 1; $w = (uint32)0xffffffff; $s = $w + 1;
  printf("%d %d %d\n", $x, $s, sizeof($x));
  @m = 0xffffffffffffffff; @m = 0; @m = 0xfffffffffffffffe;
  $i = 0; while ($i < 300) { $i++ } print($i);
  exit(); })"),
            "1 0 4\n300\n\n\n@m: 18446744073709551614\n");
}

// A difference is signed (PR #5138) but fills the buckets it filled as an
// unsigned value, with no warning.
TEST_F(LiteralTypesTest, ATimestampMinusAStoredOneKeepsItsBuckets) {
  RunResult r = runBpfscope({"-e", R"(BEGIN { @start[1] = nsecs; @m = nsecs; @m = 0; }
  interval:ms:10 { $d = nsecs - @start[1]; @h = hist($d); @n = count(); exit(); })"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err.find("WARNING"), std::string::npos) << r.err;
  // Milliseconds: a bucket of millions of nanoseconds, not a wrapped value.
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(@h:\n\[\d+M, \d+M\))"))) << r.out;
  EXPECT_NE(r.out.find("@m: 0\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("@n: 1\n"), std::string::npos) << r.out;
}

// A map holds its integers at their own type, as in the newest bpftrace: a
// uint16 value plus 1 wraps at 16 bits (bpftrace 0.17, whose maps held 64
// bits, printed 65536); the values printed at exit are 0.17's.
TEST_F(LiteralTypesTest, AMapHoldsItsIntegersAtTheirType) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN {
  @p = (uint16)65535; @n = (int8)-1; @c = 1; @c++; @w = 1; @w = 100000;
  printf("%d %d %d\n", @p + 1, @n + (int8)1, @w + @c);
  exit(); })"),
            "0 0 100002\n\n\n@c: 2\n@n: -1\n@p: 65535\n@w: 100000\n");
}

TEST_F(LiteralTypesTest, AUint64AndASignedValueCannotShareAVariable) {
  RunResult r = runBpfscope({"-e", "BEGIN { $c = (uint64)1; $c = (int64)-1; exit(); }"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLine(r.err, "stdin:1:25: ERROR: type mismatch for $c: assigning int64 to a "
                             "variable that holds uint64"))
      << r.err;
  r = runBpfscope({"-e", "BEGIN { $x = nsecs; $x = -1; exit(); }"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLine(r.err, "stdin:1:21: ERROR: type mismatch for $x: assigning int8 to a "
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
