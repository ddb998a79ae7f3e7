// Nothing stays loaded in the kernel once the tool has exited.

#include "harness.h"

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

} // namespace
} // namespace bpfscope::e2e
