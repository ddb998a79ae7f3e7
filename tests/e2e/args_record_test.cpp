// `args` as one value, a record of the probe's argument fields: printed,
// kept in variables, tuples and maps, and written as JSON. The workload
// bpfs_args renames itself (task:task_rename: an int32, two char arrays and
// an int16) and calls getppid with the registers 1..6
// (raw_syscalls:sys_enter: an int64 and an array of six uint64).

#include "harness.h"

#include <gmock/gmock.h>
#include <regex>

namespace bpfscope::e2e {
namespace {

constexpr milliseconds kSettle{200};

class ArgsRecordTest : public E2ETest {};

// The raw_syscalls:sys_enter record of bpfs_args's getppid (110 on x86-64).
constexpr const char *kGetppidRecord = "{ .id = 110, .args = [1,2,3,4,5,6] }";
constexpr const char *kGetppid = R"(tracepoint:raw_syscalls:sys_enter
/comm == "bpfs_renamed" && args.id == 110/)";

RunResult runOnWorkload(const std::string &script, std::vector<std::string> extra = {}) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_args"), "bpfs_renamed"};
  options.sigintAfter = kSettle;
  std::vector<std::string> args = std::move(extra);
  args.insert(args.end(), {"-e", script});
  return runBpfscope(args, options);
}

TEST_F(ArgsRecordTest, PrintsEveryFieldByName) {
  auto result =
      runOnWorkload(R"(tracepoint:task:task_rename /comm == "bpfs_args"/ { print(args); })" +
                    std::string(kGetppid) + " { print(args); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      result.out, m,
      std::regex(R"(\{ \.pid = (\d+), \.oldcomm = bpfs_args, \.newcomm = bpfs_renamed, )"
                 R"(\.oom_score_adj = 0 \}\n(.*)\n\n\n)")))
      << result.out;
  EXPECT_EQ(m[2].str(), kGetppidRecord);
}

TEST_F(ArgsRecordTest, VariablesHoldTheRecordAndReadItsMembers) {
  auto result = runOnWorkload(std::string(kGetppid) +
                              " { $a = args; print($a); print($a.args); print($a.id + 1); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, std::string(kGetppidRecord) + "\n[1,2,3,4,5,6]\n111\n\n\n");
}

TEST_F(ArgsRecordTest, TuplesHoldTheRecord) {
  auto result = runOnWorkload(std::string(kGetppid) + R"( { print((1, args, "x")); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "(1, " + std::string(kGetppidRecord) + ", x)\n\n\n");
}

TEST_F(ArgsRecordTest, MapsHoldTheRecordAsValueAndAsKey) {
  auto result = runOnWorkload(std::string(kGetppid) +
                              " { @m = args; @v[args.id] = args; @k[args] = count(); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  const std::string r = kGetppidRecord;
  EXPECT_EQ(result.out, "\n\n@k[" + r + "]: 1\n@m: " + r + "\n@v[110]: " + r + "\n");
}

// Ten copies of the record (560 bytes) do not fit the 512-byte BPF stack:
// they are built in scratch memory.
TEST_F(ArgsRecordTest, RecordsLargerThanTheStackAreBuiltOffIt) {
  auto result = runOnWorkload(std::string(kGetppid) + R"( {
  $t = (args, args, args, args, args, args, args, args, args, args);
  print($t.9.args);
})");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "[1,2,3,4,5,6]\n\n\n");
}

// -c: in JSON mode the attach message is JSON too, and the run ends with the command.
TEST_F(ArgsRecordTest, JsonWritesTheRecordAsAnObject) {
  auto result = runBpfscope({"-f", "json", "-e", std::string(kGetppid) + " { print(args); }", "-c",
                             workloadPath("bpfs_args") + " bpfs_renamed"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(
      hasLine(result.out, R"({"type": "value", "data": {"id": 110, "args": [1,2,3,4,5,6]}})"))
      << result.out;
}

// Pointers print in hex, as bpftrace prints them; a __data_loc string's
// member is the string's address, which str() reads.
TEST_F(ArgsRecordTest, PointersAndDataLocStringsAreAddresses) {
  auto result = runOnWorkload(R"(
tracepoint:sched:sched_process_exec /comm == "bpfs_args"/ {
  $a = args;
  print($a);
  print(str($a.filename));
})");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      result.out, m,
      std::regex(
          R"(\{ \.filename = 0x[0-9a-f]+, \.pid = (\d+), \.old_pid = (\d+) \}\n(.*)\n\n\n)")))
      << result.out;
  EXPECT_EQ(m[1].str(), m[2].str());
  EXPECT_EQ(m[3].str(), workloadPath("bpfs_args"));
}

TEST_F(ArgsRecordTest, UserPointerArgumentsPrintInHex) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_open"), "/tmp/bpfscope-e2e-args-record", "1"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope(
      {"-e", R"(tracepoint:syscalls:sys_enter_openat /comm == "bpfs_open"/ { print(args); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(std::regex_match(
      result.out, std::regex(R"(\{ \.__syscall_nr = 257, \.dfd = -100, )"
                             R"(\.filename = 0x[0-9a-f]+, \.flags = 0, \.mode = 0 \}\n\n\n)")))
      << result.out;
}

// bpftrace's runtime test "mixed probe args": a bare `args` on attach points
// whose fields differ compiles, attaches every probe and reads nothing.
TEST_F(ArgsRecordTest, ABareArgsStatementOnDifferentFields) {
  auto result = runOnWorkload(R"(tracepoint:task:task_rename, tracepoint:raw_syscalls:sys_enter
    { args } tracepoint:task:task_rename /comm == "bpfs_args"/ { printf("renamed\n"); })");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "renamed\n\n\n");
  EXPECT_THAT(result.err, ::testing::HasSubstr("Attached 3 probes"));
}

// fentry programs are refused at load on this kernel: the record is typed
// and compiled (to BPF assembly) without loading.
TEST_F(ArgsRecordTest, FentryArgsCompileToARecord) {
  auto types = runBpfscope({"-d", "types", "-e", "fentry:vfs_read { print(args); }"});
  EXPECT_EQ(types.exitCode, 0) << types.err;
  EXPECT_TRUE(hasLine(types.out, "          Builtin args :: (file=void *,buf=void *,count=uint64,"
                                 "pos=void *)"))
      << types.out;
  auto assembly = runBpfscope({"-d", "asm", "-e", "fentry:vfs_read { print(args); }"});
  EXPECT_EQ(assembly.exitCode, 0) << assembly.err;
}

} // namespace
} // namespace bpfscope::e2e
