// Tracepoint programs driven by the workloads in workloads/, selected by comm.

#include "harness.h"

#include <filesystem>
#include <regex>

namespace bpfscope::e2e {
namespace {

constexpr milliseconds kSettle{200};

class TracepointTest : public E2ETest {};

TEST_F(TracepointTest, CountsEverySyscallExactly) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "1000"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope(
      {"-e",
       R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_burst"/ { @calls = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@calls: 1000\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
}

TEST_F(TracepointTest, CtrlCPrintsKeyedMapsAndExitsZero) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "7"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope(
      {"-e",
       R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_burst"/ { @[comm] = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[bpfs_burst]: 7\n");
}

TEST_F(TracepointTest, SeveralAttachPointsShareOneBody) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "3", "2"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_getppid,
tracepoint:syscalls:sys_enter_getpid
/comm == "bpfs_burst"/
{
  @[probe] = count();
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[tracepoint:syscalls:sys_enter_getpid]: 2\n"
                        "@[tracepoint:syscalls:sys_enter_getppid]: 3\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 2 probes")) << result.err;
}

TEST_F(TracepointTest, PredicateCombinesConditionsOnArguments) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_writer"), "10", "20", "20", "30"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_write
/comm == "bpfs_writer" && args.count >= 20 && args.count != 30/
{
  @n = count();
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@n: 2\n");
}

TEST_F(TracepointTest, SleepLatencyHistogram) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "10", "5"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(
tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "bpfs_sleeper"/ { @start[tid] = nsecs; }
tracepoint:syscalls:sys_exit_clock_nanosleep /comm == "bpfs_sleeper" && @start[tid]/
{
  @us = hist((nsecs - @start[tid]) / 1000);
  delete(@start[tid]);
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@us:")) << result.out;
  // 10 ms = 10000 us, inside [8192, 16384) — or later buckets when a loaded
  // machine wakes the sleeper late; never earlier.
  std::regex bucket(R"(^\[(\d+)([KM]?), \d+[KM]?\)\s+(\d+) \|@*\s*\|$)");
  uint64_t total = 0;
  for (const std::string &line : splitLines(result.out)) {
    std::smatch m;
    if (!std::regex_match(line, m, bucket))
      continue;
    uint64_t low = std::stoull(m[1].str()) * (m[2] == "K" ? 1024 : m[2] == "M" ? 1048576 : 1);
    EXPECT_GE(low, 8192u) << line;
    total += std::stoull(m[3].str());
  }
  EXPECT_EQ(total, 5u) << result.out;
}

TEST_F(TracepointTest, StringArgumentsComparedWithIfElse) {
  const std::string wanted = "/tmp/bpfscope-e2e-wanted";
  const std::string other = "/tmp/bpfscope-e2e-other";
  RunOptions options;
  options.workload = {workloadPath("bpfs_open"), wanted, "2", other, "3"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_openat /comm == "bpfs_open"/
{
  @[str(args.filename)] = count();
  if (str(args.filename) == ")" + wanted +
                                       R"(") {
    @hit = count();
  } else {
    @miss = count();
  }
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[" + wanted + "]: 2\n@[" + other + "]: 3\n@hit: 2\n@miss: 3\n");
}

TEST_F(TracepointTest, StructPointerArgumentsAreReadFromUserMemory) {
  // bpfs_sleeper asks for 1.25 s: the struct timespec it passes holds exactly that.
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "1250", "2"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_clock_nanosleep
/comm == "bpfs_sleeper"/
{
  printf("%d s %d ns\n", args.rqtp->tv_sec, args.rqtp->tv_nsec);
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 s 250000000 ns\n1 s 250000000 ns\n\n\n");
}

TEST_F(TracepointTest, CharPointerArgumentsStillReadAsStrings) {
  const std::string path = "/tmp/bpfscope-e2e-char-pointer";
  RunOptions options;
  options.workload = {workloadPath("bpfs_open"), path, "1"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_openat /comm == "bpfs_open"/
{
  printf("%s %c\n", str(args.filename), args.filename[5]);
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, path + " b")) << result.out;
}

TEST_F(TracepointTest, ListsArgumentsAsTheFormatFileDeclaresThem) {
  auto result = runBpfscope({"-lv", "tracepoint:syscalls:sys_enter_nanosleep"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "tracepoint:syscalls:sys_enter_nanosleep\n"
                        "    int __syscall_nr\n"
                        "    struct __kernel_timespec * rqtp\n"
                        "    struct __kernel_timespec * rmtp\n");
}

// The ftrace category's records (ftrace:bprint, …) have a format but no id,
// so perf cannot open them: neither listed nor matched by a wildcard.
TEST_F(TracepointTest, OnlyEventsPerfCanOpenAreListedAndMatched) {
  const std::string events = "/sys/kernel/tracing/events/ftrace/";
  if (!std::filesystem::exists(events + "bprint/format") ||
      std::filesystem::exists(events + "bprint/id"))
    GTEST_SKIP() << "this kernel has no id-less ftrace:bprint";
  auto listed = runBpfscope({"-l", "tracepoint:ftrace:*"});
  EXPECT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_FALSE(hasLine(listed.out, "tracepoint:ftrace:bprint")) << listed.out;
  for (const auto &line : splitLines(listed.out))
    EXPECT_TRUE(std::filesystem::exists(events + line.substr(line.rfind(':') + 1) + "/id")) << line;
  auto matched = runBpfscope({"-e", "tracepoint:ftrace:bp* { }"});
  EXPECT_EQ(matched.exitCode, 1);
  EXPECT_NE(matched.err.find("tracepoint:ftrace:bp*"), std::string::npos) << matched.err;
}

// bpftrace lists tracefs's available_events, sorted as whole names ('6'
// sorts before ':'), so fib6's events come before fib's; ftrace's events
// (ftrace:print has an id) are not among them.
TEST_F(TracepointTest, ListingFollowsAvailableEventsInBpftracesOrder) {
  if (!std::filesystem::exists("/sys/kernel/tracing/events/fib6/fib6_table_lookup"))
    GTEST_SKIP() << "this kernel has no fib6 tracepoints";
  auto listed = runBpfscope({"-l", "tracepoint:fib*:fib*_table_lookup"});
  EXPECT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_EQ(listed.out, "tracepoint:fib6:fib6_table_lookup\ntracepoint:fib:fib_table_lookup\n");
  EXPECT_EQ(runBpfscope({"-l", "tracepoint:ftrace:*"}).out, "");
}

TEST_F(TracepointTest, ListingWithArgumentsKeepsArraysAndDataLocFields) {
  auto result = runBpfscope({"-lv", "tracepoint:sched:sched_process_exec"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "tracepoint:sched:sched_process_exec\n"
                        "    __data_loc char[] filename\n"
                        "    pid_t pid\n"
                        "    pid_t old_pid\n");
}

} // namespace
} // namespace bpfscope::e2e
