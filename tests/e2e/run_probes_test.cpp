// Probes bpfscope runs itself rather than attaches: self:signal:SIGUSR1 runs
// each time bpfscope receives the signal (without one, SIGUSR1 prints the
// maps), bench:NAME is timed under --bench and test:NAME judged under --test
// (and neither runs otherwise).

#include "harness.h"

#include <gmock/gmock.h>

#include <csignal>
#include <regex>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class RunProbesTest : public E2ETest {
protected:
  // Expects a run refused before loading, with `message` and a hint on stderr.
  void expectRefused(const std::vector<std::string> &args, const std::string &message) {
    auto result = runBpfscope(args);
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr(message));
    EXPECT_THAT(result.err, HasSubstr("HINT:"));
  }

  // Runs `program`, sending bpfscope SIGUSR1 once it is attached (and again
  // `again` later when given).
  static RunResult runSignalled(const std::string &program,
                                std::optional<milliseconds> again = std::nullopt) {
    RunOptions options;
    options.sigintAfter = milliseconds(300);
    options.stopSignal = SIGUSR1;
    options.secondSignalAfter = again;
    options.timeout = milliseconds(10000);
    return runBpfscope({"-e", program}, options);
  }

  // The NANOSECONDS column of `name`'s row in a --bench table.
  static uint64_t benchNanoseconds(const std::string &table, const std::string &name) {
    std::smatch match;
    std::regex row("\\| " + name + " +\\| ([0-9]+) +\\|");
    if (!std::regex_search(table, match, row)) {
      ADD_FAILURE() << "no row for " << name << " in:\n" << table;
      return 0;
    }
    return std::stoull(match[1]);
  }

  // A --test report with each test's time, which varies, written "(T)".
  static std::string withoutTimes(const std::string &report) {
    return std::regex_replace(report, std::regex(R"(\([0-9]+ (ns|μs|ms|s)\))"), "(T)");
  }
};

// bpftrace's report, colours included: a passing test's output is hidden, a
// failing one's shown between its RUN and FAILED lines.
const std::string kGreen = "\033[32m", kRed = "\033[31m", kPlain = "\033[0m";
std::string reportLine(const std::string &colour, const std::string &tag, const std::string &text) {
  return colour + "[" + tag + "]" + kPlain + " " + text + "\n";
}

// The documentation's example: the probe prints, and exit() ends the run.
TEST_F(RunProbesTest, SelfSignalRunsWhenBpfscopeReceivesIt) {
  auto result = runSignalled("self:signal:SIGUSR1 { printf(\"%s\\n\", probe); exit(); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "self:signal:SIGUSR1\n\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
}

// Every self probe of the signal runs, in order, once per arrival; BEGIN
// runs first as usual, and the maps print at the end.
TEST_F(RunProbesTest, EachArrivalRunsEveryProbeOfTheSignal) {
  auto result = runSignalled("BEGIN { printf(\"begin\\n\"); }"
                             "self:signal:SIGUSR1 { @n = count(); printf(\"first\\n\"); }"
                             "self:signal:SIGUSR1 { @seen++; printf(\"second\\n\");"
                             "  if (@seen == 2) { exit(); } }",
                             milliseconds(300));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "begin\nfirst\nsecond\nfirst\nsecond\n\n\n@n: 2\n@seen: 2\n");
}

// A run of self probes alone waits for the signal instead of ending after BEGIN.
TEST_F(RunProbesTest, SelfProbesKeepTheRunWaiting) {
  auto result = runSignalled("self:signal:SIG* { @[probe] = count(); exit(); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[self:signal:SIGUSR1]: 1\n");
}

// As in bpftrace, SIGUSR1 prints every map when no self probe handles it.
TEST_F(RunProbesTest, Sigusr1WithoutASelfProbePrintsTheMaps) {
  auto result = runSignalled("BEGIN { @a = 1; @b[1, \"x\"] = count(); } interval:s:2 { exit(); }",
                             milliseconds(300));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string maps = "@a: 1\n@b[1, x]: 1\n";
  EXPECT_EQ(result.out, maps + maps + "\n\n" + maps);
}

TEST_F(RunProbesTest, SelfProbeErrors) {
  expectRefused({"-e", "self:signal:SIGUSR2 { }"}, "self probes cannot handle signal 'SIGUSR2'");
  expectRefused({"-e", "self:signal:SIGUSR { }"}, "did you mean 'SIGUSR1'?");
  expectRefused({"-e", "self:signal:SIGX* { }"}, "no self signal matches 'SIGX*'");
  expectRefused({"-e", "self:timer:1 { }"}, "self probes handle signals sent to bpfscope");
}

TEST_F(RunProbesTest, ListsSelfSignals) {
  EXPECT_EQ(runBpfscope({"-l", "self:*"}).out, "self:signal:SIGUSR1\n");
  EXPECT_EQ(runBpfscope({"-l", "self:signal:SIGUSR2"}).out, "");
  EXPECT_THAT(runBpfscope({"-l"}).out, HasSubstr("\nself:signal:SIGUSR1\n"));
}

