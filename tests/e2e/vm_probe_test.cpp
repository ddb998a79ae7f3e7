// kprobe, kretprobe, fentry and fexit for real, and percpu_kaddr() (it needs
// variables in kallsyms). This machine's kernel lacks them, so these tests
// skip here; tests/vm/run_vm_tests.sh runs them inside a
// VM whose kernel has them (one boot for the whole batch).

#include "harness.h"

#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

constexpr milliseconds kSettle{300};
constexpr const char *kOpens = "40";

class VmProbeTest : public E2ETest {
protected:
  void SetUp() override {
    E2ETest::SetUp();
    if (!std::filesystem::exists("/sys/bus/event_source/devices/kprobe/type"))
      GTEST_SKIP() << "needs a kernel with kprobes: run tests/vm/run_vm_tests.sh";
  }

  // Runs `program` while bpfs_open makes kOpens failing openat() calls.
  RunResult runWithOpens(const std::string &program) {
    RunOptions options;
    options.timeout = milliseconds(120000); // the VM is emulated and slow
    options.workload = {workloadPath("bpfs_open"), "/nonexistent/bpfscope", kOpens};
    options.sigintAfter = kSettle;
    return runBpfscope({"-e", program}, options);
  }
};

TEST_F(VmProbeTest, KprobeArgsFuncAndArgN) {
  auto result = runWithOpens(R"(kprobe:do_sys_openat2 /comm == "bpfs_open"/ {
  @[func, args.dfd] = count();
  @arg0[(arg0 == 4294967196 || arg0 == 18446744073709551516)] = count();
})");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string("\n\n@[do_sys_openat2, -100]: ") + kOpens + "\n" +
                            "@arg0[true]: " + kOpens + "\n");
}

TEST_F(VmProbeTest, KretprobeRetval) {
  auto result =
      runWithOpens(R"(kretprobe:do_sys_openat2 /comm == "bpfs_open"/ { @[retval] = count(); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // -ENOENT as the u64 a kretprobe's retval is.
  EXPECT_EQ(result.out, std::string("\n\n@[18446744073709551614]: ") + kOpens + "\n");
}

TEST_F(VmProbeTest, KprobeWildcardAttachesEachMatch) {
  auto result = runWithOpens(R"(k:do_sys_opena* /comm == "bpfs_open"/ { @[probe] = count(); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string("\n\n@[kprobe:do_sys_openat2]: ") + kOpens + "\n");
}

// Whether the running kernel was built with `option` (CONFIG_NAME).
bool kernelHas(const std::string &option) {
  std::ifstream config("/boot/config-" + shellOutput("uname -r | tr -d '\\n'"));
  std::string line;
  while (std::getline(config, line))
    if (line == option + "=y")
      return true;
  return false;
}

// kprobe_multi links need fprobe (CONFIG_FPROBE); without it the shared
// program is attached as one perf-event kprobe per function.
bool kernelHasFprobe() {
  return kernelHas("CONFIG_FPROBE");
}

TEST_F(VmProbeTest, KprobeWildcardSharesOneProgram) {
  const std::string script =
      R"(k:do_sys_open* /comm == "bpfs_open"/ { @[probe, func] = count(); })";
  RunOptions slow;
  slow.timeout = milliseconds(120000); // the VM is emulated and slow
  auto ir = runBpfscope({"--no-cache", "-d", "ir", "-e", script}, slow);
  const std::string section = kernelHasFprobe() ? "kprobe.multi" : "kprobe";
  EXPECT_TRUE(hasLineMatching(ir.out, "define .* section \"" + section + "\" .*")) << ir.out;
  EXPECT_FALSE(hasLineMatching(ir.out, "define .*_1\\(.*")) << "a second program";
  auto result = runWithOpens(script);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out,
            std::string("\n\n@[kprobe:do_sys_openat2, do_sys_openat2]: ") + kOpens + "\n");
}

// override() compiles to bpf_override_return in a kprobe program; a kernel
// built without CONFIG_BPF_KPROBE_OVERRIDE (the VM's) lacks the helper, and
// the refusal names the option at the call.
TEST_F(VmProbeTest, OverrideNamesTheKernelOptionItNeeds) {
  if (kernelHas("CONFIG_BPF_KPROBE_OVERRIDE"))
    GTEST_SKIP() << "this kernel can override return values";
  RunOptions slow;
  slow.timeout = milliseconds(120000); // the VM is emulated and slow
  auto result =
      runBpfscope({"--unsafe", "--no-cache", "-e", "kprobe:vfs_read { override(-1); }"}, slow);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("stdin:1:19: ERROR: "));
  EXPECT_THAT(result.err, HasSubstr("CONFIG_BPF_KPROBE_OVERRIDE")) << result.err;
}

TEST_F(VmProbeTest, KretprobeWildcardReadsRetvalThroughKprobeMulti) {
  auto result = runWithOpens(
      R"(kr:do_sys_open* /comm == "bpfs_open"/ { @[func, (int64)retval] = count(); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string("\n\n@[do_sys_openat2, -2]: ") + kOpens + "\n");
}

TEST_F(VmProbeTest, FentryTypedArgs) {
  auto result = runWithOpens(
      R"(fentry:do_sys_openat2 /comm == "bpfs_open"/ { @[func, args.dfd] = count(); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string("\n\n@[do_sys_openat2, -100]: ") + kOpens + "\n");
}

TEST_F(VmProbeTest, FexitTypedRetval) {
  auto result =
      runWithOpens(R"(kretfunc:do_sys_openat2 /comm == "bpfs_open"/ { @[retval] = count(); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string("\n\n@[-2]: ") + kOpens + "\n");
}

// percpu_kaddr() needs per-CPU variables in kallsyms (CONFIG_KALLSYMS_ALL),
// as the VM's kernel has them. On a workload pinned to CPU 1, cpu_number is
// 1 on this CPU and 0 on CPU 0; CPU 1's runqueue says it is CPU 1's; past
// the last CPU the address is 0.
TEST_F(VmProbeTest, PercpuKaddrReadsPerCpuVariables) {
  RunOptions options;
  options.timeout = milliseconds(120000);
  options.workload = {"/usr/bin/taskset", "-c", "1", workloadPath("bpfs_uprobe"), "1"};
  options.sigintAfter = kSettle;
  auto result =
      runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_uprobe"/ {
  $rq = (struct rq *)percpu_kaddr("runqueues", 1);
  if ($rq != 0) {
    printf("%d %d %d %d %d\n", cpu, *(int32 *)percpu_kaddr("cpu_number"),
           *(int32 *)percpu_kaddr("cpu_number", 0), $rq->cpu, percpu_kaddr("cpu_number", 100000));
  }
}
interval:ms:20 {
  printf("%s\n", *(int32 *)percpu_kaddr("cpu_number") == (int32)cpu ? "same cpu" : "other cpu");
})"},
                  options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("1 1 0 1 0\n"));
  EXPECT_THAT(result.out, HasSubstr("same cpu\n"));
  EXPECT_THAT(result.out, testing::Not(HasSubstr("other cpu")));
}

} // namespace
} // namespace bpfscope::e2e
