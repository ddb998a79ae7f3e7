// kstack/ustack in each mode, as map keys and printed values, and
// ksym/usym/kaddr, on workloads/bpfs_stacks (a -O0 PIE with frame pointers).

#include "harness.h"

#include <gmock/gmock.h>

#include <cstdlib>
#include <iomanip>
#include <regex>
#include <sstream>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

constexpr milliseconds kSettle{200};

class StacksTest : public E2ETest {
protected:
  static std::string binary() { return workloadPath("bpfs_stacks"); }

  // Runs `program` while bpfs_stacks makes `calls` calls, then stays alive `linger_ms`.
  static RunResult runWithWorkload(const std::string &program, int calls, int linger_ms = 0) {
    RunOptions options;
    options.workload = {binary(), std::to_string(calls), std::to_string(linger_ms)};
    options.sigintAfter = kSettle;
    return runBpfscope({"-e", program}, options);
  }

  static bool matches(const std::string &text, const std::string &pattern) {
    return std::regex_search(text, std::regex(pattern));
  }
};

constexpr const char *kGetppid = "tracepoint:syscalls:sys_enter_getppid /comm == \"bpfs_stacks\"/ ";

TEST_F(StacksTest, KernelStackAsMapKeyHoldsTheSyscallEntry) {
  auto result = runWithWorkload(std::string(kGetppid) + "{ @[kstack] = count(); }", 3);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  // One key: the frames indented by 4, each sym+offset, then the count.
  EXPECT_TRUE(matches(result.out, "^\n\n@\\[\n(    [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+\n)+\\]: 3\n$"))
      << result.out;
  EXPECT_TRUE(matches(result.out, "\n    do_syscall_64\\+[0-9]+\n")) << result.out;
  EXPECT_TRUE(matches(result.out, "\n    entry_SYSCALL_64[A-Za-z_]*\\+[0-9]+\n")) << result.out;
}

TEST_F(StacksTest, KernelStackModesAndLimits) {
  auto result = runWithWorkload(std::string(kGetppid) +
                                    "{ @perf[kstack(perf, 3)] = count(); @raw[kstack(raw, 2)] = "
                                    "count(); @two[kstack(2)] = count(); }",
                                2);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(matches(result.out,
                      "\n@perf\\[\n(\t[0-9a-f]{16} [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+\n){3}"
                      "\\]: 2\n"))
      << result.out;
  EXPECT_TRUE(matches(result.out, "\n@raw\\[\n([0-9a-f]{16}\n){2}\\]: 2\n")) << result.out;
  EXPECT_TRUE(matches(result.out, "\n@two\\[\n(    [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+\n){2}\\]: 2\n"))
      << result.out;
}

TEST_F(StacksTest, PrintedKernelStackIndentsByEight) {
  auto result = runWithWorkload(std::string(kGetppid) + "{ printf(\"%s|\\n\", kstack(1)); }", 1);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(matches(result.out, "^\n        [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+\n\\|\n"))
      << result.out;
}

TEST_F(StacksTest, UserStackNamesTheWorkloadsFunctions) {
  // The process is alive while its records are printed, so its map is readable.
  auto result = runWithWorkload(std::string(kGetppid) + "{ printf(\"%s|\\n\", ustack); }", 1, 500);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(matches(result.out, "^\n        getppid\\+[0-9]+\n")) << result.out;
  // bpfs_inner calls getppid, which keeps no frame: its caller's frames follow.
  EXPECT_TRUE(matches(result.out, "\n        bpfs_middle\\+[0-9]+\n        bpfs_outer\\+[0-9]+\n"
                                  "        main\\+[0-9]+\n"))
      << result.out;
}

TEST_F(StacksTest, UserStackInPerfModeNamesTheBinary) {
  auto result = runWithWorkload(
      "uprobe:" + binary() + ":bpfs_inner { printf(\"%s|\\n\", ustack(perf, 2)); }", 1, 500);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(matches(result.out, "^\n\t[0-9a-f]+ bpfs_inner\\+0 \\(" + binary() +
                                      "\\)\n\t[0-9a-f]+ bpfs_middle\\+[0-9]+ \\(" + binary() +
                                      "\\)\n\\|\n"))
      << result.out;
}

// A stripped copy of bpfs_stacks whose symbols live only in a separate debug
// file named by .gnu_debuglink, beside it (objcopy/strip from binutils).
std::string strippedWorkloadWithDebugLink() {
  char dir[] = "/tmp/bpfs_debuglinkXXXXXX";
  if (!mkdtemp(dir))
    return {};
  std::string stripped = std::string(dir) + "/bpfs_stacks";
  std::string debug = stripped + ".debug";
  std::string commands = "objcopy --only-keep-debug " + workloadPath("bpfs_stacks") + " " + debug +
                         " && strip --strip-all -o " + stripped + " " +
                         workloadPath("bpfs_stacks") + " && cd " + dir +
                         " && objcopy --add-gnu-debuglink=bpfs_stacks.debug bpfs_stacks";
  return std::system(commands.c_str()) == 0 ? stripped : std::string();
}

