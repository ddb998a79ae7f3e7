// Command-line options that stop before loading (-d types, --emit-elf,
// --emit-llvm), --no-warnings, and the privilege check an unprivileged user meets.

#include "harness.h"

#include <gmock/gmock.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iterator>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CliOptionsTest : public E2ETest {
protected:
  // A path under the test's temporary directory, removed when the test ends.
  std::string tempPath(const std::string &name) {
    std::string path = ::testing::TempDir() + "bpfscope-cli-" + std::to_string(getpid()) + name;
    created_.push_back(path);
    return path;
  }

  void TearDown() override {
    for (const auto &path : created_)
      std::remove(path.c_str());
  }

  static std::string readFile(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

private:
  std::vector<std::string> created_;
};

TEST_F(CliOptionsTest, DumpTypesShowsEachExpressionsType) {
  auto result = runBpfscope({"-d", "types", "-e", "BEGIN { $x = 1 + 2; @a[comm] = count(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("        Binary + :: int64\n"));
  EXPECT_THAT(result.out, HasSubstr("        Map @a :: count_t\n"));
  EXPECT_THAT(result.out, HasSubstr("          Builtin comm :: string[16]\n"));
  EXPECT_FALSE(result.attached);
}

TEST_F(CliOptionsTest, EmitElfWritesABpfObjectWithoutLoading) {
  std::string elf = tempPath(".o");
  std::string ll = tempPath(".ll");
  auto result = runBpfscope({"--emit-elf", elf, "--emit-llvm", ll, "-e",
                             "tracepoint:syscalls:sys_enter_read { @reads = count(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_FALSE(result.attached);
  std::string object = readFile(elf);
  ASSERT_GE(object.size(), 20u);
  EXPECT_EQ(object.substr(0, 4), "\x7f"
                                 "ELF");
  // e_machine (offset 18, little endian) is EM_BPF = 247.
  EXPECT_EQ(static_cast<unsigned char>(object[18]), 247u);
  EXPECT_THAT(object, HasSubstr("AT_reads"));
  EXPECT_THAT(readFile(ll), HasSubstr("define"));
}

TEST_F(CliOptionsTest, EmitElfToAnUnwritablePathIsAnError) {
  auto result = runBpfscope({"--emit-elf", "/nonexistent-dir/x.o", "-e", "BEGIN { exit(); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: cannot write /nonexistent-dir/x.o"));
}

TEST_F(CliOptionsTest, NoWarningsHidesWarningsButNotErrors) {
  auto warned = runBpfscope({"-e", "BEGIN { 1; exit(); }"});
  ASSERT_EQ(warned.exitCode, 0) << warned.err;
  EXPECT_THAT(warned.err, HasSubstr("WARNING:"));
  auto quiet = runBpfscope({"--no-warnings", "-e", "BEGIN { 1; exit(); }"});
  ASSERT_EQ(quiet.exitCode, 0) << quiet.err;
  EXPECT_THAT(quiet.err, Not(HasSubstr("WARNING:")));
  auto failed = runBpfscope({"--no-warnings", "-e", "BEGIN { nosuch(); }"});
  EXPECT_EQ(failed.exitCode, 1);
  EXPECT_THAT(failed.err, HasSubstr("ERROR:"));
}

// bpftrace's man page: `bpftrace -I /tmp/include program.bt`; -I takes one
// directory, and the script file after it still runs.
TEST_F(CliOptionsTest, IncludeDirectoryBeforeTheScriptFile) {
  std::string script = tempPath(".bt");
  std::ofstream(script) << "BEGIN { printf(\"ran\\n\"); exit(); }\n";
  auto result =
      runBpfscope({"-q", "-I", ::testing::TempDir(), "--include", "linux/path.h", script});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "ran\n\n\n");
}

// bpftrace's man page: `bpftrace -l my_script.bt` lists the probes the
// script attaches to, as `-l -e PROGRAM` does.
TEST_F(CliOptionsTest, ListingAScriptFileListsItsProbes) {
  std::string script = tempPath(".bt");
  std::ofstream(script) << "tracepoint:syscalls:sys_enter_nanosleep,\n"
                           "tracepoint:syscalls:sys_exit_nanosleep { }\n";
  auto result = runBpfscope({"-l", script});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "tracepoint:syscalls:sys_enter_nanosleep\n"
                        "tracepoint:syscalls:sys_exit_nanosleep\n");
}

// `-l 'a,b'` lists what each comma-separated pattern matches, in turn.
TEST_F(CliOptionsTest, ListingTakesCommaSeparatedPatterns) {
  auto result =
      runBpfscope({"-l", "tracepoint:syscalls:sys_exit_nanosleep,t:syscalls:sys_enter_nanosleep"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "tracepoint:syscalls:sys_exit_nanosleep\n"
                        "tracepoint:syscalls:sys_enter_nanosleep\n");
}

// bpftrace's man page: `-l 'struct css_*'` lists kernel types by name, and
// `-lv 'struct NAME'` prints the definition from the kernel's BTF.
TEST_F(CliOptionsTest, ListingKernelTypesShowsTheirDefinitions) {
  auto names = runBpfscope({"-l", "struct list_hea*,union bpf_att*"});
  ASSERT_EQ(names.exitCode, 0) << names.err;
  EXPECT_EQ(names.out, "struct list_head\nunion bpf_attr\n");
  auto definition = runBpfscope({"-lv", "struct list_head"});
  ASSERT_EQ(definition.exitCode, 0) << definition.err;
  EXPECT_EQ(definition.out, "struct list_head {\n"
                            "\tstruct list_head *next;\n"
                            "\tstruct list_head *prev;\n"
                            "};\n\n");
  auto states = runBpfscope({"-lv", "enum cpu_usage_stat"});
  EXPECT_THAT(states.out, HasSubstr("enum cpu_usage_stat {\n\tCPUTIME_USER = 0,\n"));
}

// bpftrace's man page: --info reports the system, the build and what the
// kernel offers; this host has tracepoints and ring buffers.
TEST_F(CliOptionsTest, InfoReportsWhatTheKernelOffers) {
  auto result = runBpfscope({"--info"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  for (const char *line : {"System", "Build", "Kernel helpers", "Map types", "Probe types",
                           "  probe_read_kernel: yes", "  ringbuf: yes", "  tracepoint: yes"})
    EXPECT_TRUE(hasLine(result.out, line)) << line << " in:\n" << result.out;
  EXPECT_TRUE(hasLineMatching(result.out, "  kprobe: (yes|no)")) << result.out;
}

// An unprivileged user (nobody, through setpriv) is told which capabilities
// are missing; a dump still works for them.
TEST_F(CliOptionsTest, UnprivilegedUserIsToldTheMissingCapabilities) {
  if (std::system("command -v setpriv >/dev/null") != 0)
    GTEST_SKIP() << "setpriv (util-linux) is not installed";
  std::string err = tempPath(".err");
  std::string drop = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  int status = std::system((drop + bpfscopeBinary() + " -e 'BEGIN { exit(); }' 2>" + err).c_str());
  EXPECT_EQ(WEXITSTATUS(status), 1);
  EXPECT_THAT(readFile(err), HasSubstr("ERROR: bpfscope needs root, or the capabilities CAP_BPF "
                                       "and CAP_PERFMON"));
  status = std::system(
      (drop + bpfscopeBinary() + " -d ast -e 'BEGIN { exit(); }' >/dev/null 2>" + err).c_str());
  EXPECT_EQ(WEXITSTATUS(status), 0) << readFile(err);
}

} // namespace
} // namespace bpfscope::e2e
