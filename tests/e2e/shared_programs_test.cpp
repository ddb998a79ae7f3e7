// Wildcards whose code does not depend on the target load one BPF program and
// attach it everywhere, `probe` and `func` read by attach cookie; targets whose
// args lie elsewhere in the context keep programs of their own.

#include "harness.h"

namespace bpfscope::e2e {
namespace {

constexpr milliseconds kSettle{200};

class SharedProgramsTest : public E2ETest {
protected:
  // The number of BPF programs the script compiles to.
  static size_t programCount(const std::string &script) {
    auto result = runBpfscope({"--no-cache", "-d", "ir", "-e", script});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    size_t count = 0;
    for (const auto &line : splitLines(result.out))
      count += line.starts_with("define ") && line.find(" section ") != std::string::npos;
    return count;
  }

  static RunResult runWithWorkload(const std::string &script, std::vector<std::string> workload) {
    RunOptions options;
    options.workload = std::move(workload);
    options.sigintAfter = kSettle;
    return runBpfscope({"-e", script}, options);
  }
};

TEST_F(SharedProgramsTest, WildcardTracepointsShareOneProgramAndKeepTheirNames) {
  const std::string script =
      R"(tracepoint:syscalls:sys_enter_getp* /comm == "bpfs_burst"/ { @[probe] = count(); })";
  EXPECT_EQ(programCount(script), 1u);
  auto result = runWithWorkload(script, {workloadPath("bpfs_burst"), "3", "2"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[tracepoint:syscalls:sys_enter_getpid]: 2\n"
                        "@[tracepoint:syscalls:sys_enter_getppid]: 3\n");
  EXPECT_TRUE(hasLineMatching(result.err, "Attached [0-9]+ probes")) << result.err;
}

TEST_F(SharedProgramsTest, ArgsAtAnotherOffsetGetAProgramOfTheirOwn) {
  // filename is the first argument of open, the second of openat and faccessat:
  // open gets a program, openat and faccessat share one.
  const std::string script = R"(tracepoint:syscalls:sys_enter_open,
tracepoint:syscalls:sys_enter_openat,
tracepoint:syscalls:sys_enter_faccessat
/comm == "bpfs_open"/ { @[probe, str(args.filename)] = count(); })";
  EXPECT_EQ(programCount(script), 2u);
  auto result = runWithWorkload(script, {workloadPath("bpfs_open"), "/nonexistent/bpfscope", "3"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[tracepoint:syscalls:sys_enter_openat, /nonexistent/bpfscope]: 3\n");
}

TEST_F(SharedProgramsTest, UprobeWildcardReadsFuncAndArgumentsPerFunction) {
  const std::string binary = workloadPath("bpfs_uprobe");
  const std::string script =
      "uprobe:" + binary + ":bpfs_* { @[func, probe] = count(); @sum[func] = sum(arg0); }";
  EXPECT_EQ(programCount(script), 1u);
  auto result = runWithWorkload(script, {binary, "4"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string expected = "\n\n";
  for (const char *function : {"bpfs_add", "bpfs_leaf", "bpfs_middle"})
    expected += std::string("@[") + function + ", uprobe:" + binary + ":" + function + "]: 4\n";
  // arg0 is i in every call: 0 + 1 + 2 + 3.
  expected += "@sum[bpfs_add]: 6\n@sum[bpfs_leaf]: 6\n@sum[bpfs_middle]: 6\n";
  EXPECT_EQ(result.out, expected);
}

TEST_F(SharedProgramsTest, ProbeInsideAMapLoopKeepsOneProgramPerTarget) {
  // A map loop's body has no context to read the cookie from.
  const std::string script = R"(tracepoint:syscalls:sys_enter_getp* /comm == "bpfs_burst"/ {
  @one[0] = 1;
  for ($kv : @one) { @[probe] = count(); }
})";
  EXPECT_GT(programCount(script), 1u);
  auto result = runWithWorkload(script, {workloadPath("bpfs_burst"), "1", "4"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@[tracepoint:syscalls:sys_enter_getpid]: 4")) << result.out;
  EXPECT_TRUE(hasLine(result.out, "@[tracepoint:syscalls:sys_enter_getppid]: 1")) << result.out;
}

TEST_F(SharedProgramsTest, ListingAScriptShowsEveryTargetOfASharedProgram) {
  auto result = runBpfscope(
      {"-l", "-e", "tracepoint:syscalls:sys_enter_getpid, t:syscalls:sys_enter_getppid { }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out,
            "tracepoint:syscalls:sys_enter_getpid\ntracepoint:syscalls:sys_enter_getppid\n");
}

} // namespace
} // namespace bpfscope::e2e
