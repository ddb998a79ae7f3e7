// usdt probes on workloads/bpfs_usdt (sys/sdt.h probes whose arguments sit in
// registers, constants, stack slots, indexed and %rip-relative memory) and
// its shared library's semaphore-guarded probe; listing, wildcards, -c, -p.

#include "harness.h"

#include <gmock/gmock.h>
#include <sys/wait.h>
#include <unistd.h>

#include <functional>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr milliseconds kSettle{200};

class UsdtTest : public E2ETest {
protected:
  static std::string binary() { return workloadPath("bpfs_usdt"); }
  static std::string library() { return workloadPath("libbpfs_usdt_lib.so"); }

  static RunResult runWithWorkload(const std::string &program, const std::string &iterations) {
    RunOptions options;
    options.workload = {binary(), iterations};
    options.sigintAfter = kSettle;
    return runBpfscope({"-e", program}, options);
  }

  // The workload firing 3 times after waiting `wait_ms` (time for -p to attach).
  static pid_t startWaitingWorkload(const char *wait_ms = "1500") {
    pid_t child = fork();
    if (child == 0) {
      std::string path = binary();
      execl(path.c_str(), path.c_str(), "3", wait_ms, static_cast<char *>(nullptr));
      _exit(127);
    }
    return child;
  }

  // Runs the tool with the arguments `args_for` makes from the pid of a
  // waiting workload, started 300 ms before (once the loader has mapped its
  // library), then waits for the workload to end.
  static RunResult
  runBesideWaitingWorkload(const std::function<std::vector<std::string>(std::string)> &args_for,
                           const char *wait_ms = "1500") {
    pid_t traced = startWaitingWorkload(wait_ms);
    if (traced <= 0)
      return {};
    usleep(300 * 1000);
    RunResult result = runBpfscope(args_for(std::to_string(traced)));
    waitpid(traced, nullptr, 0);
    return result;
  }
};

TEST_F(UsdtTest, ReadsRegisterArgumentsBySizeAndSign) {
  auto result = runWithWorkload(
      "usdt:" + binary() + ":bpfs:tick { printf(\"%d %d %d\\n\", arg0, arg1, arg2); }", "3");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "0 0 250\n1 -1 251\n2 -2 252\n\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
}

TEST_F(UsdtTest, ReadsConstantStackIndexedAndRipRelativeArguments) {
  std::string bin = binary();
  auto result =
      runWithWorkload("usdt:" + bin + ":bpfs:constant { @k = sum(arg0); @g = sum(arg1); }" +
                          "usdt:" + bin + ":bpfs:indexed { @t = sum(arg0); }" + "usdt:" + bin +
                          ":bpfs:stack { @s0 = sum(arg0); @s1 = sum(arg1); }",
                      "5");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@g: 35\n@k: 210\n@s0: -30\n@s1: 10000\n@t: 110\n");
}

TEST_F(UsdtTest, SignedArgumentsKeepTheirSignInMaps) {
  auto result = runWithWorkload("usdt:" + binary() + ":bpfs:tick { @[arg1] = count(); }", "2");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[-1]: 1\n@[0]: 1\n");
}

TEST_F(UsdtTest, ProbeNameWithoutProviderAndWildcards) {
  auto named = runWithWorkload("U:" + binary() + ":indexed { @n = count(); }", "4");
  EXPECT_EQ(named.exitCode, 0) << named.err;
  EXPECT_EQ(named.out, "\n\n@n: 4\n");

  auto wildcard = runWithWorkload("usdt:" + binary() + ":bpfs:* { @[probe] = count(); }", "2");
  EXPECT_EQ(wildcard.exitCode, 0) << wildcard.err;
  EXPECT_TRUE(hasLine(wildcard.err, "Attached 4 probes")) << wildcard.err;
  for (const char *probe : {"constant", "indexed", "stack", "tick"})
    EXPECT_TRUE(hasLine(wildcard.out, "@[usdt:" + binary() + ":bpfs:" + probe + "]: 2"))
        << wildcard.out;
}

