// The language's control flow, scalar types, literals and variables, run in
// BEGIN probes on the real kernel (output compared exactly; where bpftrace
// 0.17 supports the construct it prints the same).
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class LanguageTest : public E2ETest {
protected:
  // Runs `script` with `args` after it and returns what it printed.
  std::string output(const std::string &script, const std::vector<std::string> &args = {}) {
    std::vector<std::string> argv = {"-q", "-e", script};
    argv.insert(argv.end(), args.begin(), args.end());
    RunResult result = runBpfscope(argv);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return result.out;
  }
};

// The body reads what the predicate read (one lookup), and what it wrote
// itself once it writes, also in a loop that writes after the read.
TEST_F(LanguageTest, BodySeesItsOwnWritesOfWhatThePredicateRead) {
  EXPECT_EQ(output(R"(BEGIN { @a[1] = 3; }
    interval:ms:10 /@a[1]/ { printf("%d ", @a[1]); @a[1] = 7; printf("%d ", @a[1]);
      $i = 0; while ($i < 2) { printf("%d ", @a[1]); @a[1]++; $i++; }
      delete(@a, 1); printf("%d\n", @a[1]); clear(@a); exit(); })"),
            "3 7 7 8 0\n\n\n");
}

TEST_F(LanguageTest, WhileWithBreakAndContinue) {
  EXPECT_EQ(output(R"(BEGIN { $i = 0; while ($i < 5) { $i++; if ($i == 2) { continue; }
    if ($i == 4) { break; } printf("%d ", $i); } printf("\n"); exit(); })"),
            "1 3 \n\n\n");
}

TEST_F(LanguageTest, ForRangeEvaluatesBoundsOnce) {
  EXPECT_EQ(output(R"(BEGIN { $a = 4; for ($i : 1..$a) { printf("%d ", $i); $a--; }
    for ($j : 0..3) { if ($j == 1) { continue; } @sum += $j; } printf("\n"); exit(); })"),
            "1 2 3 \n\n\n@sum: 2\n");
}

TEST_F(LanguageTest, UnrollRepeatsItsBlock) {
  EXPECT_EQ(output("BEGIN { unroll(3) { @u = @u + 1; } exit(); }"), "\n\n@u: 3\n");
}

TEST_F(LanguageTest, ReturnEndsTheProbe) {
  EXPECT_EQ(output(R"(BEGIN { printf("a\n"); exit(); return; printf("b\n"); })"), "a\n\n\n");
}

TEST_F(LanguageTest, ExitEndsTheProbeWhereItStands) {
  EXPECT_EQ(output(R"(BEGIN { @a = 1; if (@a == 1) { exit(); } @a = 2; printf("after\n"); })"),
            "\n\n@a: 1\n");
}

TEST_F(LanguageTest, IntegerCastsTruncateAndExtend) {
  EXPECT_EQ(output(R"(BEGIN { @t = (uint8)300; @s = (int8)200;
    printf("%d %d\n", (uint16)70000, (int32)-1); exit(); })"),
            "4464 -1\n\n\n@s: -56\n@t: 44\n");
}

TEST_F(LanguageTest, BoolsPrintAsTrueAndFalse) {
  EXPECT_EQ(output("BEGIN { @t = true; @f = false; @c = 2 > 1; exit(); }"),
            "\n\n@c: true\n@f: false\n@t: true\n");
}

TEST_F(LanguageTest, DurationLiteralsAreNanoseconds) {
  EXPECT_EQ(output(R"(BEGIN { printf("%d %d %d\n", 1s, 100ms, 10UL); @m = 2m; @d = 1d; exit(); })"),
            "1000000000 100000000 10\n\n\n@d: 86400000000000\n@m: 120000000000\n");
}

TEST_F(LanguageTest, ElvisYieldsTheConditionWhenTrue) {
  EXPECT_EQ(output(R"(BEGIN { $z = 0; printf("%d %d\n", 5 ?: 7, $z ?: 9); exit(); })"),
            "5 9\n\n\n");
}

TEST_F(LanguageTest, LetDeclaresTypedBlockScopedVariables) {
  EXPECT_EQ(output(R"(BEGIN { let $x: uint8 = 255; $x++; let $y; { $s = "in"; printf("%s ", $s); }
    { $s = 3; printf("%d ", $s); } printf("%d %d\n", $x, $y); exit(); })"),
            "in 3 0 0\n\n\n");
}

