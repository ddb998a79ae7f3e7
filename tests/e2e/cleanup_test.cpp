// Nothing stays loaded in the kernel once the tool has exited.

#include "harness.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace bpfscope::e2e {
namespace {

// The kernel frees programs asynchronously after their last reference goes.
constexpr milliseconds kReleaseGrace{3000};

class CleanupTest : public E2ETest {
protected:
  static std::set<uint32_t> waitForOrphans(const std::set<uint32_t> &before) {
    auto giveUpAt = std::chrono::steady_clock::now() + kReleaseGrace;
    auto orphans = orphanedBpfProgramsSince(before);
    while (!orphans.empty() && std::chrono::steady_clock::now() < giveUpAt) {
      std::this_thread::sleep_for(milliseconds(100));
      orphans = orphanedBpfProgramsSince(before);
    }
    return orphans;
  }

  // What a tool could leave behind outside the BPF program list: dynamic probe
  // registrations in tracefs and pinned objects in bpffs.
  static std::string registrationsAndPins() {
    std::string state;
    for (const char *file :
         {"/sys/kernel/tracing/kprobe_events", "/sys/kernel/tracing/uprobe_events"}) {
      std::ifstream in(file);
      std::ostringstream text;
      text << in.rdbuf();
      state += std::string(file) + ":\n" + text.str();
    }
    std::error_code ignored;
    for (const auto &entry : std::filesystem::recursive_directory_iterator("/sys/fs/bpf", ignored))
      state += entry.path().string() + "\n";
    return state;
  }

  // Runs `args` and checks that the kernel is as it was before: no program
  // left loaded, no probe registered, nothing pinned.
  RunResult runAndExpectNothingLeft(const std::vector<std::string> &args,
                                    const RunOptions &options = {}) {
    auto before = loadedBpfProgramIds();
    std::string state_before = registrationsAndPins();
    auto result = runBpfscope(args, options);
    auto orphans = waitForOrphans(before);
    EXPECT_TRUE(orphans.empty()) << "BPF programs left loaded:" << describe(orphans);
    EXPECT_EQ(registrationsAndPins(), state_before);
    return result;
  }

  static std::string describe(const std::set<uint32_t> &ids) {
    std::string text;
    for (uint32_t id : ids)
      text += " " + std::to_string(id);
    return text;
  }
};

TEST_F(CleanupTest, NothingLeftAfterExit) {
  auto before = loadedBpfProgramIds();
  auto result = runBpfscope({"-e", R"(BEGIN { printf("x\n"); }
tracepoint:syscalls:sys_enter_getppid { @ = count(); }
interval:ms:100 { exit(); }
END { printf("end\n"); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  auto orphans = waitForOrphans(before);
  EXPECT_TRUE(orphans.empty()) << "BPF programs left loaded:" << describe(orphans);
}

TEST_F(CleanupTest, NothingLeftAfterCtrlC) {
  auto before = loadedBpfProgramIds();
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "10"};
  options.sigintAfter = milliseconds(200);
  auto result = runBpfscope(
      {"-e", R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_burst"/ { @ = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  auto orphans = waitForOrphans(before);
  EXPECT_TRUE(orphans.empty()) << "BPF programs left loaded:" << describe(orphans);
}

constexpr const char *kBurstCounter =
    R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_burst"/ { @ = count(); })";

TEST_F(CleanupTest, NothingLeftAfterSigterm) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "10"};
  options.sigintAfter = milliseconds(200);
  options.stopSignal = SIGTERM;
  auto result = runAndExpectNothingLeft({"-e", kBurstCounter}, options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@: 10")) << result.out;
}

// SIGKILL leaves no chance to clean up: the kernel must drop the programs
// because every link and program is held by a file descriptor only.
TEST_F(CleanupTest, NothingLeftAfterSigkill) {
  RunOptions options;
  options.sigintAfter = milliseconds(200);
  options.stopSignal = SIGKILL;
  auto result = runAndExpectNothingLeft({"-e", kBurstCounter}, options);
  EXPECT_EQ(result.exitCode, 128 + SIGKILL) << result.err;
}

TEST_F(CleanupTest, NothingLeftAfterExitInEnd) {
  auto result = runAndExpectNothingLeft(
      {"-e", R"(BEGIN { @a = 1; exit(); } END { printf("end\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "end")) << result.out;
}

// The tracepoint attaches, then the hardware event cannot be opened on a
// machine without a PMU (or the reverse order elsewhere): the tool must
// report the failing probe and detach what it attached.
TEST_F(CleanupTest, NothingLeftAfterAttachFailsHalfway) {
  auto result =
      runAndExpectNothingLeft({"-e", R"(tracepoint:syscalls:sys_enter_getppid { @ = count(); }
hardware:cpu-cycles:1000000 { @h = count(); })"});
  if (result.exitCode == 0 || result.err.find("hardware") == std::string::npos)
    GTEST_SKIP() << "hardware events attach on this machine:\n" << result.err;
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
}

// Closing a syscall tracepoint's perf event waits ~20 ms in the kernel, one
// close at a time (runtime/detach.h): detaching ~360 of them before exiting
// took ~8 s. The programs come off at once, and the run ends without waiting
// for the kernel to free the events; still nothing may stay loaded.
TEST_F(CleanupTest, ManyTracepointsDetachWithoutWaitingAndLeaveNothing) {
  auto before = loadedBpfProgramIds();
  auto start = std::chrono::steady_clock::now();
  auto result = runBpfscope(
      {"-e", "tracepoint:syscalls:sys_enter_* { @ = count(); } interval:ms:100 { exit(); }"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, "@: [1-9][0-9]*")) << result.out;
  EXPECT_LT(took, std::chrono::seconds(5)) << "attach, 100 ms and detach of ~360 tracepoints";
  auto orphans = waitForOrphans(before);
  EXPECT_TRUE(orphans.empty()) << "BPF programs left loaded:" << describe(orphans);
}

TEST_F(CleanupTest, NothingLeftAfterDryRun) {
  auto result = runAndExpectNothingLeft({"-e", "BEGIN { @a = 1; } END { @b = 2; }", "--dry-run"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
}

} // namespace
} // namespace bpfscope::e2e