// arg0 is a long in tick and indexed and an int in constant and stack: read
// through a wildcard, it is an int64 that keeps each probe's value and sign.
TEST_F(UsdtTest, WildcardOverArgumentsOfDifferentSizes) {
  auto result = runWithWorkload(
      "usdt:" + binary() + ":bpfs:* { @[probe] = sum(arg0); @all = sum(arg0); }", "2");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string prefix = "@[usdt:" + binary() + ":bpfs:";
  EXPECT_EQ(result.out, "\n\n" + prefix + "stack]: -3\n" + prefix + "tick]: 1\n" + prefix +
                            "indexed]: 30\n" + prefix + "constant]: 84\n@all: 112\n");
}

// The kernel increments the semaphore while the probe is attached, so the
// library's `if (semaphore)` lets the probe fire.
TEST_F(UsdtTest, SemaphoreGuardedProbeInASharedLibrary) {
  auto result = runWithWorkload("usdt:" + library() +
                                    ":bpfs_lib:guarded { @n = count(); @i = sum(arg0); "
                                    "@d = sum(arg1); }",
                                "5");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@d: -15\n@i: 10\n@n: 5\n");
}

// A probe at two sites is one probe, as bpftrace counts it, that fires at both.
TEST_F(UsdtTest, ProbeAtSeveralSitesCountsOnce) {
  auto result = runWithWorkload(
      "usdt:" + binary() + ":bpfs_twice:site { @n = count(); @s = sum(arg0); }", "3");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
  EXPECT_EQ(result.out, "\n\n@n: 6\n@s: 33\n");
}

// bpftrace's --usdt-file-activation is accepted: the kernel already raises the
// semaphore in every process that maps the file, two processes here.
TEST_F(UsdtTest, FileActivationFlagIsAccepted) {
  pid_t first = startWaitingWorkload();
  pid_t second = startWaitingWorkload();
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
  auto result = runBpfscope({"--usdt-file-activation", "-e",
                             "usdt:" + library() +
                                 ":bpfs_lib:guarded { @[pid] = count(); if (len(@) == 2) "
                                 "{ exit(); } }"});
  waitpid(first, nullptr, 0);
  waitpid(second, nullptr, 0);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("@[" + std::to_string(first) + "]: ")) << result.out;
  EXPECT_THAT(result.out, HasSubstr("@[" + std::to_string(second) + "]: ")) << result.out;
}

