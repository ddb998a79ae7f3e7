// The ready tools in probes/: every one is compiled, attached for a second and
// stopped with Ctrl-C; those whose output a workload decides are asserted line
// by line. Tools that need kprobes run in the VM batch (VmToolTest).

#include "harness.h"

#include <gmock/gmock.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>

namespace bpfscope::e2e {
namespace {

constexpr milliseconds kSettle{300};
// Attaching a dozen tracepoints or uprobes on a loaded machine takes seconds.
constexpr milliseconds kToolTimeout{90000};

// Tools that need nothing this machine's kernel lacks.
const std::vector<std::string> kHostTools = {
    "bashreadline", "biolatency", "biosnoop",  "biostacks",      "bitesize",   "capable",
    "cpuwalk",      "execsnoop",  "exitsnoop", "gethostlatency", "killsnoop",  "loads",
    "naptime",      "oomkill",    "opensnoop", "pidpersec",      "runqlat",    "runqlen",
    "setuids",      "statsnoop",  "syncsnoop", "syscount",       "tcpconnect", "tcplife",
    "threadsnoop",  "writeback"};
// Tools that need kprobes: VmToolTest runs them.
const std::vector<std::string> kKprobeTools = {"mdflush", "swapin", "vfscount", "vfsstat"};

std::string toolPath(const std::string &tool) {
  return std::string(BPFSCOPE_E2E_PROBES_DIR) + "/" + tool + ".bt";
}

std::string regexEscape(const std::string &text) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(text, special, R"(\$&)");
}

// Runs a tool while `workload` runs, then stops it with Ctrl-C.
RunResult runTool(const std::string &tool, std::vector<std::string> workload = {},
                  milliseconds settle = kSettle) {
  RunOptions options;
  options.timeout = kToolTimeout;
  options.workload = std::move(workload);
  options.sigintAfter = settle;
  return runBpfscope({toolPath(tool)}, options);
}

std::vector<std::string> toolsInProbesDir() {
  std::vector<std::string> tools;
  for (const auto &entry : std::filesystem::directory_iterator(BPFSCOPE_E2E_PROBES_DIR))
    if (entry.path().extension() == ".bt")
      tools.push_back(entry.path().stem().string());
  std::sort(tools.begin(), tools.end());
  return tools;
}

// A tool added to probes/ must be added to one of the lists above.
TEST(ToolListTest, EveryToolInProbesIsTested) {
  std::vector<std::string> listed = kHostTools;
  listed.insert(listed.end(), kKprobeTools.begin(), kKprobeTools.end());
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(toolsInProbesDir(), listed);
}

// Each tool runs as a command: `#!/usr/bin/env bpfscope` and the execute bit.
TEST(ToolListTest, EveryToolIsAnExecutableScript) {
  for (const auto &tool : toolsInProbesDir()) {
    std::ifstream file(toolPath(tool));
    std::string first;
    std::getline(file, first);
    EXPECT_EQ(first, "#!/usr/bin/env bpfscope") << tool;
    struct stat info {};
    ASSERT_EQ(stat(toolPath(tool).c_str(), &info), 0) << tool;
    EXPECT_TRUE(info.st_mode & S_IXUSR) << tool << ".bt is not executable";
  }
}

class ToolAttachTest : public E2ETest, public ::testing::WithParamInterface<std::string> {};

TEST_P(ToolAttachTest, AttachesAndExitsOnCtrlC) {
  auto result = runTool(GetParam(), {}, milliseconds(1000));
  EXPECT_TRUE(result.attached) << result.err;
  EXPECT_EQ(result.exitCode, 0) << result.err;
}

INSTANTIATE_TEST_SUITE_P(Probes, ToolAttachTest, ::testing::ValuesIn(kHostTools),
                         [](const auto &info) { return info.param; });

class ToolOutputTest : public E2ETest {};

TEST_F(ToolOutputTest, OpensnoopShowsAFailedOpenWithItsPath) {
  const std::string path = "/nonexistent/bpfscope-opensnoop";
  auto result = runTool("opensnoop", {workloadPath("bpfs_open"), path, "2"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "PID    COMM               FD ERR PATH")) << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d+ +bpfs_open +-1 +2 )" + regexEscape(path)))
      << result.out;
}

