// Async output functions: print, clear, zero, time, cat, system, signal, and
// the CLI options that shape output (-o, -B).

#include "harness.h"

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class OutputFunctionsTest : public E2ETest {};

TEST_F(OutputFunctionsTest, PrintMapsInOrderWithPrintf) {
  auto result = runBpfscope({"-e", R"(BEGIN { @a = 1; @b[1, "x"] = 2; @c = count();
  printf("before\n"); print(@a); print(@b); print(@c); printf("after\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "before\n@a: 1\n@b[1, x]: 2\n@c: 1\nafter\n\n\n"
                        "@a: 1\n@b[1, x]: 2\n@c: 1\n");
}

TEST_F(OutputFunctionsTest, PrintHistAndStats) {
  auto result =
      runBpfscope({"-e", "BEGIN { @h = hist(5); @s = stats(4); @v = avg(6); print(@h); print(@s); "
                         "print(@v); clear(@h); clear(@s); clear(@v); exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "@h:\n" + histBucketLine("[4, 8)", 1, 1) +
                            "\n\n@s: { .count = 1, .average = 4, .total = 4 }\n@v: 6\n\n\n"
                            "@s: { .count = 0, .average = 0, .total = 0 }\n@v: 0\n");
}

TEST_F(OutputFunctionsTest, PrintTopAndDiv) {
  auto result = runBpfscope({"-e", "BEGIN { @[1] = 1000; @[2] = 3000; @[3] = 2000; "
                                   "print(@, 2, 1000); clear(@); exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "@[3]: 2\n@[2]: 3\n\n\n");
}

TEST_F(OutputFunctionsTest, ClearEmptiesAndZeroKeepsKeys) {
  auto result = runBpfscope({"-e", R"(BEGIN { @c[1] = count(); @c[2] = count(); @n = 5;
  clear(@c); print(@c); zero(@n); print(@n); printf("done\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "@n: 0\ndone\n\n\n@n: 0\n");
}

TEST_F(OutputFunctionsTest, ZeroPerCpuAggregation) {
  auto result = runBpfscope({"-e", "BEGIN { @s[\"a\"] = sum(7); zero(@s); exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@s[a]: 0\n");
}

TEST_F(OutputFunctionsTest, PrintValues) {
  auto result = runBpfscope(
      {"-e", R"(BEGIN { $x = -5; print(42); print($x); print("str"); print(comm); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "42\n-5\nstr\nbpfscope\n\n\n");
}

// The interval pattern: a map printed, then emptied, once per tick.
TEST_F(OutputFunctionsTest, IntervalPrintAndClear) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "7"};
  auto result = runBpfscope(
      {"-e", R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_burst"/ { @n = count(); }
interval:ms:300 { print(@n); clear(@n); }
interval:ms:1300 { exit(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // The burst lands in one tick; cleared, a map without keys prints 0 afterwards.
  auto lines = splitLines(result.out);
  auto burst = std::find(lines.begin(), lines.end(), "@n: 7");
  ASSERT_NE(burst, lines.end()) << result.out;
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "@n: 7"), 1) << result.out;
  for (auto line = std::next(burst); line != lines.end(); ++line)
    EXPECT_TRUE(*line == "@n: 0" || line->empty()) << result.out;
  EXPECT_TRUE(result.out.ends_with("\n\n@n: 0\n")) << result.out;
}

TEST_F(OutputFunctionsTest, TimeUsesStrftimeFormat) {
  auto result = runBpfscope({"-e", R"(BEGIN { time(); time("%Y|"); printf("\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(std::regex_match(result.out, std::regex("\\d\\d:\\d\\d:\\d\\d\n20\\d\\d\\|\n\n\n")))
      << result.out;
}

TEST_F(OutputFunctionsTest, CatPrintsFile) {
  auto result = runBpfscope({"-e", R"(BEGIN { cat("/proc/sys/kernel/%s", "ostype"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "Linux\n\n\n");
}

TEST_F(OutputFunctionsTest, SystemNeedsUnsafe) {
  auto refused = runBpfscope({"-e", R"(BEGIN { system("echo hi"); exit(); })"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_THAT(refused.err, HasSubstr("system() is an unsafe function being used in safe mode"));
  auto result =
      runBpfscope({"--unsafe", "-e", R"(BEGIN { system("echo %d-%s", 42, "x"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "42-x\n\n\n");
}

TEST_F(OutputFunctionsTest, SignalKillsTheCurrentTask) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "5000", "1"};
  auto refused = runBpfscope({"-e", R"(BEGIN { signal("KILL"); })"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_THAT(refused.err, HasSubstr("signal() is an unsafe function being used in safe mode"));
  RunResult result;
  // The harness reports a workload that does not exit 0; here that is the point.
  auto run = [&] {
    result = runBpfscope(
        {"--unsafe", "-e",
         R"(tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "bpfs_sleeper"/ { signal("KILL"); exit(); })"},
        options);
  };
  EXPECT_NONFATAL_FAILURE(run(), "exited with 137");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.workloadExitCode, 128 + 9);
}

TEST_F(OutputFunctionsTest, OutputFileGetsTheOutput) {
  char path[] = "/tmp/bpfscope-o-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  close(fd);
  auto result =
      runBpfscope({"-B", "full", "-o", path, "-e", R"(BEGIN { @a = 3; printf("hi\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "");
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_EQ(text.str(), "hi\n\n\n@a: 3\n");
  std::remove(path);
}

TEST_F(OutputFunctionsTest, PrintOfUnassignedMapIsAnError) {
  auto result = runBpfscope({"-e", "BEGIN { print(@nope); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("@nope is never assigned a value"));
}

} // namespace
} // namespace bpfscope::e2e
