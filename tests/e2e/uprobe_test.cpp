// uprobe / uretprobe on workloads/bpfs_uprobe (a dynamically linked PIE),
// C++ functions by demangled name (workloads/bpfs_cpp), libc probes resolved
// by library name, and the -c / -p process options.

#include "harness.h"

#include <gmock/gmock.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <regex>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

constexpr milliseconds kSettle{200};

class UprobeTest : public E2ETest {
protected:
  static std::string binary() { return workloadPath("bpfs_uprobe"); }

  static RunResult runWithWorkload(const std::string &program, const std::string &calls) {
    RunOptions options;
    options.workload = {binary(), calls};
    options.sigintAfter = kSettle;
    return runBpfscope({"-e", program}, options);
  }

  // The symbol's address in the binary, from nm.
  static std::string symbolAddress(const std::string &name) {
    std::string command = "nm " + binary();
    FILE *nm = popen(command.c_str(), "r");
    char line[512];
    std::string address;
    while (nm && fgets(line, sizeof line, nm)) {
      std::string text(line);
      if (text.ends_with(" T " + name + "\n"))
        address = text.substr(0, text.find(' '));
    }
    if (nm)
      pclose(nm);
    return address;
  }
};

TEST_F(UprobeTest, CountsCallsAndReadsArguments) {
  auto result = runWithWorkload("uprobe:" + binary() +
                                    ":bpfs_add { @calls = count(); "
                                    "@first = sum(arg0); @second = sum(arg1); }",
                                "10");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@calls: 10\n@first: 45\n@second: 1000\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
}

// A pointer made from an integer in a uprobe addresses the traced process, so
// main's argv (arg1) reads through to the command line's strings: argv[1] by
// pointer arithmetic and by a cast of the address of its slot.
TEST_F(UprobeTest, PointersCastFromArgumentsReadTheProcessMemory) {
  auto result = runBpfscope({"-q", "-e",
                             "uprobe:" + binary() +
                                 ":main { $argv = (uint64 *)arg1; printf(\"%s %s\\n\", "
                                 "str(*($argv + 1)), str(*(uint8 **)(arg1 + 8))); exit(); }",
                             "-c", binary() + " 3"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "3 3\n\n\n");
}

TEST_F(UprobeTest, UretprobeReadsTheReturnValue) {
  auto result =
      runWithWorkload("ur:" + binary() + ":bpfs_add { @ret = sum(retval); @n = count(); }", "10");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@n: 10\n@ret: 1045\n");
}

TEST_F(UprobeTest, WildcardAttachesEveryMatchingFunction) {
  auto result = runWithWorkload("uprobe:" + binary() + ":bpfs_* { @[probe] = count(); }", "4");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 3 probes")) << result.err;
  for (const char *function : {"bpfs_add", "bpfs_leaf", "bpfs_middle"})
    EXPECT_TRUE(hasLine(result.out, "@[uprobe:" + binary() + ":" + function + "]: 4"))
        << result.out;
}

// A path pattern as the binary: the function in every file the pattern
// matches that has it (bpfs_uprobe; bpfs_usdt has no bpfs_add).
TEST_F(UprobeTest, PathPatternBinaryAttachesInEveryMatchingFile) {
  std::string pattern = binary().substr(0, binary().rfind('/') + 1) + "bpfs_u*";
  auto result = runWithWorkload("uprobe:" + pattern + ":bpfs_add { @[probe] = count(); }", "3");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[uprobe:" + binary() + ":bpfs_add]: 3\n");
}

TEST_F(UprobeTest, PathPatternBinaryErrors) {
  std::string directory = binary().substr(0, binary().rfind('/') + 1);
  auto no_file = runBpfscope({"-e", "uprobe:" + directory + "no_such_*:bpfs_add { }"});
  EXPECT_EQ(no_file.exitCode, 1);
  EXPECT_THAT(no_file.err, HasSubstr("ERROR: no file matches '" + directory + "no_such_*'"));
  auto no_function = runBpfscope({"-e", "uprobe:" + directory + "bpfs_u*:no_such_fn { }"});
  EXPECT_EQ(no_function.exitCode, 1);
  EXPECT_THAT(no_function.err, HasSubstr("ERROR: no function in the files matching '" + directory +
                                         "bpfs_u*' matches 'no_such_fn'"));
  auto address = runBpfscope({"-e", "uprobe:" + directory + "bpfs_u*:0x1000 { }"});
  EXPECT_EQ(address.exitCode, 1);
  EXPECT_THAT(address.err, HasSubstr("ERROR: a binary pattern takes a function name or pattern, "
                                     "not an address or offset"));
}

TEST_F(UprobeTest, AttachesAtAnAddress) {
  std::string address = symbolAddress("bpfs_add");
  ASSERT_FALSE(address.empty());
  std::string hex = "0x" + address.substr(address.find_first_not_of('0'));
  auto result = runWithWorkload("uprobe:" + binary() + ":" + hex + " { @[func] = count(); }", "6");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[bpfs_add]: 6\n");
}

TEST_F(UprobeTest, ResolvesLibcByName) {
  auto result = runWithWorkload(
      R"(uprobe:libc:getppid /comm == "bpfs_uprobe"/ { @[probe] = count(); })", "5");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, MatchesRegex("\n\n@\\[uprobe:/[^@]*/libc\\.so\\.6:getppid\\]: 5\n"));
}