TEST_F(ToolOutputTest, ExecsnoopShowsTheCommandLine) {
  const std::string burst = workloadPath("bpfs_burst");
  auto result = runTool("execsnoop", {burst, "1", "2"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "TIME(ms)   PID   ARGS")) << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d+ +\d+ +)" + regexEscape(burst) + " 1 2"))
      << result.out;
}

TEST_F(ToolOutputTest, ExitsnoopShowsExitCodes) {
  auto result = runTool("exitsnoop", {"/bin/sh", "-c", "sh -c 'exit 7'; exit 0"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(sh +\d+ +\d+ +\d+ +code 7)")) << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, R"(sh +\d+ +\d+ +\d+ +code 0)")) << result.out;
}

TEST_F(ToolOutputTest, KillsnoopShowsSignalTargetAndResult) {
  auto result = runTool("killsnoop", {workloadPath("bpfs_kill"), "2147483647"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // kill(getpid(), 0) succeeds; kill(2147483647, 0) fails with -ESRCH.
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d  (\d+) +bpfs_kill +0 +\1 +0)"))
      << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d  \d+ +bpfs_kill +0 +2147483647 -3)"))
      << result.out;
}

TEST_F(ToolOutputTest, StatsnoopShowsAMissingPath) {
  const std::string path = "/nonexistent/bpfscope-statsnoop";
  auto result = runTool("statsnoop", {"/bin/sh", "-c", "stat " + path + " 2>/dev/null; exit 0"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d+ +stat +2 )" + regexEscape(path))) << result.out;
}

TEST_F(ToolOutputTest, SyncsnoopShowsSync) {
  auto result = runTool("syncsnoop", {"/bin/sync"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out,
                              R"(\d\d:\d\d:\d\d  \d+ +sync +tracepoint:syscalls:sys_enter_sync)"))
      << result.out;
}

// The count of `@name[key]: N` in text, or -1.
long mapValue(const std::string &text, const std::string &name, const std::string &key) {
  std::smatch match;
  std::regex line("(^|\n)" + regexEscape(name + "[" + key + "]: ") + R"((\d+))");
  return std::regex_search(text, match, line) ? std::stol(match[2]) : -1;
}

TEST_F(ToolOutputTest, SyscountCountsAWorkloadsSyscalls) {
  // Enough getppid() calls to be in the top 10 of a busy machine.
  constexpr long kCalls = 50000;
  auto result = runTool("syscount", {workloadPath("bpfs_burst"), std::to_string(kCalls)});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "Top 10 syscalls IDs:")) << result.out;
  EXPECT_TRUE(hasLine(result.out, "Top 10 processes:")) << result.out;
  // x86_64's getppid is syscall 110; bpfs_burst also makes a few start-up calls.
  EXPECT_GE(mapValue(result.out, "@syscall", "110"), kCalls) << result.out;
  long byProcess = mapValue(result.out, "@process", "bpfs_burst");
  EXPECT_GE(byProcess, kCalls) << result.out;
  EXPECT_LT(byProcess, kCalls + 100) << result.out;
}

TEST_F(ToolOutputTest, SetuidsShowsEachCall) {
  auto result = runTool("setuids", {workloadPath("bpfs_setuid")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  const std::string prefix = R"(\d\d:\d\d:\d\d \d+ +bpfs_setuid +0 +)";
  EXPECT_TRUE(hasLineMatching(result.out, prefix + R"(setuid +uid=0 \(0\))")) << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, prefix + R"(setresuid ruid=-1 euid=0 suid=-1 \(0\))"))
      << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, prefix + R"(setfsuid +uid=0 \(prevuid=0\))"))
      << result.out;
}