TEST_F(UsdtTest, CommandIsTracedFromItsFirstInstruction) {
  auto result =
      runBpfscope({"-c", binary() + " 6", "-e",
                   "usdt:" + library() + ":bpfs_lib:guarded { @n = count(); } usdt:" + binary() +
                       ":bpfs:tick { @t = count(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@n: 6\n@t: 6\n");
}

TEST_F(UsdtTest, PidLimitsProbesToThatProcess) {
  pid_t traced = startWaitingWorkload();
  ASSERT_GT(traced, 0);
  RunOptions options;
  options.workload = {binary(), "10"}; // another process: not counted
  auto result =
      runBpfscope({"-p", std::to_string(traced), "-e",
                   "usdt:" + binary() + ":bpfs:tick { @[pid] = count(); } usdt:" + library() +
                       ":bpfs_lib:guarded { @g = count(); }"},
                  options);
  waitpid(traced, nullptr, 0);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[" + std::to_string(traced) + "]: 3\n@g: 3\n");
}

// Under -p, `*` for the binary means every file the process maps: the
// program and its shared library, for usdt and uprobe alike.
TEST_F(UsdtTest, StarBinaryUnderPidSearchesEveryMappedFile) {
  auto result = runBesideWaitingWorkload([](std::string pid) -> std::vector<std::string> {
    return {"-p", pid, "-e",
            "usdt:*:bpfs:tick { @t = count(); } usdt:*:guarded { @g = count(); } "
            "uprobe:*:bpfs_lib_step { @s = count(); }"};
  });
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 3 probes")) << result.err;
  EXPECT_EQ(result.out, "\n\n@g: 3\n@s: 3\n@t: 3\n");
}

// An empty provider matches every provider; under -p an empty binary is
// every file the process maps, as `*` is.
TEST_F(UsdtTest, EmptyProviderAndEmptyBinaryUnderPid) {
  auto any_provider = runWithWorkload("usdt:" + binary() + "::*ed { @[probe] = count(); }", "2");
  EXPECT_EQ(any_provider.exitCode, 0) << any_provider.err;
  EXPECT_TRUE(hasLine(any_provider.err, "Attached 1 probe")) << any_provider.err;
  EXPECT_EQ(any_provider.out, "\n\n@[usdt:" + binary() + ":bpfs:indexed]: 2\n");

  auto result = runBesideWaitingWorkload([](std::string pid) -> std::vector<std::string> {
    return {"-p", pid, "-e", "usdt::bpfs:tick { @t = count(); } usdt:::guarded { @g = count(); }"};
  });
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@g: 3\n@t: 3\n");
}

TEST_F(UsdtTest, StarUprobeBinaryWithoutPidIsAnError) {
  auto result = runBpfscope({"-e", "uprobe:*:bpfs_lib_step { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: '*' as the binary means every file of the process "
                                    "given with -p PID"));
  EXPECT_THAT(result.err, HasSubstr("HINT: add -p PID, or name the binary"));
}

// Without -p, usdt:*:… searches the files of every running process, as
// bpftrace does, and attaches in every process that maps them (the search
// takes longer than a -p run's: the workload waits longer).
TEST_F(UsdtTest, StarBinaryWithoutPidSearchesEveryProcess) {
  auto result = runBesideWaitingWorkload(
      [](std::string pid) -> std::vector<std::string> {
        std::string only = "/pid == " + pid + "/";
        return {"-e", "usdt:*:bpfs:tick " + only + " { @t = count(); } usdt:*:bpfs_lib:guarded " +
                          only + " { @g = count(); if (@g == 3) { exit(); } }"};
      },
      "3000");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@g: 3\n@t: 3\n");
}

TEST_F(UsdtTest, StarBinaryMatchingNothingIsAnError) {
  auto result = runBpfscope({"-e", "usdt:*:bpfs_no_such_provider:tick { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: no USDT probe in the files of the running processes "
                                    "matches 'bpfs_no_such_provider:tick'"));
}

// A path pattern as the binary attaches to the probes of every file it
// matches: here the program and its library.
TEST_F(UsdtTest, PathPatternBinaryAttachesInEveryMatchingFile) {
  std::string pattern = binary().substr(0, binary().rfind('/') + 1) + "*bpfs_usdt*";
  auto result = runWithWorkload("usdt:" + pattern + ":bpfs:tick { @t = count(); } usdt:" + pattern +
                                    "::guarded { @g = count(); }",
                                "3");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 2 probes")) << result.err;
  EXPECT_EQ(result.out, "\n\n@g: 3\n@t: 3\n");
}

TEST_F(UsdtTest, PathPatternMatchingNoFileIsAnError) {
  std::string pattern = binary().substr(0, binary().rfind('/') + 1) + "no_such_*";
  auto result = runBpfscope({"-e", "usdt:" + pattern + ":bpfs:tick { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: no file matches '" + pattern + "'"));
}

// sys/sdt.h keeps the quotes of a name written as a string: the probe is
// `"quoted"`, which an attach point names inside quotes with escaped quotes.
TEST_F(UsdtTest, ProbeNameWithQuotes) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sdt_quoted"), "4"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", "usdt:" + workloadPath("bpfs_sdt_quoted") +
                                       ":bpfs:\"\\\"quoted\\\"\" { @ = sum(arg0); }"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@: 10\n");
}

