// watchpoint / asyncwatchpoint: hardware breakpoints through perf. This
// machine's breakpoint PMU opens events that never fire (its hypervisor does
// not pass debug registers through), so the tests that need a hit skip here
// and run in the VM batch (tests/vm/run_vm_tests.sh), whose emulated CPU has
// them; attaching, and every error, is tested everywhere.

#include "harness.h"

#include <gmock/gmock.h>
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

// bpfs_watched writes the word at kWritten and reads the word at kRead.
constexpr const char *kWritten = "0x10000000";
constexpr const char *kRead = "0x10000008";

volatile long watched_here;

// Whether a write breakpoint on this process's own memory counts the writes.
bool breakpointsFire() {
  perf_event_attr attr{};
  attr.type = PERF_TYPE_BREAKPOINT;
  attr.size = sizeof(attr);
  attr.bp_type = HW_BREAKPOINT_W;
  attr.bp_addr = reinterpret_cast<uintptr_t>(&watched_here);
  attr.bp_len = HW_BREAKPOINT_LEN_8;
  attr.sample_period = 1;
  int fd = static_cast<int>(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0));
  if (fd < 0)
    return false;
  for (int i = 0; i < 3; ++i)
    watched_here = i;
  uint64_t count = 0;
  bool fired = read(fd, &count, sizeof count) == sizeof count && count == 3;
  close(fd);
  return fired;
}

class WatchpointTest : public E2ETest {
protected:
  static RunOptions slowMachine() {
    RunOptions options;
    options.timeout = milliseconds(120000); // the VM is emulated and slow
    return options;
  }

  void expectRefused(const std::string &program, const std::string &message,
                     const std::string &hint) {
    auto result = runBpfscope({"-e", program});
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("ERROR: " + message)) << result.err;
    EXPECT_THAT(result.err, HasSubstr("HINT: " + hint)) << result.err;
  }
};

TEST_F(WatchpointTest, ModesLengthsAndFormsAreChecked) {
  const std::string modes = "MODE is w (writes), rw (reads and writes) or x (execution)";
  expectRefused("watchpoint:0x1000:8:r { }", "invalid watchpoint mode 'r'", modes);
  expectRefused("watchpoint:0x1000:8:wx { }", "invalid watchpoint mode 'wx'", modes);
  expectRefused("w:0x1000:8:ww { }", "watchpoint mode 'ww' names 'w' twice", modes);
  expectRefused("watchpoint:0x1000:8:q { }", "invalid watchpoint mode 'q'", modes);
  expectRefused("watchpoint:0x1000:3:w { }",
                "watchpoint length must be 1, 2, 4 or 8 bytes, not '3'",
                "write watchpoint:ADDRESS:LENGTH:MODE");
  expectRefused("watchpoint:0x1000:4:x { }",
                "an execution watchpoint (x) has the length of an address, 8",
                "write watchpoint:0x1000:8:x");
  expectRefused("watchpoint:zz:8:w { }", "watchpoint address 'zz' is not a number",
                "write watchpoint:ADDRESS:LENGTH:MODE");
  expectRefused("aw:0x1000:8 { }", "asyncwatchpoint probe needs an address, a length and a mode",
                "write watchpoint:ADDRESS:LENGTH:MODE");
  expectRefused("watchpoint:increment+arg1:4:w { }",
                "watching the address a function is given (FUNCTION+argN) is not supported: "
                "bpftrace removed this form, keeping watchpoints on fixed addresses",
                "watch a fixed address");
}

TEST_F(WatchpointTest, ErrorNamesTheLine) {
  auto result = runBpfscope({"-e", "BEGIN { }\nwatchpoint:0x1000:8:xr { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("stdin:2:1"));
  EXPECT_THAT(result.err, HasSubstr("watchpoint:0x1000:8:xr { }\n^"));
}

// A user address of -c's command: the watchpoint attaches to its process
// before it runs (on every machine), and counts its accesses where
// breakpoints fire.
TEST_F(WatchpointTest, CommandsWritesAndReadsAreCounted) {
  std::string program = std::string("watchpoint:") + kWritten + ":8:w { @w[probe] = count(); }\n" +
                        "w:" + kRead + ":8:rw { @rw = count(); }";
  auto result =
      runBpfscope({"-c", workloadPath("bpfs_watched") + " 5 3", "-e", program}, slowMachine());
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 2 probes")) << result.err;
  if (!breakpointsFire())
    GTEST_SKIP() << "this machine's breakpoints never fire: tests/vm/run_vm_tests.sh runs this";
  EXPECT_EQ(result.out, std::string("\n\n@rw: 3\n@w[watchpoint:") + kWritten + ":8:w]: 5\n");
}

// -p: every thread of a running process.
TEST_F(WatchpointTest, ProcessGivenByPid) {
  if (!breakpointsFire())
    GTEST_SKIP() << "this machine's breakpoints never fire: tests/vm/run_vm_tests.sh runs this";
  // The writes start after 20 s: in the emulated VM bpfscope has taken over
  // 9 s to compile and attach, and a process that is gone by then is an error.
  FILE *workload = popen((workloadPath("bpfs_watched") + " 7 0 20000 & echo $!").c_str(), "r");
  ASSERT_NE(workload, nullptr);
  int pid = 0;
  ASSERT_EQ(fscanf(workload, "%d", &pid), 1);
  auto result = runBpfscope({"-p", std::to_string(pid), "-e",
                             std::string("asyncwatchpoint:") + kWritten + ":8:w { @ = count(); }"},
                            slowMachine());
  pclose(workload);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@: 7\n");
}

// No -p or -c: a kernel address on every CPU — jiffies, written every tick.
TEST_F(WatchpointTest, KernelAddressOnEveryCpu) {
  std::ifstream kallsyms("/proc/kallsyms");
  std::string line, jiffies;
  while (jiffies.empty() && std::getline(kallsyms, line)) {
    std::istringstream fields(line);
    std::string address, kind, name;
    if (fields >> address >> kind >> name && name == "jiffies" &&
        address.find_first_not_of('0') != std::string::npos)
      jiffies = "0x" + address;
  }
  if (jiffies.empty())
    GTEST_SKIP() << "/proc/kallsyms hides kernel addresses here";
  auto result =
      runBpfscope({"-e", "watchpoint:" + jiffies + ":8:w { @ = 1; } interval:ms:300 { exit(); }"},
                  slowMachine());
  EXPECT_EQ(result.exitCode, 0) << result.err;
  if (!breakpointsFire())
    GTEST_SKIP() << "this machine's breakpoints never fire: tests/vm/run_vm_tests.sh runs this";
  EXPECT_EQ(result.out, "\n\n@: 1\n");
}

} // namespace
} // namespace bpfscope::e2e
