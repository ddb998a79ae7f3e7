// Builtins and functions that read the probe's context or the current task's
// relatives, in real programs: ctx, usermode, reg(), leader_tid, leader_comm,
// ppid(task), pcomm(task); and the clear refusal of the helpers this kernel
// gives only to fentry/fexit programs.
#include "harness.h"

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
