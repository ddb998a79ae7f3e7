// uaddr() of a workload's global variable, len() of stacks, and the cgroup
// functions (cgroupid at compile time, cgroup_path formatted when printed)
// in real programs, with exact output.
#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>

namespace bpfscope::e2e {
namespace {

class UserSymbolsCgroupsTest : public E2ETest {
protected:
  static RunResult runOnUprobeWorkload(const std::string &program, const std::string &calls) {
    RunOptions options;
    options.workload = {workloadPath("bpfs_uprobe"), calls};
    options.sigintAfter = milliseconds(200);
    return runBpfscope({"-e", program}, options);
  }
};

// bpfs_uprobe is a PIE: the global's address is found from where the probed
// function is loaded. main sets g_counter to i * 3 before calling bpfs_add(i, 100).
TEST_F(UserSymbolsCgroupsTest, UaddrReadsAGlobalVariableOfThePie) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result = runOnUprobeWorkload("uprobe:" + binary + R"(:bpfs_add {
    printf("%d %d %d\n", arg0, *(int32 *)uaddr("g_counter"), *uaddr("g_counter")); })",
                                         "3");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 0 0\n1 3 3\n2 6 6\n\n\n");
}

// A function's address too: in a uprobe on it, it is where the program stopped.
TEST_F(UserSymbolsCgroupsTest, UaddrOfTheProbedFunctionIsTheInstructionPointer) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result = runOnUprobeWorkload(
      "uprobe:" + binary + R"(:bpfs_add { @[(uint64)uaddr("bpfs_add") == reg("ip")] = count(); })",
      "4");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[true]: 4\n");
}

// bpfs_leaf is called from bpfs_middle, from main: at least three frames,
// and a limit of two keeps two.
TEST_F(UserSymbolsCgroupsTest, LenCountsTheFramesOfAStack) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result = runOnUprobeWorkload("uprobe:" + binary + R"(:bpfs_leaf {
    printf("%d %d %d\n", len(ustack(2)), len(ustack) >= 3, len(kstack)); })",
                                         "2");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // A uprobe fires in user mode: the kernel stack is empty.
  EXPECT_EQ(result.out, "2 1 0\n2 1 0\n\n\n");
}

// A cgroup made for the test: its id now, and its path when printed.
TEST_F(UserSymbolsCgroupsTest, CgroupIdAndPathOfACgroup) {
  const std::string root = "/sys/fs/cgroup/unified";
  struct stat st {};
  if (stat(root.c_str(), &st) != 0)
    GTEST_SKIP() << "no cgroup2 hierarchy at " << root;
  std::string dir = root + "/bpfscope_e2e_" + std::to_string(getpid());
  ASSERT_EQ(mkdir(dir.c_str(), 0755), 0) << dir;
  std::string script = R"(BEGIN { $id = cgroupid(")" + dir + R"(");
    print(cgroup_path($id, "unified")); printf("%s|%s|\n", cgroup_path($id, "memory"), cgroup_path(1, "uni*"));
    @[cgroup_path($id, "unified")] = count(); exit(); })";
  std::string out = quietScriptOutput(script);
  rmdir(dir.c_str());
  std::string path = "unified:/bpfscope_e2e_" + std::to_string(getpid());
  EXPECT_EQ(out, path + "\n|unified:/|\n\n\n@[" + path + "]: 1\n");
}

TEST_F(UserSymbolsCgroupsTest, CgroupIdOfAPathThatIsNoCgroup) {
  RunResult result = runBpfscope({"-e", R"(BEGIN { print(cgroupid("/tmp")); })"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "stdin:1:24: ERROR: cgroupid(): '/tmp' has no cgroup id: it is not in a "
                        "cgroup file system\n"
                        "BEGIN { print(cgroupid(\"/tmp\")); }\n"
                        "                       ^~~~~~\n"
                        "HINT: name a directory of the cgroup2 hierarchy (its mount point is in "
                        "/proc/mounts)\n");
}

} // namespace
} // namespace bpfscope::e2e