// -l with -p: the uprobes and USDT probes of every file the process maps.
TEST_F(UsdtTest, ListsTheProbesOfAProcess) {
  pid_t traced = startWaitingWorkload();
  ASSERT_GT(traced, 0);
  usleep(300 * 1000); // until the loader has mapped the library
  std::string pid = std::to_string(traced);
  auto everything = runBpfscope({"-l", "-p", pid});
  auto usdt = runBpfscope({"-l", "usdt:*:bpfs_lib:*", "-p", pid});
  auto functions = runBpfscope({"-l", "uprobe:*:bpfs_lib_*", "-p", pid});
  waitpid(traced, nullptr, 0);
  EXPECT_EQ(everything.exitCode, 0) << everything.err;
  EXPECT_TRUE(hasLine(everything.out, "usdt:" + binary() + ":bpfs:tick")) << everything.out;
  EXPECT_TRUE(hasLine(everything.out, "uprobe:" + binary() + ":main")) << everything.out;
  EXPECT_TRUE(hasLine(everything.out, "usdt:" + library() + ":bpfs_lib:guarded")) << everything.out;
  EXPECT_THAT(everything.out, Not(HasSubstr("tracepoint:"))) << everything.out;
  EXPECT_EQ(usdt.out, "usdt:" + library() + ":bpfs_lib:guarded\n");
  EXPECT_EQ(functions.out, "uprobe:" + library() + ":bpfs_lib_step\n");
}

TEST_F(UsdtTest, ListsProbesOncePerName) {
  auto result = runBpfscope({"-l", "usdt:" + binary() + ":*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string prefix = "usdt:" + binary() + ":bpfs:";
  EXPECT_EQ(result.out, prefix + "constant\n" + prefix + "indexed\n" + prefix + "stack\n" + prefix +
                            "tick\nusdt:" + binary() + ":bpfs_twice:site\n");
}

// As in bpftrace, a path pattern lists the probes of every file it matches,
// all lines in name order.
TEST_F(UsdtTest, ListingAPathPatternListsEveryMatchingFile) {
  std::string directory = binary().substr(0, binary().rfind('/') + 1);
  auto result = runBpfscope({"-l", "usdt:" + directory + "*bpfs_usdt*:*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string each = runBpfscope({"-l", "usdt:" + binary() + ":*"}).out +
                     runBpfscope({"-l", "usdt:" + library() + ":*"}).out;
  EXPECT_EQ(result.out, each);
  EXPECT_THAT(result.out, HasSubstr(":bpfs_lib:guarded\n"));
  EXPECT_EQ(runBpfscope({"-l", "usdt:" + directory + "no_such_*:*"}).out, "");
}

TEST_F(UsdtTest, VerboseListingShowsArgumentTypes) {
  auto result = runBpfscope({"-lv", "usdt:" + library() + ":bpfs_lib:*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out,
            "usdt:" + library() + ":bpfs_lib:guarded\n    int64 arg0\n    int16 arg1\n");
}

TEST_F(UsdtTest, PatternMatchingNothingIsAnError) {
  auto result = runBpfscope({"-e", "usdt:" + binary() + ":bpfs:nope { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err,
              HasSubstr("ERROR: no USDT probe of " + binary() + " matches 'bpfs:nope'"));
  EXPECT_THAT(result.err, HasSubstr("HINT: list its probes with: bpfscope -l 'usdt:" + binary()));
}

TEST_F(UsdtTest, BinaryWithoutProbesIsAnError) {
  std::string other = workloadPath("bpfs_uprobe");
  auto result = runBpfscope({"-e", "usdt:" + other + ":p:n { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: " + other + " has no USDT probes"));
}

TEST_F(UsdtTest, ArgumentBeyondTheSpecIsAnError) {
  auto result = runBpfscope({"-e", "usdt:" + binary() + ":bpfs:indexed { @ = arg1; }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: usdt:" + binary() + ":bpfs:indexed has no arg1"));
  EXPECT_THAT(result.err, HasSubstr("HINT: argN exists in kprobe, uprobe, usdt,"));
}

} // namespace
} // namespace bpfscope::e2e