TEST_F(ToolOutputTest, CapableShowsTheSetuidCapabilityCheck) {
  auto result = runTool("capable", {workloadPath("bpfs_setuid")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(
      hasLineMatching(result.out, R"(\d\d:\d\d:\d\d  0 +\d+ +bpfs_setuid +7 +CAP_SETUID +0)"))
      << result.out;
}

TEST_F(ToolOutputTest, NaptimeShowsTheRequestedSleep) {
  auto result = runTool("naptime", {workloadPath("bpfs_sleeper"), "10", "2"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d \d+ +\S+ +\d+ +bpfs_sleeper +0\.010)"))
      << result.out;
}

TEST_F(ToolOutputTest, GethostlatencyShowsTheLookedUpName) {
  auto result = runTool("gethostlatency", {"/usr/bin/getent", "ahosts", "localhost"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d  \d+ +getent +\d+ localhost)"))
      << result.out;
}

TEST_F(ToolOutputTest, ThreadsnoopNamesTheStartRoutine) {
  auto result = runTool("threadsnoop", {workloadPath("bpfs_threads")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d+ +\d+ +bpfs_threads +bpfs_worker)")) << result.out;
}

TEST_F(ToolOutputTest, BashreadlineShowsATypedCommand) {
  // An interactive bash reads with readline only from a terminal: script(1)
  // gives it one and types the piped lines.
  auto result = runTool("bashreadline", {"/bin/sh", "-c",
                                         "printf 'echo bpfscope-typed\\nexit\\n' | "
                                         "script -qc 'bash --norc -i' /dev/null >/dev/null"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d  \d+ +echo bpfscope-typed)"))
      << result.out;
}

TEST_F(ToolOutputTest, TcpconnectShowsALoopbackConnection) {
  auto result = runTool("tcpconnect", {workloadPath("bpfs_tcp"), "3000"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(
      result.out, R"(\d\d:\d\d:\d\d \d+ +bpfs_tcp +127\.0\.0\.1 +\d+ +127\.0\.0\.1 +\d+ *)"))
      << result.out;
}

TEST_F(ToolOutputTest, TcplifeShowsTheSessionAndItsBytes) {
  auto result = runTool("tcplife", {workloadPath("bpfs_tcp"), "300000"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // The connecting side sent 300000 bytes (292 KiB) and received none.
  EXPECT_TRUE(hasLineMatching(result.out,
                              R"(\d+ +bpfs_tcp +127\.0\.0\.1 +\d+ +127\.0\.0\.1 +\d+ +292 +0 \d+)"))
      << result.out;
}

TEST_F(ToolOutputTest, BiosnoopShowsDirectWrites) {
  const std::string file = "/var/tmp/bpfscope-biosnoop";
  auto result = runTool("biosnoop", {"/bin/dd", "if=/dev/zero", "of=" + file, "bs=4096", "count=8",
                                     "oflag=direct", "status=none"});
  std::filesystem::remove(file);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d+ +\S+ +dd +\d+ +\d+)")) << result.out;
}

TEST_F(ToolOutputTest, BiolatencyHistogramsDirectWrites) {
  const std::string file = "/var/tmp/bpfscope-biolatency";
  auto result = runTool("biolatency", {"/bin/dd", "if=/dev/zero", "of=" + file, "bs=4096",
                                       "count=8", "oflag=direct", "status=none"});
  std::filesystem::remove(file);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@usecs:")) << result.out;
}

// bitesize keys its histograms by the tracepoint's own comm field.
TEST_F(ToolOutputTest, BitesizeHistogramsDirectWritesByProcess) {
  const std::string file = "/var/tmp/bpfscope-bitesize";
  auto result = runTool("bitesize", {"/bin/dd", "if=/dev/zero", "of=" + file, "bs=4096", "count=8",
                                     "oflag=direct", "status=none"});
  std::filesystem::remove(file);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "I/O size (bytes) histograms by process name:")) << result.out;
  auto lines = splitLines(result.out);
  auto dd = std::find(lines.begin(), lines.end(), "@[dd]:");
  ASSERT_NE(dd, lines.end()) << result.out;
  ASSERT_NE(std::next(dd), lines.end()) << result.out;
  EXPECT_TRUE(std::regex_match(*std::next(dd), std::regex(R"(\[4K, 8K\) +\d+ \|@+ *\|)")))
      << result.out;
}

TEST_F(ToolOutputTest, RunqlatHistogramsWakeups) {
  auto result = runTool("runqlat", {workloadPath("bpfs_sleeper"), "1", "20"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@usecs:")) << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\[\d+[KMG]?(\]|, \d+[KMG]?\)) +\d+ \|@* *\|)"))
      << result.out;
}

TEST_F(ToolOutputTest, RunqlenAndCpuwalkHistogramSamples) {
  // bpfs_burst keeps a CPU busy so that the 99 Hz samples see a process.
  auto runqlen = runTool("runqlen", {workloadPath("bpfs_burst"), "500000"});
  EXPECT_EQ(runqlen.exitCode, 0) << runqlen.err;
  EXPECT_TRUE(hasLineMatching(runqlen.out, R"(\[\d+\] +\d+ \|@* *\|)")) << runqlen.out;
  auto cpuwalk = runTool("cpuwalk", {workloadPath("bpfs_burst"), "500000"});
  EXPECT_EQ(cpuwalk.exitCode, 0) << cpuwalk.err;
  EXPECT_TRUE(hasLine(cpuwalk.out, "@cpu:")) << cpuwalk.out;
}

TEST_F(ToolOutputTest, WritebackShowsSyncWriteback) {
  const std::string file = "/var/tmp/bpfscope-writeback";
  auto result = runTool("writeback", {"/bin/sh", "-c",
                                      "dd if=/dev/zero of=" + file +
                                          " bs=65536 count=16 status=none && sync; rm -f " + file});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d  \S+ +\d+ +sync +\d+\.\d{3})"))
      << result.out;
}

TEST_F(ToolOutputTest, LoadsPrintsTheLoadAverages) {
  auto result = runTool("loads", {}, milliseconds(1500));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(
      result.out, R"(\d\d:\d\d:\d\d load averages: \d+\.\d\d \d+\.\d\d \d+\.\d\d \d+/\d+ \d+)"))
      << result.out;
}

TEST_F(ToolOutputTest, PidpersecPrintsACountEverySecond) {
  auto result = runTool("pidpersec", {"/bin/sh", "-c", "/bin/true; /bin/true"}, milliseconds(1500));
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d PIDs/sec: @: \d+)")) << result.out;
}

// kprobe tools, for the VM batch (tests/vm/run_vm_tests.sh); skipped here.
class VmToolTest : public E2ETest {
protected:
  void SetUp() override {
    E2ETest::SetUp();
    if (!std::filesystem::exists("/sys/bus/event_source/devices/kprobe/type"))
      GTEST_SKIP() << "needs a kernel with kprobes: run tests/vm/run_vm_tests.sh";
  }

  RunResult runWithOpens(const std::vector<std::string> &args) {
    RunOptions options;
    options.timeout = milliseconds(120000); // the VM is emulated and slow
    options.workload = {workloadPath("bpfs_open"), "/nonexistent/bpfscope", "5"};
    options.sigintAfter = milliseconds(1000);
    return runBpfscope(args, options);
  }
};

TEST_F(VmToolTest, VfscountCountsOpens) {
  auto result = runWithOpens({toolPath("vfscount")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(@\[vfs_\w+\]: \d+)")) << result.out;
}

TEST_F(VmToolTest, VfsstatPrintsCountsEverySecond) {
  auto result = runWithOpens({toolPath("vfsstat")});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(\d\d:\d\d:\d\d)")) << result.out;
}

TEST_F(VmToolTest, MdflushAttachesOnceMdIsLoaded) {
  ASSERT_EQ(std::system("modprobe md_mod 2>/dev/null || modprobe md-mod"), 0);
  auto result = runWithOpens({toolPath("mdflush")});
  EXPECT_TRUE(result.attached) << result.err;
  EXPECT_EQ(result.exitCode, 0) << result.err;
}

// The VM runs Debian 12's 6.1 kernel, where swap_read_folio was still called
// swap_readpage: the tool's header says to edit the probe on such kernels.
TEST_F(VmToolTest, SwapinAttaches) {
  std::ifstream tool(toolPath("swapin"));
  std::string text((std::istreambuf_iterator<char>(tool)), std::istreambuf_iterator<char>());
  std::string forOldKernels =
      std::regex_replace(text, std::regex("kprobe:swap_read_folio"), "kprobe:swap_readpage");
  auto result = runWithOpens({"-e", forOldKernels});
  EXPECT_TRUE(result.attached) << result.err;
  EXPECT_EQ(result.exitCode, 0) << result.err;
}

} // namespace
} // namespace bpfscope::e2e
