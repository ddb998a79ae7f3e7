// Expression forms of the newest bpftrace run on the real kernel: `if` as a
// value, conditionals whose branches differ in size, string and bool casts,
// and division by zero (1 and a warning). bpftrace 0.17 has none of them
// (it refuses the first three and divides by zero silently into 0).
#include "harness.h"

#include <gmock/gmock.h>

namespace bpfscope::e2e {
namespace {

class ExpressionFormsTest : public E2ETest {};

TEST_F(ExpressionFormsTest, IfGivesTheValueOfTheBranchTaken) {
  EXPECT_EQ(quietScriptOutput(R"BT(BEGIN { $x = 3;
    print(if ($x == 3) { 1 } else { 2 });
    $y = if $x > 5 { "big" } else if $x > 1 { "medium" } else { "small" };
    print($y);
    $z = if ($x > 100) { 0 } else { let $a = $x * 10; $a + 5 };
    printf("%d %d\n", $z, if ($x) { -1000 } else { 7 } + 1);
    exit(); })BT"),
            "1\nmedium\n35 -999\n\n\n");
}

// Only the branch taken runs its statements: each call counts in one map.
TEST_F(ExpressionFormsTest, IfRunsOnlyTheBranchTakenInATracepoint) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "5"};
  options.sigintAfter = milliseconds{200};
  RunResult result = runBpfscope({"-e", R"BT(tracepoint:syscalls:sys_enter_getppid
    /comm == "bpfs_burst"/ {
      @n++;
      @kind[if (@n % 2 == 0) { @even++; "even" } else { @odd++; "odd" }] = count(); })BT"},
                                 options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@even: 2\n@kind[even]: 2\n@kind[odd]: 3\n@n: 5\n@odd: 3\n");
}

TEST_F(ExpressionFormsTest, ConditionalBuffersAndTuplesTakeTheLargerSize) {
  EXPECT_EQ(quietScriptOutput(R"BT(BEGIN { $s = "abcdef";
    $b = pid ? buf($s, 2) : buf($s, 4); printf("%r|", $b);
    $c = !pid ? buf($s, 2) : buf($s, 4); printf("%r\n", $c);
    print(pid ? ("long", "a") : ("b", "longer"));
    print(!pid ? ("long", "a") : ("b", "longer"));
    $r = pid ? (x = "a", y = 1) : (x = "bcd", y = 2); print($r.x);
    exit(); })BT"),
            "ab|abcd\n(long, a)\n(b, longer)\na\n\n\n");
}

// An if/else with values that ends a branch is the branch's value; else-if
// chains and statements before it included.
TEST_F(ExpressionFormsTest, ANestedIfIsTheValueOfTheBranchItEnds) {
  EXPECT_EQ(quietScriptOutput(R"BT(BEGIN { $c = 2;
    $x = if ($c > 1) { if ($c > 5) { 1 } else { 2 } } else { 3 };
    $y = if ($c > 5) { 0 } else { $t = 4; if ($c == 3) { 7 } else if ($c == 2) { $t * 10 }
      else { 8 } };
    printf("%d %d\n", $x, $y); exit(); })BT"),
            "2 40\n\n\n");
}

// bpftrace's runtime test variable/buf_equality, then buffers equal in their
// bytes but not in capacity, and of one capacity but another length.
TEST_F(ExpressionFormsTest, BuffersCompareByLengthAndBytes) {
  EXPECT_EQ(quietScriptOutput(R"BT(BEGIN { $a = buf("hi", 2); $b = buf("bye", 3);
    printf("equal=%d, unequal=%d\n", $a == $a, $a != $b);
    $s = "hix"; $h = buf($s, 2);
    printf("%d %d %d %d\n", $a == $h, buf("hx", 2) == $a, buf($s, 3) == $h, buf($s, 3) != $h);
    exit(); })BT"),
            "equal=1, unequal=1\n1 0 0 1\n\n\n");
}

TEST_F(ExpressionFormsTest, StringAndBoolCasts) {
  EXPECT_EQ(quietScriptOutput(R"BT(BEGIN { $s = (string[8])"abc"; @s[$s] = sizeof($s);
    print(((bool)"hello", (bool)"", (bool)1, (bool)0, (int64)true));
    @c = count(); $p = (int64 *)0; print(((bool)@c, (bool)$p));
    print((bool[2])(uint16)0x100); print((uint16)(bool[2])(uint16)0x100);
    exit(); })BT"),
            "(true, false, true, false, 1)\n(true, false)\n[false,true]\n256\n\n\n"
            "@c: 1\n@s[abc]: 8\n");
}

TEST_F(ExpressionFormsTest, DivisionByZeroGivesOneAndWarnsAtTheOperator) {
  RunResult result = runBpfscope(
      {"-q", "-e", R"BT(BEGIN { $z = 0; printf("%d %d\n", 7 / $z, -7 % $z); exit(); })BT"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 1\n\n\n");
  const std::string warning = "WARNING: Divide or modulo by 0 detected. This can lead to "
                              "unexpected results. 1 is being used as the result.\n";
  EXPECT_THAT(result.err, testing::HasSubstr("stdin:1:37: " + warning +
                                             "BEGIN { $z = 0; printf(\"%d %d\\n\", 7 / $z, -7 % "
                                             "$z); exit(); }\n"
                                             "                                    ^\n"));
  EXPECT_THAT(result.err, testing::HasSubstr("stdin:1:46: " + warning));
}

// The average of a key no avg() reached divides by a count of 0 without a warning.
TEST_F(ExpressionFormsTest, AnEmptyAverageReadsAsZeroWithoutAWarning) {
  RunResult result = runBpfscope(
      {"-q", "-e",
       R"BT(BEGIN { @a[1] = avg(4); @a[1] = avg(7); printf("%d %d\n", (int64)@a[2], (int64)@a[1]);
         clear(@a); exit(); })BT"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 5\n\n\n");
  EXPECT_EQ(result.err, "");
}

TEST_F(ExpressionFormsTest, DivisionByZeroInJsonIsAHelperErrorRecordWithTheMessage) {
  RunResult result =
      runBpfscope({"-q", "-f", "json", "-e", "BEGIN { $z = 0; @a = 5 / $z; exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out,
            "{\"type\": \"helper_error\", \"msg\": \"Divide or modulo by 0 detected. This can "
            "lead to unexpected results. 1 is being used as the result.\", \"helper\": \"divide\", "
            "\"retcode\": 0, \"filename\": \"stdin\", \"line\": 1, \"col\": 24}\n"
            "{\"type\": \"map\", \"data\": {\"@a\": 1}}\n");
}

} // namespace
} // namespace bpfscope::e2e