TEST_F(LanguageTest, PositionalParameters) {
  EXPECT_EQ(output(R"(BEGIN { printf("%d %s %d|%s|\n", $1 + 1, str($2), $#, str($3)); exit(); })",
                   {"41", "hello"}),
            "42 hello 2||\n\n\n");
}

TEST_F(LanguageTest, PositionalParameterInAttachPoint) {
  EXPECT_EQ(output(R"(interval:ms:$1 { printf("tick\n"); exit(); })", {"50"}), "tick\n\n\n");
}

TEST_F(LanguageTest, AggregationsReadInsideAProbe) {
  EXPECT_EQ(output(R"(BEGIN { @c = count(); @c = count(); @s = sum(3); @s = sum(9);
    @m = max(4); @a = avg(10); @a = avg(20);
    if (@s == 12) { printf("%d %d %d %d\n", @c, @s, @m, @a); } clear(@c); clear(@s); clear(@m);
    clear(@a); exit(); })"),
            // clear() zeroes a map without keys, which then prints 0 (bpftrace 0.17 and HEAD).
            "2 12 4 15\n\n\n@a: 0\n@c: 0\n@m: 0\n@s: 0\n");
}

TEST_F(LanguageTest, ConfigBlockAndMapDeclarations) {
  EXPECT_EQ(output(R"(config = { max_strlen = 4 } let @m = lruhash(2);
    BEGIN { @m[1] = str($1); exit(); })",
                   {"abcdef"}),
            "\n\n@m[1]: abc\n");
}

TEST_F(LanguageTest, CpuCountBuiltins) {
  EXPECT_EQ(
      output(R"(BEGIN { printf("%d %d %d\n", ncpus >= 1, numaid >= 0, jiffies > 0); exit(); })"),
      "1 1 1\n\n\n");
}

// Constructs the newest bpftrace's own tools (tools/*.bt) and its language
// documentation use: conditions and loop headers without parentheses, tuples
// as multi-key map keys, named parameters, keyword-less struct casts, typed
// pointer arguments of raw tracepoints, ntop() of a BTF byte array and
// missing_probes.

TEST_F(LanguageTest, ControlFlowWithoutParentheses) {
  EXPECT_EQ(output(R"(BEGIN { $x = 3;
    if $x > 2 { printf("big "); } else if $x == 2 { printf("two "); } else { printf("small "); }
    $i = 0; while $i < 3 { $i++; }
    for $j : 0..2 { printf("%d ", $j); }
    @m[5] = 6; for $kv : @m { printf("%d=%d ", $kv.0, $kv.1); }
    unroll 2 { printf("u "); }
    printf("%d\n", $i); $i == 3 ? printf("three\n") : print("other"); clear(@m); exit(); })"),
            "big 0 1 5=6 u u 3\nthree\n\n\n");
}

TEST_F(LanguageTest, TupleKeysNameTheElementsOfMultiKeyMaps) {
  EXPECT_EQ(output(R"(BEGIN { $k = (7, "x"); @m[$k] = 1; @m[7, "x"] += 1; @m[(8, "y")] = 5;
    printf("%d %d %d\n", @m[7, "x"], @m[$k], has_key(@m, (8, "y")));
    delete(@m, (8, "y")); exit(); })"),
            "2 2 1\n\n\n@m[7, x]: 2\n");
}

TEST_F(LanguageTest, GetoptReadsNamedParametersAfterTheDoubleDash) {
  const std::string script =
      R"(BEGIN { printf("%d %d %s %d %s\n", getopt("depth", 1), getopt("verbose"),
    getopt("name", "unnamed"), $#, str($1)); exit(); })";
  EXPECT_EQ(output(script, {"first", "--", "--depth=30", "--verbose", "--name=abc"}),
            "30 1 abc 1 first\n\n\n");
  EXPECT_EQ(output(script), "1 0 unnamed 0 \n\n\n");
}

