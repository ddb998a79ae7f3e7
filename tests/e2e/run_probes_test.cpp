// Probes bpfscope runs itself rather than attaches: self:signal:SIGUSR1 runs
// each time bpfscope receives the signal (without one, SIGUSR1 prints the
// maps), and bench:NAME is timed under --bench (and never run otherwise).

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
};

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

// Without --bench, bench probes are checked but never run.
TEST_F(RunProbesTest, BenchProbesRunOnlyWithTheFlag) {
  auto result = runBpfscope({"-e", "bench:x { printf(\"ran\\n\"); } BEGIN { exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
  expectRefused({"--bench", "-e", "BEGIN { }"}, "--bench: the script has no bench probes");
  expectRefused({"-e", "bench { }"}, "bench probes take one name");
  expectRefused({"-e", "bench:a* { }"}, "bench probe names are not patterns: 'a*'");
  expectRefused({"-e", "test:ok { }"}, "test probes (bpftrace --test) are not supported yet");
  auto unchecked = runBpfscope({"-e", "bench:x { $y = $nope; }"});
  EXPECT_EQ(unchecked.exitCode, 1);
  EXPECT_THAT(unchecked.err, HasSubstr("ERROR: variable $nope is used before it is assigned"));
}

} // namespace
} // namespace bpfscope::e2e
