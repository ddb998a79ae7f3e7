// Builtins and functions that read the probe's context or the current task's
// relatives, in real programs: ctx, usermode, reg(), leader_tid, leader_comm,
// ppid(task), pcomm(task); and the clear refusal of the helpers this kernel
// gives only to fentry/fexit programs.
#include "harness.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <regex>

namespace bpfscope::e2e {
namespace {

class ContextBuiltinsTest : public E2ETest {
protected:
  static RunResult runWith(const std::string &workload, const std::vector<std::string> &args,
                           const std::string &program) {
    RunOptions options;
    options.workload = {workloadPath(workload)};
    options.workload.insert(options.workload.end(), args.begin(), args.end());
    options.sigintAfter = milliseconds(200);
    return runBpfscope({"-e", program}, options);
  }
};

// bpfs_worker runs in a second thread: its tid is not the pid, its
// thread-group leader is the main thread, and a thread's parent is its
// process's parent.
TEST_F(ContextBuiltinsTest, ThreadGroupLeaderAndParentOfAThread) {
  std::string binary = workloadPath("bpfs_threads");
  RunResult result = runWith("bpfs_threads", {}, "uprobe:" + binary + R"(:bpfs_worker {
    printf("%d %d %d %s %d %d\n", tid != pid, leader_tid == pid, leader_tid(curtask) == pid,
           leader_comm, ppid(curtask) == ppid, pcomm(curtask) == pcomm); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 1 1 bpfs_threads 1 1\n\n\n");
}

// The first two arguments of bpfs_add(i, 100) are in di and si; the probe
// fires in user mode, and ctx is the pt_regs the registers are read from.
TEST_F(ContextBuiltinsTest, RegReadsTheProbedTasksRegisters) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result = runWith("bpfs_uprobe", {"3"}, "uprobe:" + binary + R"(:bpfs_add {
    printf("%d %d %d %d\n", reg("di"), reg("si"), usermode, ctx->si == reg("si")); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 100 1 1\n1 100 1 1\n2 100 1 1\n\n\n");
}

// BEGIN and END (written in the newest bpftrace's lowercase too) are in user
// mode, and `probe` reads as the script spells them.
TEST_F(ContextBuiltinsTest, UsermodeAndProbeInBeginAndEnd) {
  EXPECT_EQ(quietScriptOutput(R"(begin { printf("%s %d\n", probe, usermode); exit(); }
    END { printf("%s %d\n", probe, usermode); })"),
            "begin 1\nEND 1\n\n\n");
}

// A uretprobe fires after the return: ax holds the result (i + 100).
TEST_F(ContextBuiltinsTest, RegInAUretprobe) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result = runWith("bpfs_uprobe", {"2"},
                             "uretprobe:" + binary + R"(:bpfs_add { @[reg("ax")] = count(); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[100]: 1\n@[101]: 1\n");
}

// A profile sample interrupts either mode; a busy user-space loop is sampled in user mode.
TEST_F(ContextBuiltinsTest, UsermodeInProfileSamples) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_uprobe"), "300000"};
  options.sigintAfter = milliseconds(100);
  RunResult result = runBpfscope(
      {"-e", R"(profile:hz:997 /comm == "bpfs_uprobe"/ { @[usermode] = count(); })"}, options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, R"(@\[1\]: \d+)")) << result.out;
}

// ctx is a number: printed, formatted with %lx, kept in a map and used as an
// address (kptr(): in a uprobe an integer cast to a pointer addresses the
// traced process, and pt_regs live in the kernel). pt_regs' si (offset 104)
// holds bpfs_add's second argument.
TEST_F(ContextBuiltinsTest, CtxPrintsAsAnIntegerInAUprobe) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result = runWith("bpfs_uprobe", {"1"}, "uprobe:" + binary + R"(:bpfs_add {
    @c = ctx; print(ctx); printf("%lx %d\n", ctx, @c == ctx);
    printf("%d\n", *(uint64 *)kptr((uint64)ctx + 104)); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_match(result.out, m, std::regex(R"((\d+)\n([0-9a-f]+) 1\n100\n\n\n@c: (\d+)\n)")))
      << result.out;
  uint64_t address = std::stoull(m[1]);
  EXPECT_EQ(std::stoull(m[2], nullptr, 16), address);
  EXPECT_EQ(std::stoull(m[3]), address);
  EXPECT_GE(address, 0xffff800000000000) << "pt_regs live in kernel memory";
}