// As bpftrace takes them: named parameters before the `--` too, mixed with
// the positional ones, and true/false (in any case) for an integer parameter.
TEST_F(LanguageTest, GetoptNamedParametersBeforeTheDoubleDashAndBooleanWords) {
  const std::string script =
      R"(BEGIN { printf("%s %d %s %s %d %d\n", str($1), getopt("aa", 10), str($2),
    getopt("bb", "hello"), getopt("cc", 1), getopt("dd")); exit(); })";
  EXPECT_EQ(output(script, {"--aa=20", "pos1", "--bb=bye", "--", "pos2", "--cc=False", "--dd"}),
            "pos1 20 pos2 bye 0 1\n\n\n");
  RunResult r = runBpfscope({"-e", "BEGIN { exit(); }", "-x"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("not expected: -x"), std::string::npos) << r.err;
}

TEST_F(LanguageTest, TupleIndexKnownAtCompileTime) {
  EXPECT_EQ(
      output(
          R"(BEGIN { $t = (1, "hello"); print($t[2 - 1]); print((7, 8)[sizeof(uint8)]); exit(); })"),
      "hello\n8\n\n\n");
}

TEST_F(LanguageTest, StrOfAPositionalPlusAnOffset) {
  EXPECT_EQ(output(R"(BEGIN { printf("%s|%s\n", str($1 + 1), str($1 + 5)); exit(); })", {"hello"}),
            "ello|\n\n\n");
}

TEST_F(LanguageTest, GetoptRefusesAValueOfTheWrongType) {
  RunResult r = runBpfscope({"-e", R"(BEGIN { print(getopt("depth", 1)); })", "--", "--depth=x"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLine(r.err, "stdin:1:15: ERROR: --depth must be an integer, not 'x'")) << r.err;
}

// As the language documentation advises, clearing maps in END keeps them
// from being printed at exit; an aggregation without keys prints 0.
TEST_F(LanguageTest, ClearInEndHidesAMap) {
  EXPECT_EQ(output("BEGIN { @plain = 1; @keyed[1] = 2; @n = count(); exit(); }"
                   " END { clear(@plain); clear(@keyed); clear(@n); }"),
            "\n\n@n: 0\n");
}

TEST_F(LanguageTest, StructCastsMayLeaveOutTheKeyword) {
  EXPECT_EQ(output(R"(struct Pair { int a; int b; }
    BEGIN { $t = (task_struct *)curtask; printf("%d %d\n", $t->tgid == pid, sizeof(Pair)); exit(); })"),
            "1 8\n\n\n");
}

// Raw tracepoint arguments keep their BTF pointer types, so fields chain
// without casts; ntop() takes the 16-byte array BTF types as a string (an
// IPv4 socket's IPv6 address is the v4-mapped one).
TEST_F(LanguageTest, RawTracepointArgumentsAreTypedPointers) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_tcp"), "10"};
  options.sigintAfter = milliseconds(200);
  RunResult r =
      runBpfscope({"-e",
                   R"(rawtracepoint:inet_sock_set_state /comm == "bpfs_tcp" && args.newstate == 1/ {
         $c = args.sk.__sk_common;
         printf("%s %s %d\n", ntop($c.skc_daddr), ntop($c.skc_v6_daddr.in6_u.u6_addr8),
                $c.skc_family); exit(); })"},
                  options);
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "127.0.0.1 ::ffff:127.0.0.1 2\n\n\n") << r.err;
}

TEST_F(LanguageTest, MissingProbesCanBeIgnoredOrWarnedAbout) {
  const std::string binary = workloadPath("bpfs_uprobe");
  const std::string probes = "uprobe:" + binary + ":no_such_function, uprobe:" + binary +
                             ":main { } BEGIN { printf(\"ran\\n\"); exit(); }";
  RunResult r = runBpfscope({"-q", "-e", "config = { missing_probes = \"ignore\" } " + probes});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "ran\n\n\n");
  EXPECT_EQ(r.err, "");

  r = runBpfscope({"-q", "-e", "config = { missing_probes = warn } " + probes});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(hasLineMatching(r.err, "stdin:1:36: WARNING: no function 'no_such_function' in .* "
                                     "\\(missing_probes = warn: skipping the probe\\)"))
      << r.err;

  r = runBpfscope({"-q", "-e", probes});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_TRUE(hasLineMatching(r.err, "stdin:1:1: ERROR: no function 'no_such_function' in .*"))
      << r.err;
}

} // namespace
} // namespace bpfscope::e2e