// The documentation's example: one row per bench probe, sorted by name, in
// bpftrace's table where the maps would print (they do not).
TEST_F(RunProbesTest, BenchPrintsTheTableSortedByName) {
  auto result = runBpfscope({"--bench", "-e",
                             "bench:lhist { @a = lhist(rand % 10, 1, 10, 1); }"
                             "bench:count { @b = count(); }"
                             "bench:my_loop { $a = 0; for ($i : 0..10) { $a++; } }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 3 probes")) << result.err;
  EXPECT_THAT(result.out, testing::MatchesRegex("\n\n"
                                                "\\+-----------\\+-------------\\+\n"
                                                "\\| BENCHMARK \\| NANOSECONDS \\|\n"
                                                "\\+-----------\\+-------------\\+\n"
                                                "\\| count     \\| [0-9]+ +\\|\n"
                                                "\\| lhist     \\| [0-9]+ +\\|\n"
                                                "\\| my_loop   \\| [0-9]+ +\\|\n"
                                                "\\+-----------\\+-------------\\+\n"));
}

// The times are the kernel's measure of the program: a hundred map updates
// take far longer than an empty probe.
TEST_F(RunProbesTest, BenchTimesGrowWithTheWork) {
  auto result = runBpfscope({"--bench", "-e",
                             "bench:empty { } bench:a_long_name_for_a_loop {"
                             "  for ($i : 0..100) { @m[$i] = $i; } }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("| BENCHMARK              | NANOSECONDS |\n"));
  EXPECT_GT(benchNanoseconds(result.out, "a_long_name_for_a_loop"),
            10 * benchNanoseconds(result.out, "empty") + 100);
}

// As in bpftrace, a bench probe that returns non-zero is left out.
TEST_F(RunProbesTest, BenchProbeReturningNonZeroIsSkipped) {
  auto result =
      runBpfscope({"--bench", "-e", "bench:kept { @a = 1; } bench:skipped { @b = 1; return 1; }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, testing::MatchesRegex("\n\n"
                                                "\\+-----------\\+-------------\\+\n"
                                                "\\| BENCHMARK \\| NANOSECONDS \\|\n"
                                                "\\+-----------\\+-------------\\+\n"
                                                "\\| kept      \\| [0-9]+ +\\|\n"
                                                "\\+-----------\\+-------------\\+\n"));
}

// Without --bench, bench probes are checked but never run.
TEST_F(RunProbesTest, BenchProbesRunOnlyWithTheFlag) {
  auto result = runBpfscope({"-e", "bench:x { printf(\"ran\\n\"); } BEGIN { exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
  expectRefused({"--bench", "-e", "BEGIN { }"}, "--bench: the script has no bench probes");
  expectRefused({"-e", "bench { }"}, "bench probes take one name");
  expectRefused({"-e", "bench:a* { }"}, "bench probe names are not patterns: 'a*'");
  expectRefused({"-e", "test:ok { } BEGIN { return \"no\"; }"},
                "a return value must be an integer or a boolean, not string");
  auto unchecked = runBpfscope({"-e", "bench:x { $y = $nope; }"});
  EXPECT_EQ(unchecked.exitCode, 1);
  EXPECT_THAT(unchecked.err, HasSubstr("ERROR: variable $nope is used before it is assigned"));
}

// The documentation's example: one test passes, one returns 1 and fails.
TEST_F(RunProbesTest, TestReportsEachTestAndTheFailures) {
  auto result =
      runBpfscope({"--test", "-e",
                   "test:okay { print(\"I'm okay! This output will be suppressed.\"); }\n"
                   "test:failure { print(\"This is a failure! This output will be shown\");"
                   " return 1; }"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  EXPECT_EQ(result.err, "");
  EXPECT_EQ(withoutTimes(result.out), reportLine(kGreen, "==========", "Running 2 tests.") +
                                          reportLine(kGreen, " RUN      ", "okay") +
                                          reportLine(kGreen, "       OK ", "okay (T)") +
                                          reportLine(kGreen, " RUN      ", "failure") +
                                          "This is a failure! This output will be shown\n" +
                                          reportLine(kRed, "  FAILED  ", "failure (T)") +
                                          reportLine(kGreen, "==========", "2 tests ran.") +
                                          reportLine(kGreen, "  PASSED  ", "1 test.") +
                                          reportLine(kRed, "  FAILED  ", "1 test, listed below:") +
                                          reportLine(kRed, "  FAILED  ", "failure") + "\n\n");
}

// A test fails on a non-zero result (from a map loop's body too), an
// exit() with a non-zero status or an error (errorf, assert); its output
// shows with errors and warnings but without empty lines. BEGIN runs
// before the tests and END after them; the maps do not print.
TEST_F(RunProbesTest, WhatFailsATest) {
  auto result = runBpfscope({"--test", "-e",
                             "BEGIN { printf(\"begin\\n\"); @m[1] = 1; }\n"
                             "test:zero { return 0; }\n"
                             "test:exit0 { exit(); }\n"
                             "test:exit2 { exit(2); }\n"
                             "test:errorf { errorf(\"bad %d\", 7); }\n"
                             "test:warnf { warnf(\"careful\"); printf(\"\\n\\nspaced\\n\"); }\n"
                             "test:assert { assert(@m[1] == 2, \"m is 2\"); }\n"
                             "test:loop { for ($kv : @m) { return $kv.1 + 4; } }\n"
                             "test:loop0 { for ($kv : @m) { return 0; } return 1; }\n"
                             "END { printf(\"end\\n\"); }"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  std::string expected =
      "begin\n" + reportLine(kGreen, "==========", "Running 8 tests.") +
      reportLine(kGreen, " RUN      ", "zero") + reportLine(kGreen, "       OK ", "zero (T)") +
      reportLine(kGreen, " RUN      ", "exit0") + reportLine(kGreen, "       OK ", "exit0 (T)") +
      reportLine(kGreen, " RUN      ", "exit2") + reportLine(kRed, "  FAILED  ", "exit2 (T)") +
      reportLine(kGreen, " RUN      ", "errorf") + "stdin:5:15-34: ERROR: bad 7\n" +
      reportLine(kRed, "  FAILED  ", "errorf (T)") + reportLine(kGreen, " RUN      ", "warnf") +
      reportLine(kGreen, "       OK ", "warnf (T)") + reportLine(kGreen, " RUN      ", "assert") +
      "stdin:7:15-43: ERROR: assert failed: m is 2\n" +
      reportLine(kRed, "  FAILED  ", "assert (T)") + reportLine(kGreen, " RUN      ", "loop") +
      reportLine(kRed, "  FAILED  ", "loop (T)") + reportLine(kGreen, " RUN      ", "loop0") +
      reportLine(kGreen, "       OK ", "loop0 (T)") +
      reportLine(kGreen, "==========", "8 tests ran.") +
      reportLine(kGreen, "  PASSED  ", "4 tests.") +
      reportLine(kRed, "  FAILED  ", "4 tests, listed below:") +
      reportLine(kRed, "  FAILED  ", "exit2") + reportLine(kRed, "  FAILED  ", "errorf") +
      reportLine(kRed, "  FAILED  ", "assert") + reportLine(kRed, "  FAILED  ", "loop") +
      "end\n\n\n";
  EXPECT_EQ(withoutTimes(result.out), expected);
}

// A failing test's output keeps its warnings; all passing, the status is 0.
TEST_F(RunProbesTest, PassingTestsEndWithStatusZero) {
  auto result = runBpfscope({"--test", "-e", "test:a { @x = 1; } test:b { $y = 2; return 0; }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(withoutTimes(result.out),
            reportLine(kGreen, "==========", "Running 2 tests.") +
                reportLine(kGreen, " RUN      ", "a") + reportLine(kGreen, "       OK ", "a (T)") +
                reportLine(kGreen, " RUN      ", "b") + reportLine(kGreen, "       OK ", "b (T)") +
                reportLine(kGreen, "==========", "2 tests ran.") +
                reportLine(kGreen, "  PASSED  ", "2 tests.") + "\n\n");
  auto warned = runBpfscope({"--test", "-e", "test:w { warnf(\"hm\"); return 1; }"});
  EXPECT_EQ(warned.exitCode, 1) << warned.err;
  EXPECT_THAT(warned.out, HasSubstr("\nstdin:1:10-21: WARNING: hm\n" + kRed + "[  FAILED  ]"));
}

// -f json: one test_result line per test, as bpftrace writes them.
TEST_F(RunProbesTest, TestResultsInJson) {
  auto result = runBpfscope(
      {"--test", "-f", "json", "-e", "test:fine { } test:loud { printf(\"out\\n\"); return 2; }"});
  EXPECT_EQ(result.exitCode, 1) << result.err;
  // The durations vary: each is checked to be a number.
  std::string out =
      std::regex_replace(result.out, std::regex(R"("duration": [0-9]+,)"), R"("duration": N,)");
  EXPECT_EQ(out, R"({"type": "test_result", "data": {"fine": {"duration": N, "passed": true, )"
                 R"("output": ""}}})"
                 "\n"
                 R"({"type": "test_result", "data": {"loud": {"duration": N, "passed": false, )"
                 R"("output": "out\n"}}})"
                 "\n");
}

// Without --test, test probes are checked but never run; --test needs one.
TEST_F(RunProbesTest, TestProbesRunOnlyWithTheFlag) {
  auto result = runBpfscope({"-e", "test:x { printf(\"ran\\n\"); } BEGIN { exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
  expectRefused({"--test", "-e", "BEGIN { }"}, "--test: the script has no test probes");
  expectRefused({"-e", "test:x { } bench:y { }"},
                "no probes to attach: test probes run only with --test");
  expectRefused({"-e", "bench:y { }"}, "no probes to attach: bench probes run only with --bench");
  expectRefused({"-e", "test { }"}, "test probes take one name");
  expectRefused({"-e", "test:a* { }"}, "test probe names are not patterns: 'a*'");
}

} // namespace
} // namespace bpfscope::e2e