// In a perf_event program ctx is the struct bpf_perf_event_data's address;
// masks, shifts, tuples and keys take it like any integer.
TEST_F(ContextBuiltinsTest, CtxPrintsInProfileSamples) {
  RunResult result = runBpfscope({"-e", R"(profile:hz:997 { print(ctx); printf("%lx\n", ctx);
    print((ctx & 0xfff, ctx >> 12 == (ctx & ~0xfff) / 4096)); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(result.out, m, std::regex(R"(^(\d+)\n([0-9a-f]+)\n\((\d+), true\)\n)")))
      << result.out;
  uint64_t address = std::stoull(m[1]);
  EXPECT_EQ(std::stoull(m[2], nullptr, 16), address);
  EXPECT_EQ(std::stoull(m[3]), address & 0xfff);
}

// comm(pid) finds any task through the bpf_task_from_pid kfunc: the traced
// process, its parent, a kernel thread (pid 2 is kthreadd).
TEST_F(ContextBuiltinsTest, CommOfPidNamesOtherTasks) {
  RunResult result = runWith("bpfs_uprobe", {"1"},
                             R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_uprobe"/ {
    printf("%s %d %s\n", comm(pid), comm(ppid) == pcomm, comm(2)); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "bpfs_uprobe 1 kthreadd\n\n\n");
}

// The verifier finds a typed ksym's address in kallsyms; this machine's
// kernel lists no variables there (no CONFIG_KALLSYMS_ALL): percpu_kaddr()
// says so at the call. VmProbeTest runs it on a kernel that lists them.
TEST_F(ContextBuiltinsTest, PercpuKaddrNeedsVariablesInKallsyms) {
  std::ifstream kallsyms("/proc/kallsyms");
  std::string line;
  while (std::getline(kallsyms, line))
    if (line.ends_with(" cpu_number"))
      GTEST_SKIP() << "this kernel's kallsyms lists per-CPU variables";
  RunResult result =
      runBpfscope({"-e", R"(BEGIN { printf("%d\n", *(int32 *)percpu_kaddr("cpu_number")); })"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err,
            "stdin:1:47: ERROR: this kernel cannot give the address of per-CPU variable "
            "'cpu_number'\n"
            "BEGIN { printf(\"%d\\n\", *(int32 *)percpu_kaddr(\"cpu_number\")); }\n"
            "                                              ^~~~~~~~~~~~\n"
            "HINT: the verifier finds it in kallsyms, which lists variables only in a kernel "
            "built with CONFIG_KALLSYMS_ALL\n");
}

// No task has pid 99999999 (pid_max is at most 2^22): "N/A" and a warning.
TEST_F(ContextBuiltinsTest, CommOfAMissingPidWarns) {
  RunResult result =
      runBpfscope({"-e", R"(interval:ms:10 { printf("[%s]\n", comm(99999999)); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "[N/A]\n\n\n");
  EXPECT_TRUE(hasLine(result.err, "stdin:1:35-49: WARNING: No such process (pid=99999999)"))
      << result.err;
}

// uprobe programs (BPF_PROG_TYPE_KPROBE) may not call the kfunc: said at the call.
TEST_F(ContextBuiltinsTest, CommOfPidIsRefusedInUprobes) {
  std::string binary = workloadPath("bpfs_uprobe");
  RunResult result =
      runBpfscope({"--dry-run", "-e", "uprobe:" + binary + ":bpfs_add { print(comm(2)); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_TRUE(hasLine(result.err,
                      "HINT: the kernel lets only tracepoint, rawtracepoint, profile, interval, "
                      "software, hardware, fentry, fexit and iter probes call bpf_task_from_pid"))
      << result.err;
  EXPECT_NE(result.err.find("ERROR: comm(pid) cannot be used in uprobe probes"), std::string::npos)
      << result.err;
}

// A kernel without the kfunc: BPFTRACE_BTF names a BTF file of no types.
TEST_F(ContextBuiltinsTest, CommOfPidNeedsTheKfuncInTheKernel) {
  char path[] = "/tmp/bpfscope-empty-btf-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  // struct btf_header: magic, version 1, flags, hdr_len 24, types 0 bytes, strings "\0".
  const uint8_t empty_btf[25] = {0x9f, 0xeb, 1, 0, 24, 0, 0, 0, 0, 0, 0, 0, 0,
                                 0,    0,    0, 0, 0,  0, 0, 1, 0, 0, 0, 0};
  ASSERT_EQ(write(fd, empty_btf, sizeof(empty_btf)), static_cast<ssize_t>(sizeof(empty_btf)));
  close(fd);
  setenv("BPFTRACE_BTF", path, 1);
  RunResult result = runBpfscope({"--dry-run", "-e", "interval:ms:10 { print(comm(2)); }"});
  unsetenv("BPFTRACE_BTF");
  unlink(path);
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "stdin:1:24: ERROR: comm(pid) needs the kernel function "
                        "bpf_task_from_pid, which this kernel lacks\n"
                        "interval:ms:10 { print(comm(2)); }\n"
                        "                       ^~~~~~~\n"
                        "HINT: bpf_task_from_pid came with Linux 6.2\n");
}

TEST_F(ContextBuiltinsTest, HelpersOfFentryProgramsAreRefusedElsewhere) {
  RunResult result = runBpfscope(
      {"-e", "tracepoint:sock:inet_sock_set_state { @ = socket_cookie(args.skaddr); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err,
            "stdin:1:43: ERROR: socket_cookie is not available in "
            "tracepoint:sock:inet_sock_set_state\n"
            "tracepoint:sock:inet_sock_set_state { @ = socket_cookie(args.skaddr); }\n"
            "                                          ^~~~~~~~~~~~~~~~~~~~~~~~~~\n"
            "HINT: socket_cookie() calls bpf_get_socket_cookie, which the kernel gives only to "
            "fentry and fexit programs\n");
}

} // namespace
} // namespace bpfscope::e2e