TEST_F(UprobeTest, ListsFunctionsMatchingAGlob) {
  auto result = runBpfscope({"-l", "uprobe:" + binary() + ":bpfs_*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "uprobe:" + binary() + ":bpfs_add\nuprobe:" + binary() +
                            ":bpfs_leaf\nuprobe:" + binary() + ":bpfs_middle\n");
}

TEST_F(UprobeTest, UnknownFunctionIsAnErrorWithASuggestion) {
  auto result = runBpfscope({"-e", "uprobe:" + binary() + ":bpfs_ad { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: no function 'bpfs_ad' in " + binary()));
  EXPECT_THAT(result.err, HasSubstr("bpfs_add"));
}

TEST_F(UprobeTest, MissingBinaryIsAnError) {
  auto result = runBpfscope({"-e", "uprobe:/no/such/file:f { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("ERROR: no such file: /no/such/file"));
}

TEST_F(UprobeTest, CommandRunsAfterAttachAndEndsTheRun) {
  auto result =
      runBpfscope({"-c", binary() + " 7", "-e",
                   "uprobe:" + binary() + ":bpfs_add /pid == cpid/ { @calls = count(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@calls: 7\n");
}

TEST_F(UprobeTest, CpidWithoutCommandIsAnError) {
  auto result = runBpfscope({"-e", "BEGIN { @ = cpid; }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("-c"));
}

// -p: a tracepoint sees only the traced process, and the run ends with it.
TEST_F(UprobeTest, PidFiltersProbesAndEndsWithTheProcess) {
  pid_t sleeper = fork();
  if (sleeper == 0) {
    std::string path = workloadPath("bpfs_sleeper");
    execl(path.c_str(), path.c_str(), "100", "15", static_cast<char *>(nullptr));
    _exit(127);
  }
  ASSERT_GT(sleeper, 0);
  auto result =
      runBpfscope({"-p", std::to_string(sleeper), "-e",
                   "tracepoint:syscalls:sys_enter_clock_nanosleep { @[comm, pid] = count(); }"});
  waitpid(sleeper, nullptr, 0);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out,
              MatchesRegex("\n\n@\\[bpfs_sleeper, " + std::to_string(sleeper) + "\\]: [0-9]+\n"));
}

TEST_F(UprobeTest, PidThatDoesNotExistIsAnError) {
  auto result = runBpfscope({"-p", "2147483647", "-e", "BEGIN { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr("no process with pid 2147483647"));
}

class CppUprobeTest : public E2ETest {
protected:
  static std::string binary() { return workloadPath("bpfs_cpp"); }
};

TEST_F(CppUprobeTest, DemangledNameWithParametersSelectsOneOverload) {
  RunOptions options;
  options.workload = {binary(), "5"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope(
      {"-e", "uprobe:" + binary() + ":cpp:\"bpfs::twice(int)\" { @n = count(); @s = sum(arg0); }"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
  EXPECT_EQ(result.out, "\n\n@n: 5\n@s: 10\n");
}

TEST_F(CppUprobeTest, NameWithoutParametersSelectsEveryOverload) {
  RunOptions options;
  options.workload = {binary(), "3"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope(
      {"-e", "uprobe:" + binary() + ":cpp:bpfs::twice { @[probe] = count(); }"}, options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.err, "Attached 2 probes")) << result.err;
  EXPECT_EQ(result.out, "\n\n@[uprobe:" + binary() + ":_ZN4bpfs5twiceEi]: 3\n@[uprobe:" + binary() +
                            ":_ZN4bpfs5twiceEl]: 3\n");
}

TEST_F(CppUprobeTest, ListsDemangledNamesQuoted) {
  auto result = runBpfscope({"-l", "uprobe:" + binary() + ":cpp:bpfs::*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string prefix = "uprobe:" + binary() + ":cpp:";
  EXPECT_EQ(result.out, prefix + "\"bpfs::twice(int)\"\n" + prefix + "\"bpfs::twice(long)\"\n" +
                            prefix + "\"bpfs::Counter::add(long)\"\n");
}

// User symbols print demangled, as bpftrace prints them, unless the script
// sets cpp_demangle off. The workload lingers so its symbols are readable
// when the records print.
TEST_F(CppUprobeTest, StacksAndSymbolsPrintDemangled) {
  RunOptions options;
  options.workload = {binary(), "1", "500"};
  options.sigintAfter = kSettle;
  std::string probe = "uprobe:" + binary() + ":cpp:\"bpfs::twice(int)\" ";
  auto result = runBpfscope(
      {"-e", probe + "{ printf(\"%s|%s|\\n\", usym(reg(\"ip\")), ustack(1)); }"}, options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "bpfs::twice(int)|\n        bpfs::twice(int)+0\n|\n\n\n");

  result = runBpfscope({"-e", "config = { cpp_demangle = false } " + probe +
                                  "{ printf(\"%s|%s|\\n\", usym(reg(\"ip\")), ustack(1)); }"},
                       options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "_ZN4bpfs5twiceEi|\n        _ZN4bpfs5twiceEi+0\n|\n\n\n");
}

TEST_F(CppUprobeTest, UnmatchedCppNameIsAnError) {
  auto result = runBpfscope({"-e", "uprobe:" + binary() + ":cpp:bpfs::thrice { }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err,
              HasSubstr("ERROR: no C++ function of " + binary() + " matches 'bpfs::thrice'"));
}

} // namespace
} // namespace bpfscope::e2e
