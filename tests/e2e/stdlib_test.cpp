// Functions of the newest bpftrace's standard library that 0.17 lacks:
// globmatch, memcmp, the compile-time type predicates, strcap,
// default_str_length, kfunc_exist/kfunc_allowed, assert_str, signal_thread,
// and casts to an array whose length comes from the operand. Expected output
// follows the newest bpftrace's docs (docs/stdlib.md).
#include "harness.h"

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class StdlibTest : public E2ETest {};

TEST_F(StdlibTest, GlobmatchMatchesTheWholeString) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%d %d %d %d %d %d %d %d %d\n",
    globmatch("hello", "h*o"), globmatch("hello", "h?llo"), globmatch("hello", "h[a-f]llo"),
    globmatch("hello", "h[!e]llo"), globmatch("hello", "hell"), globmatch(comm, "bpf*"),
    globmatch("", "*"), globmatch("a[b", "a[b"), globmatch("a/b/c", "a*c")); exit(); })"),
            "1 1 1 0 0 1 1 1 1\n\n\n");
}

TEST_F(StdlibTest, GlobmatchBacktracksOverStars) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { @a = globmatch("abcabd", "*ab?");
    @b = globmatch("abcabd", "a*c"); @c = globmatch("x]y", "x[]]y"); @d = globmatch("", "?");
    @e = globmatch("mississippi", "m*iss*p?i"); exit(); })"),
            "\n\n@a: true\n@b: false\n@c: true\n@d: false\n@e: true\n");
}

TEST_F(StdlibTest, GlobmatchOfATracepointsComm) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "10", "3"};
  options.sigintAfter = milliseconds(200);
  RunResult result = runBpfscope(
      {"-e", R"(tracepoint:syscalls:sys_enter_clock_nanosleep /globmatch(comm, "bpfs_sl*[pe]er")/ {
         @[comm] = count(); })"},
      options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[bpfs_sleeper]: 3\n");
}

TEST_F(StdlibTest, StringFunctionsReadTheStringAtACharPointer) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_open"), "/nonexistent/bpfscope", "2"};
  options.sigintAfter = milliseconds(200);
  RunResult result =
      runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_openat /comm == "bpfs_open"/ {
         @[strlen(args.filename), strstr(args.filename, "scope"),
           globmatch(args.filename, "/nonexistent/*")] = count(); })"},
                  options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[21, 16, true]: 2\n");
}

TEST_F(StdlibTest, MemcmpGivesTheFirstDifference) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { $n = 2; printf("%d %d %d %d %d\n",
    memcmp("abc", "abd", 3), memcmp("abc", "abd", $n), memcmp("b", "a", 1),
    memcmp(comm, "bpfscope", 8), memcmp(pton("1.2.3.4"), pton("1.2.3.9"), 4)); exit(); })"),
            "-1 0 1 0 -5\n\n\n");
}

TEST_F(StdlibTest, TypePredicatesAreKnownAtCompileTime) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { $s = "x"; $t = (struct task_struct *)curtask;
    printf("%d %d %d %d %d %d %d %d %d %d %d\n", is_str($s), is_str(1), is_ptr($t), is_ptr(pid),
      is_array(pton("1.2.3.4")), is_integer(pid), is_integer($s), is_unsigned_integer((uint32)1),
      is_unsigned_integer(-1), is_literal(-1), is_literal($s));
    static_assert(is_str(comm), "comm is a string"); assert_str($s); assert_str(comm); exit(); })"),
            "1 0 1 0 1 1 0 1 0 1 0\n\n\n");
}

TEST_F(StdlibTest, StrcapAndDefaultStrLength) {
  EXPECT_EQ(quietScriptOutput(R"(config = { max_strlen = 64 }
    BEGIN { printf("%d %d %d %d\n", strcap(comm), strcap("abc"), default_str_length(),
      strcap(str(0))); exit(); })"),
            "16 4 64 64\n\n\n");
}

TEST_F(StdlibTest, KfuncExistAndKfuncAllowed) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "10", "1"};
  RunResult result =
      runBpfscope({"-e", R"(BEGIN { printf("%d %d %d\n", kfunc_exist("bpf_task_from_pid"),
         kfunc_exist("no_such_kfunc"), kfunc_allowed("bpf_task_from_pid")); }
       tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "bpfs_sleeper"/ {
         printf("%d\n", kfunc_allowed("bpf_task_from_pid")); exit(); })"},
                  options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 0 0\n1\n\n\n");
}

TEST_F(StdlibTest, SignalThreadKillsTheTracedThread) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_sleeper"), "5000", "1"};
  auto refused = runBpfscope({"-e", R"(BEGIN { signal_thread("KILL"); })"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_THAT(refused.err,
              HasSubstr("signal_thread() is an unsafe function being used in safe mode"));
  RunResult result;
  auto run = [&] {
    result =
        runBpfscope({"--unsafe", "-e",
                     R"(tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "bpfs_sleeper"/ {
              signal_thread(SIGKILL); exit(); })"},
                    options);
  };
  EXPECT_NONFATAL_FAILURE(run(), "exited with 137");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.workloadExitCode, 128 + 9);
}

TEST_F(StdlibTest, ArrayCastTakesItsLengthFromTheOperand) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { $x = (uint32)0x01020304; print((uint8[])$x);
    print((uint16[])0x0102030405060708); @a = (int8[])(uint16)0xff01; exit(); })"),
            "[4,3,2,1]\n[1800,1286,772,258]\n\n\n@a: [1,-1]\n");
}

// docs/stdlib.md's offsetof example: structs without a name inside a preamble struct.
TEST_F(StdlibTest, OffsetofThroughNestedAnonymousStructs) {
  EXPECT_EQ(quietScriptOutput(R"(struct Foo {
  struct {
    struct {
      struct {
        int d;
      } c;
    } b;
  } a;
}
struct Bar { int x; union { int y; char z[6]; } in; };
BEGIN {
  @x = offsetof(struct Foo, a.b.c.d);
  @z = offsetof(struct Bar, in.z); @s = sizeof(struct Bar);
  exit();
})"),
            "\n\n@s: 12\n@x: 0\n@z: 4\n");
}

// docs/stdlib.md: a failed delete() warns only when its result is discarded.
TEST_F(StdlibTest, DiscardedDeleteOfAMissingKeyWarns) {
  constexpr const char *script =
      "BEGIN { @a[1] = 1; delete(@a, 1); if (delete(@a, 2)) { print(1); }\n"
      "  $did = delete(@a, 2); delete(@a, 2); exit(); }";
  RunResult result = runBpfscope({"-q", "-e", script});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "stdin:2:25: WARNING: Failed to map_delete_elem: No such file or "
                        "directory (-2)\n"
                        "  $did = delete(@a, 2); delete(@a, 2); exit(); }\n"
                        "                        ^~~~~~~~~~~~~\n");
  EXPECT_EQ(result.out, "\n\n");
}

TEST_F(StdlibTest, PrintfGrNamesGfpFlags) {
  EXPECT_EQ(quietScriptOutput(R"(BEGIN { printf("%gr|%gr\n", 0xcc0, 0x820 | 0x100); exit(); })"),
            "GFP_KERNEL|GFP_ATOMIC|__GFP_ZERO\n\n\n");
}

} // namespace
} // namespace bpfscope::e2e
