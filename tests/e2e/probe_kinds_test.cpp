// The kernel-side probe kinds beyond tracepoints: profile, software,
// hardware, rawtracepoint, kprobe/kretprobe and fentry/fexit. This machine's
// kernel has no kprobes, refuses fentry programs and has no PMU, so those
// kinds are tested here for their error messages (tests/vm runs them for
// real); the rest run against the workloads.

#include "harness.h"

#include <gmock/gmock.h>

#include <fstream>
#include <regex>
#include <thread>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

constexpr milliseconds kSettle{200};
constexpr long kGetppidSyscall = 110; // x86-64
constexpr long kGetpidSyscall = 39;

size_t onlineCpuCount() {
  return std::thread::hardware_concurrency();
}

class ProbeKindsTest : public E2ETest {
protected:
  // Expects a run that fails before anything runs, with `message` and a hint on stderr.
  void expectRefused(const std::string &program, const std::string &message) {
    auto result = runBpfscope({"-e", program});
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr(message));
    EXPECT_THAT(result.err, HasSubstr("HINT:"));
  }
};

// An idle CPU takes no cpu-clock sample, so a spinning shell is pinned to
// every CPU while the profile probe runs.
TEST_F(ProbeKindsTest, ProfileSamplesEveryCpu) {
  std::string spinners;
  for (size_t cpu = 0; cpu < onlineCpuCount(); ++cpu)
    spinners += "taskset -c " + std::to_string(cpu) + " timeout 2 sh -c 'while :; do :; done' & ";
  RunOptions options;
  options.workload = {"/bin/sh", "-c", spinners + "wait"};
  auto result = runBpfscope(
      {"-e", "profile:hz:200 { @[cpu] = 1; @probe[probe] = 1; } interval:ms:700 { exit(); }"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string expected = "\n\n";
  for (size_t cpu = 0; cpu < onlineCpuCount(); ++cpu)
    expected += "@[" + std::to_string(cpu) + "]: 1\n";
  expected += "@probe[profile:hz:200]: 1\n";
  EXPECT_EQ(result.out, expected);
  EXPECT_TRUE(hasLine(result.err, "Attached 2 probes")) << result.err;
}

// bpftrace runs BEGIN before attaching anything else: a tool's header comes
// before its first event even when the traced event never stops (bpfscope's
// own system calls fire raw_syscalls:sys_enter between attaching and BEGIN).
TEST_F(ProbeKindsTest, BeginOutputComesBeforeEveryEvent) {
  auto result = runBpfscope({"-e", R"(BEGIN { printf("header\n"); }
tracepoint:raw_syscalls:sys_enter { printf("event\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  auto lines = splitLines(result.out);
  ASSERT_GE(lines.size(), 2u) << result.out;
  EXPECT_EQ(lines[0], "header") << result.out;
  EXPECT_EQ(lines[1], "event") << result.out;
}

TEST_F(ProbeKindsTest, ProfilePeriodUnitsAndAlias) {
  auto result = runBpfscope(
      {"-e", "p:ms:10 { @ms = 1; } profile:us:20000 { @us = 1; } i:ms:500 { exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@ms: 1\n@us: 1\n");
}

TEST_F(ProbeKindsTest, SoftwareContextSwitchesOfASleeper) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "5", "20"};
  options.sigintAfter = kSettle;
  auto result =
      runBpfscope({"-e", R"(software:cs:1 /comm == "bpfs_sleeper"/ { @switches = count(); }
s:faults { @faults_alias = 1; })"},
                  options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(result.out, m, std::regex(R"(@switches: (\d+)\n)"))) << result.out;
  EXPECT_GE(std::stol(m[1].str()), 20); // every sleep switches the task out at least once
}

TEST_F(ProbeKindsTest, UnknownSoftwareEventSuggests) {
  auto result = runBpfscope({"-e", "software:page-fault:10 { exit(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("unknown software event 'page-fault'"));
  EXPECT_THAT(result.err, HasSubstr("did you mean 'page-faults'?"));
}

// As in bpftrace, software and hardware event names take wildcards.
TEST_F(ProbeKindsTest, SoftwareWildcardNamesEveryMatchingEvent) {
  auto result = runBpfscope({"-l", "-e", "software:*-faults:100 { } s:cpu-*: { }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "software:alignment-faults:100\nsoftware:emulation-faults:100\n"
                        "software:major-faults:100\nsoftware:minor-faults:100\n"
                        "software:page-faults:100\nsoftware:cpu-clock:\n"
                        "software:cpu-migrations:\n");
  result = runBpfscope({"-e", "software:*fault:1 { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("no software event matches '*fault'"));
  EXPECT_THAT(result.err, HasSubstr("HINT: list them with: bpfscope -l 'software:*'"));
}

TEST_F(ProbeKindsTest, HardwareWithoutPmuSaysSoAndSuggestsSoftware) {
  expectRefused("hardware:cycles:1000000 { @ = count(); }",
                "hardware:cycles:1000000: this machine has no hardware performance counters");
}

TEST_F(ProbeKindsTest, RawTracepointTypedArgsAndArgN) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "300"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(rawtracepoint:sys_enter /comm == "bpfs_burst"/ {
  @[args.id] = count();
  if (arg1 == args.id) { @same = count(); }
  @probe[probe] = 1;
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@[" + std::to_string(kGetppidSyscall) + "]: 300")) << result.out;
  EXPECT_TRUE(hasLine(result.out, "@probe[rawtracepoint:vmlinux:sys_enter]: 1")) << result.out;
  EXPECT_THAT(result.out, testing::ContainsRegex("@same: [0-9]+"));
}

// A raw tracepoint's pointer args are pointers the verifier types from BTF;
// printed, stored or passed to print() they are plain numbers: sched_switch's
// prev is the task switching out, the current one.
TEST_F(ProbeKindsTest, RawTracepointPointerArgsAreNumbers) {
  RunOptions options;
  options.workload = {"/bin/sleep", "0.1"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(rawtracepoint:sched_switch /comm == "sleep" && @seen == 0/ {
  @seen = 1;
  $prev = args.prev;
  printf("%p %p\n", args.prev, curtask);
  print(arg1);
  printf("%lu %s\n", (uint64)curtask, $prev->comm);
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(result.out, m,
                               std::regex("(0x[0-9a-f]+) (0x[0-9a-f]+)\n([0-9]+)\n([0-9]+) "
                                          "sleep\n\n\n@seen: 1\n")))
      << result.out;
  EXPECT_EQ(m[1], m[2]);
  EXPECT_EQ(m[3], m[4]);
  EXPECT_EQ(std::stoull(m[3], nullptr, 10), std::stoull(m[1], nullptr, 16));
}

// Only pointer args are copied before use: a scalar arg (sys_exit's long
// ret) is loaded from the context as it is, and reads right: getpid()'s
// result is the workload's pid, 7 times (the pointer arg regs says which
// system call returned).
TEST_F(ProbeKindsTest, RawTracepointScalarArgsReadDirectly) {
  auto result = runBpfscope({"-c", workloadPath("bpfs_burst") + " 0 7", "-e",
                             R"(rawtracepoint:sys_exit /pid == cpid && args.ret == pid/ {
  @[args.regs->orig_ax] = count();
})"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@[" + std::to_string(kGetpidSyscall) + "]: 7")) << result.out;
}

TEST_F(ProbeKindsTest, RawTracepointAliasModuleAndWildcard) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "5"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope(
      {"-e",
       R"(rt:vmlinux:sys_ent* /comm == "bpfs_burst" && arg1 == 110/ { @[probe] = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[rawtracepoint:vmlinux:sys_enter]: 5\n");
}

TEST_F(ProbeKindsTest, RawTracepointUnknownArgSuggests) {
  auto result = runBpfscope({"-e", "rawtracepoint:sys_enter { @ = args.idd; }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("has no field 'idd'"));
  EXPECT_THAT(result.err, HasSubstr("did you mean 'id'?"));
}

TEST_F(ProbeKindsTest, RawTracepointInAModuleWithoutBtfIsAnError) {
  auto result = runBpfscope({"-e", "rt:bpfscope_no_such_module:kfree_skb { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err,
            "stdin:1:1: ERROR: module 'bpfscope_no_such_module' is not loaded or has no BTF\n"
            "rt:bpfscope_no_such_module:kfree_skb { }\n"
            "^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "HINT: load it (modprobe bpfscope_no_such_module), or list the objects with BTF: ls "
            "/sys/kernel/btf\n");
}

TEST_F(ProbeKindsTest, RawTracepointNamesItsModuleInEveryForm) {
  for (const char *form : {"rawtracepoint:kfree_skb", "rt:vmlinux:kfree_skb"}) {
    auto result = runBpfscope({"-l", "-e", std::string(form) + " { }"});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, "rawtracepoint:vmlinux:kfree_skb\n") << form;
  }
}

TEST_F(ProbeKindsTest, WildcardMatchingNothingNamesThePattern) {
  auto result = runBpfscope({"-e", "rawtracepoint:no_such_tp_* { exit(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("no raw tracepoint matches 'rawtracepoint:no_such_tp_*'"));
}

// A probe at an offset has no fentry equivalent: the kprobe's own refusal.
TEST_F(ProbeKindsTest, KprobeWithoutKernelSupportSaysWhy) {
  expectRefused(
      "kprobe:vfs_read+4 { @ = count(); }",
      "kprobe:vfs_read+4: kprobes are not available on this kernel (CONFIG_KPROBES is off)");
}

// Without kprobes, a function with BTF is probed by fentry/fexit (which this
// kernel refuses too: the refusal names the kprobe the user wrote).
TEST_F(ProbeKindsTest, KprobeRunsAsFentryWithAWarning) {
  expectRefused("kprobe:vfs_read { @ = count(); }",
                "WARNING: kprobes are not available on this kernel (CONFIG_KPROBES is off): "
                "kprobe runs as fentry on this function");
  expectRefused("kprobe:vfs_read { @ = count(); }",
                "kprobe:vfs_read: fentry/fexit programs are not allowed by this kernel");
}

TEST_F(ProbeKindsTest, KretprobeRunsAsFexitWithAWarning) {
  expectRefused("kr:vfs_read { @ = hist(retval); }", "kretprobe runs as fexit on this function");
}

TEST_F(ProbeKindsTest, KprobeOnMissingFunctionSuggests) {
  auto result = runBpfscope({"-e", "kprobe:vfs_reed { @ = count(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("unknown kernel function 'vfs_reed'"));
  EXPECT_THAT(result.err, HasSubstr("did you mean 'vfs_read'?"));
}

TEST_F(ProbeKindsTest, RetvalOutsideReturnProbesIsAnError) {
  auto result = runBpfscope({"-e", "kprobe:vfs_read { @ = retval; }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("kprobe:vfs_read has no retval"));
}

// The alternative offered is one this kernel has: not a kprobe.
TEST_F(ProbeKindsTest, FentryRefusedByKernelNamesProbeAndAlternative) {
  for (const char *program : {"fentry:vfs_read { @ = count(); }", "fexit:vfs_read { }"}) {
    auto result = runBpfscope({"-e", program});
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_THAT(result.err, HasSubstr(":vmlinux:vfs_read: fentry/fexit programs are not allowed "
                                      "by this kernel (it refused to load the program: "
                                      "Operation not permitted)\n"
                                      "HINT: this kernel has no kprobes either: use a tracepoint "
                                      "(bpfscope -l 'tracepoint:*') or a rawtracepoint\n"));
  }
}

TEST_F(ProbeKindsTest, FentryUnknownFunctionSuggests) {
  auto result = runBpfscope({"-e", "kfunc:vfs_reed { @ = count(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("unknown kernel function 'vfs_reed'"));
  EXPECT_THAT(result.err, HasSubstr("did you mean 'vfs_read'?"));
}

TEST_F(ProbeKindsTest, ListsSoftwareEventsLikeBpftrace) {
  auto result = runBpfscope({"-l", "software:c*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "software:context-switches:\nsoftware:cpu-clock:\n"
                        "software:cpu-migrations:\n");
}

TEST_F(ProbeKindsTest, ListsFentryWithArgs) {
  auto result = runBpfscope({"-lv", "fentry:vfs_read"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "fentry:vmlinux:vfs_read\n"
                        "    struct file * file\n"
                        "    char * buf\n"
                        "    size_t count\n"
                        "    loff_t * pos\n"
                        "    ssize_t retval\n");
}

TEST_F(ProbeKindsTest, ListsRawTracepointsWithArgs) {
  auto result = runBpfscope({"-lv", "rawtracepoint:sys_enter"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "rawtracepoint:vmlinux:sys_enter\n"
                        "    struct pt_regs * regs\n"
                        "    long int id\n");
}

TEST_F(ProbeKindsTest, ListsKprobesFromKernelSymbols) {
  auto result = runBpfscope({"-l", "kprobe:vfs_rea?"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "kprobe:vfs_read\n");
}

TEST_F(ProbeKindsTest, ListingEverythingIsFast) {
  auto start = std::chrono::steady_clock::now();
  auto result = runBpfscope({"-l"});
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "kprobe:vfs_read"));
  EXPECT_TRUE(hasLine(result.out, "fentry:vmlinux:vfs_read"));
  EXPECT_TRUE(hasLine(result.out, "rawtracepoint:vmlinux:sched_switch"));
  EXPECT_TRUE(hasLine(result.out, "tracepoint:sched:sched_switch"));
  EXPECT_TRUE(hasLine(result.out, "software:cpu-clock:"));
  // About 0.3 s of CPU; the bound leaves room for a loaded CI machine.
  EXPECT_LT(took, std::chrono::seconds(3));
}

} // namespace
} // namespace bpfscope::e2e