TEST_F(StacksTest, UserSymbolsComeFromTheDebugLinkedFile) {
  std::string stripped = strippedWorkloadWithDebugLink();
  ASSERT_FALSE(stripped.empty());
  RunOptions options;
  options.workload = {stripped, "1", "500"};
  options.sigintAfter = kSettle;
  auto result =
      runBpfscope({"-e", std::string(kGetppid) + "{ printf(\"%s|\\n\", ustack(3)); }"}, options);
  std::system(("rm -rf " + stripped.substr(0, stripped.rfind('/'))).c_str());
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(matches(result.out, "\n        bpfs_middle\\+[0-9]+\n        bpfs_outer\\+[0-9]+\n"))
      << result.out;
}

TEST_F(StacksTest, ExitedProcessStacksPrintAddresses) {
  // Like bpftrace: once the process is gone its frames print as addresses.
  auto result =
      runWithWorkload("uprobe:" + binary() + ":bpfs_inner { @[ustack(2), comm] = count(); }", 4);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(
      matches(result.out, "\n@\\[\n    0x[0-9a-f]+\n    0x[0-9a-f]+\n, bpfs_stacks\\]: 4\n"))
      << result.out;
}

TEST_F(StacksTest, SymbolFunctions) {
  auto result = runWithWorkload("uprobe:" + binary() +
                                    ":bpfs_take { printf(\"%s %s\\n\", usym(arg0), "
                                    "ksym(kaddr(\"do_syscall_64\") + 3)); }",
                                1, 500);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "bpfs_middle do_syscall_64\n\n\n");
}

TEST_F(StacksTest, JsonStacksAreStringsLikeBpftraces) {
  // -c: JSON reports the attachment on stdout, where the harness does not wait for it.
  auto result = runBpfscope(
      {"-f", "json", "-c", binary() + " 2 0", "-e",
       std::string(kGetppid) + "{ @[kstack(2)] = count(); printf(\"%s\", kstack(raw, 1)); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  // As bpftrace 0.17: the stack's text; in a map key, frames indented by 4.
  EXPECT_TRUE(
      matches(result.out, "\n\\{\"type\": \"printf\", \"data\": \"\\\\n[0-9a-f]{16}\\\\n\"\\}\n"))
      << result.out;
  std::string frame = "    [A-Za-z_][A-Za-z0-9_.]*\\+[0-9]+\\\\n";
  EXPECT_TRUE(matches(result.out, "\n\\{\"type\": \"map\", \"data\": \\{\"@\": \\{\"\\\\n" + frame +
                                      frame + "\": 2\\}\\}\\}\n"))
      << result.out;
}

// ustack(build_id): each frame is the binary's GNU build id and the offset in
// the file, as the newest bpftrace prints it (bpf_get_stack with
// BPF_F_USER_BUILD_ID). The probed function's frame is its entry, whose file
// offset in this PIE is the symbol's address.
TEST_F(StacksTest, UserStackInBuildIdMode) {
  std::string notes = shellOutput("readelf -n '" + binary() + "'");
  std::smatch id;
  ASSERT_TRUE(std::regex_search(notes, id, std::regex("Build ID: ([0-9a-f]{40})"))) << notes;
  std::string symbol = shellOutput("nm '" + binary() + "' | grep ' T bpfs_inner$'");
  ASSERT_GE(symbol.size(), 16u) << symbol;
  uint64_t inner = std::stoull(symbol.substr(0, 16), nullptr, 16);
  auto result = runWithWorkload("uprobe:" + binary() +
                                    ":bpfs_inner { @[ustack(build_id, 3)] = "
                                    "count(); }",
                                2);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::string frame = id[1].str() + " 0x";
  std::ostringstream first;
  first << std::hex << std::setw(2) << std::setfill('0') << inner;
  EXPECT_TRUE(matches(result.out, "^\n\n@\\[\n" + frame + first.str() + "\n(" + frame +
                                      "[0-9a-f]{2,}\n){2}\\]: 2\n$"))
      << result.out;
}

TEST_F(StacksTest, BadStackArgumentsAreReported) {
  auto result = runBpfscope({"-e", "BEGIN { @[kstack(fast)] = count(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("stdin:1:18: ERROR: a stack mode must be one of bpftrace, "
                                    "perf, raw or build_id"));
  result = runBpfscope({"-e", "BEGIN { @[kaddr(\"no_such_kernel_symbol\")] = count(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("kernel symbol 'no_such_kernel_symbol' is not in "
                                    "/proc/kallsyms"));
}

} // namespace
} // namespace bpfscope::e2e
