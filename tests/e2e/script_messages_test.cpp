// errorf(), warnf() and assert() print the script's own messages on stderr
// with the location of the call, as the newest bpftrace does ("stdin:1:9-62:
// ERROR: …"); fail() and static_assert() stop the compilation. bpftrace 0.17
// has none of them.
#include "harness.h"

namespace bpfscope::e2e {
namespace {

class ScriptMessagesTest : public E2ETest {};

// The example of bpftrace's docs/stdlib.md, printed as it documents.
TEST_F(ScriptMessagesTest, ErrorfPrintsAtTheCallsLocationAndTheRunGoesOn) {
  RunResult r = runBpfscope(
      {"-q", "-e",
       R"(BEGIN { errorf("Something bad with args: %d, %s", 10, "arg2"); printf("after\n"); exit(); })"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "stdin:1:9-62: ERROR: Something bad with args: 10, arg2\n");
  EXPECT_EQ(r.out, "after\n\n\n");
}

TEST_F(ScriptMessagesTest, WarnfPrintsAWarningUnlessNoWarnings) {
  const std::string script =
      R"(BEGIN { warnf("Something kinda bad with args: %d, %s", 10, "arg2"); exit(); })";
  RunResult shown = runBpfscope({"-q", "-e", script});
  EXPECT_EQ(shown.exitCode, 0) << shown.err;
  EXPECT_EQ(shown.err, "stdin:1:9-67: WARNING: Something kinda bad with args: 10, arg2\n");
  RunResult hidden = runBpfscope({"-q", "--no-warnings", "-e", script});
  EXPECT_EQ(hidden.exitCode, 0) << hidden.err;
  EXPECT_EQ(hidden.err, "");
}

// A call over several lines is located by its lines alone, as bpftrace does.
TEST_F(ScriptMessagesTest, ACallOverSeveralLinesNamesItsLines) {
  RunResult r = runBpfscope({"-q", "-e", "BEGIN {\n  errorf(\"%s\",\n    comm);\n  exit(); }"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "stdin:2-3: ERROR: bpfscope\n");
}

TEST_F(ScriptMessagesTest, JsonRecordsNameTheFunctionAndTheLocation) {
  RunResult r = runBpfscope(
      {"-q", "-f", "json", "-e", R"(BEGIN { errorf("e %d", 1); warnf("w"); exit(); })"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.out, "{\"type\": \"errorf\", \"msg\": \"e 1\", \"filename\": \"stdin\", \"line\": 1, "
                   "\"col\": 9}\n"
                   "{\"type\": \"warnf\", \"msg\": \"w\", \"filename\": \"stdin\", \"line\": 1, "
                   "\"col\": 28}\n");
}

// The workload's second kill() fails with ESRCH: the assertion stops the run
// with status 1; END still runs and the maps print.
TEST_F(ScriptMessagesTest, AFailingAssertPrintsItsMessageAndExitsWithOne) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_kill"), "2147483647"};
  options.sigintAfter = milliseconds(2000);
  RunResult r = runBpfscope({"-e", R"(tracepoint:syscalls:sys_exit_kill /comm == "bpfs_kill"/ {
  @calls = count(); assert(args.ret == 0, "kill failed"); }
END { printf("end\n"); })"},
                            options);
  EXPECT_EQ(r.exitCode, 1) << r.err;
  EXPECT_TRUE(hasLine(r.err, "stdin:2:21-57: ERROR: assert failed: kill failed")) << r.err;
  EXPECT_EQ(r.out, "end\n\n\n@calls: 2\n");
}

TEST_F(ScriptMessagesTest, AHoldingAssertPrintsNothing) {
  RunResult r = runBpfscope({"-q", "-e", R"(BEGIN { assert(pid > 0, "no pid"); exit(); })"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_EQ(r.err, "");
}

// bpftrace's docs/stdlib.md example: the positional parameter decides whether
// the fail() is reached.
TEST_F(ScriptMessagesTest, FailStopsTheCompilationWhenReached) {
  const std::string script =
      R"(BEGIN { if ($1 < 2) { fail("Expected the first positional param to be greater than 1. Got %d", $1); } printf("ran with %d\n", $1); exit(); })";
  RunResult failed = runBpfscope({"-q", "-e", script, "1"});
  EXPECT_EQ(failed.exitCode, 1);
  EXPECT_EQ(failed.out, "");
  EXPECT_EQ(failed.err,
            "stdin:1:23: ERROR: Expected the first positional param to be greater than 1. Got 1\n" +
                script + "\n" + std::string(22, ' ') + "^" + std::string(75, '~') + "\n");
  RunResult ran = runBpfscope({"-q", "-e", script, "5"});
  EXPECT_EQ(ran.exitCode, 0) << ran.err;
  EXPECT_EQ(ran.out, "ran with 5\n\n\n");
}

TEST_F(ScriptMessagesTest, StaticAssertChecksAtCompileTime) {
  RunResult r = runBpfscope(
      {"-q", "-e",
       R"(BEGIN { static_assert(sizeof(uint32) == 4, "fine"); static_assert(EPERM == 2, "EPERM is 1"); })"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_NE(r.err.find("stdin:1:53: ERROR: EPERM is 1\n"), std::string::npos) << r.err;
}

} // namespace
} // namespace bpfscope::e2e
