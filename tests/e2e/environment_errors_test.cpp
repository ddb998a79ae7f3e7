// Environment errors in words, at the script location that needs what is
// missing: a kernel without BTF (BPFTRACE_BTF pointing at a file that does not
// exist stands in for one) and a probe that uses more maps than the kernel
// allows in one program.

#include "harness.h"

#include <gmock/gmock.h>

#include <cstdlib>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class NoBtfTest : public E2ETest {
protected:
  void SetUp() override {
    E2ETest::SetUp();
    setenv("BPFTRACE_BTF", "/nonexistent/vmlinux", 1);
  }
  void TearDown() override { unsetenv("BPFTRACE_BTF"); }

  // The error, its location and the words that must name the feature.
  void expectNeedsBtf(const std::string &script, const std::string &location,
                      const std::string &feature) {
    RunResult r = runBpfscope({"--dry-run", "-e", script});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_THAT(r.err, StartsWith(location + ": ERROR: " + feature +
                                  " need the kernel's BTF type information, and "
                                  "/nonexistent/vmlinux cannot be read"));
  }
};

TEST_F(NoBtfTest, FentryProbesNameTheKprobeAlternative) {
  expectNeedsBtf("fentry:vfs_read { exit(); }", "stdin:1:1", "fentry probes");
  RunResult r = runBpfscope({"--dry-run", "-e", "fexit:vfs_read { exit(); }"});
  EXPECT_THAT(r.err, HasSubstr("HINT: use kprobe:vfs_read instead"));
}

TEST_F(NoBtfTest, RawTracepointProbes) {
  expectNeedsBtf("rawtracepoint:sched_switch { exit(); }", "stdin:1:1", "rawtracepoint probes");
}

TEST_F(NoBtfTest, KprobeArgs) {
  expectNeedsBtf("kprobe:vfs_read { @c = args.count; exit(); }", "stdin:1:24",
                 "the args of kprobe probes");
  RunResult r = runBpfscope({"--dry-run", "-e", "kprobe:vfs_read { @c = args.count; exit(); }"});
  EXPECT_THAT(r.err, HasSubstr("HINT: read the arguments as arg0, arg1, ..."));
}

TEST_F(NoBtfTest, KernelStructTypes) {
  RunResult r =
      runBpfscope({"--dry-run", "-e", "BEGIN { $t = (struct task_struct *)curtask; exit(); }"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, StartsWith("stdin:1:15: ERROR: unknown type 'struct task_struct': kernel "
                                "struct types need the kernel's BTF"));
  EXPECT_THAT(r.err, HasSubstr("HINT: define the type in the script's preamble"));
}

TEST_F(NoBtfTest, CurtaskFields) {
  expectNeedsBtf("BEGIN { @p = curtask->pid; exit(); }", "stdin:1:23", "curtask's fields");
}

TEST_F(NoBtfTest, ScriptsWithoutKernelTypesStillRun) {
  RunResult r = runBpfscope({"-e", "BEGIN { printf(\"%d\\n\", 7); exit(); }"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, StartsWith("7\n"));
}

// 70 maps in one probe, plus the 4 bpfscope itself uses there (among them the
// helper-failure counters, from the first map update on, as an update a full
// map refuses is reported): the kernel's limit is 64 per program, and its own
// message names no instruction.
class TooManyMapsTest : public E2ETest {};

TEST_F(TooManyMapsTest, PointsAtTheFirstMapPastTheLimit) {
  std::string script = "BEGIN {\n";
  for (int i = 0; i < 70; ++i)
    script += "  @m" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  script += "  exit();\n}\n";
  RunResult r = runBpfscope({"-e", script});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, StartsWith("stdin:64:3: ERROR: BEGIN uses 74 BPF maps, and the kernel allows "
                                "at most 64 in one program (4 of them bpfscope's own"));
  EXPECT_THAT(r.err, HasSubstr("\n  @m62 = 62;\n  ^"));
  EXPECT_THAT(r.err, HasSubstr("HINT: use fewer maps in this probe"));
}

// A discarded delete()'s failure counters are a map too (a data section
// libbpf loads as an array): 61 script maps, exit()'s 3 and the counters.
TEST_F(TooManyMapsTest, CountsTheDataSectionMaps) {
  std::string script = "BEGIN {\n  @k[1] = 1;\n  delete(@k, 2);\n";
  for (int i = 0; i < 60; ++i)
    script += "  @m" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  script += "  exit();\n}\n";
  RunResult r = runBpfscope({"-e", script});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, StartsWith("stdin:64:3: ERROR: BEGIN uses 65 BPF maps, and the kernel "
                                "allows at most 64 in one program (4 of them bpfscope's own"))
      << r.err;
}

} // namespace
} // namespace bpfscope::e2e
