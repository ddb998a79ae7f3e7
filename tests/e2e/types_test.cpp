// Kernel types through BTF (curtask, casts, field chains, ppid/pcomm), the
// C preamble, sizeof/offsetof, tuples and records, run on the real kernel.

#include "harness.h"

namespace bpfscope::e2e {
namespace {

constexpr milliseconds kSettle{200};

class TypesTest : public E2ETest {};

TEST_F(TypesTest, CurtaskFieldsMatchTheHelpers) {
  auto result =
      runBpfscope({"-e", R"(BEGIN { printf("%d %d %d\n", curtask->pid == pid, curtask.tgid == pid,
                  ((struct task_struct *)curtask)->real_parent->tgid == ppid); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 1 1\n\n\n");
}

TEST_F(TypesTest, ParentOfTheWorkloadIsTheTool) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_burst"), "5"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_burst"/ {
                  @[ppid == curtask->real_parent->tgid, pcomm == curtask->real_parent->comm] =
                  count(); })"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@[true, true]: 5\n");
}

TEST_F(TypesTest, PreambleStructsEnumsAndDefines) {
  auto result = runBpfscope({"-e", R"(#include <linux/sched.h>
#define LIMIT 40
struct S { char c; int a; char name[8]; };
enum E { A = 3, B };
BEGIN { printf("%d %d %d %d %d\n", sizeof(struct S), offsetof(struct S, name), B, LIMIT,
                ((struct S *)0)->a); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "16 8 4 40 0\n\n\n");
}

// The kernel's struct thread_info (flags, syscall_work, status, cpu: the
// start of task_struct) described with anonymous members and read through
// a cast of curtask, on a workload pinned to CPU 1.
TEST_F(TypesTest, PreambleAnonymousMembersReadThroughACast) {
  RunOptions options;
  options.workload = {"/usr/bin/taskset", "-c", "1", workloadPath("bpfs_uprobe"), "1"};
  options.sigintAfter = kSettle;
  auto result = runBpfscope({"-e", R"(struct ti {
  union { unsigned long flags; unsigned int flags_low; };
  struct { unsigned long syscall_work; } w;
  struct { unsigned int status; unsigned int cpu; };
};
tracepoint:syscalls:sys_enter_getppid /comm == "bpfs_uprobe"/ {
  $t = (struct ti *)curtask;
  printf("%d %d %d %d %d %d\n", $t->cpu, sizeof(struct ti), offsetof(struct ti, cpu),
         $t->flags == curtask->thread_info.flags,
         $t->flags_low == (uint32)curtask->thread_info.flags,
         $t->w.syscall_work == curtask->thread_info.syscall_work);
})"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "1 24 20 1 1 1\n\n\n");
}

TEST_F(TypesTest, TuplesAndRecordsAsMapValues) {
  auto result = runBpfscope({"-e", R"(BEGIN { $t = (1, "ab", -3); @t = $t; @r = (a = 1, b = "x");
                  @k[1, "z"] = ($t.0 + 1, $t.1); printf("%d %s\n", $t.2, @r.b); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "-3 x\n\n\n@k[1, z]: (2, ab)\n@r: { .a = 1, .b = x }\n@t: (1, ab, -3)\n");
}

TEST_F(TypesTest, EnumValuesPrintByNameWithPercentS) {
  auto result = runBpfscope({"-q", "-e", R"(enum E { A = 3, B };
enum { ANONYMOUS = 7 };
BEGIN { printf("%d %s %s\n", B, B, A); @e = A; @k[B] = 1; @t = TASK_COMM_LEN;
        @p = PIDTYPE_TGID; @a = ANONYMOUS; exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // The script's anonymous enum prints by name; the kernel's (TASK_COMM_LEN's) does not.
  EXPECT_EQ(result.out, "4 B A\n\n\n@a: ANONYMOUS\n@e: A\n@k[B]: 1\n@p: PIDTYPE_TGID\n@t: 16\n");
}

// The documentation's printf example: a variable holding an enum value keeps
// the enum, a kernel one (PIDTYPE_TGID) too, and a cast makes one.
TEST_F(TypesTest, VariablesKeepTheirEnumAndPrintByName) {
  auto result = runBpfscope({"-q", "-e", R"(enum E { A = 3, B };
BEGIN { $r = B; printf("%d, %s\n", $r, $r); $p = PIDTYPE_TGID; print($p);
        $c = (enum E)3; $c = B; printf("%s\n", $c); @m = A; @m = B; exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "4, B\nPIDTYPE_TGID\nB\n\n\n@m: B\n");
}

TEST_F(TypesTest, IndexingStringsTuplesAndIntegerArrayCasts) {
  auto result = runBpfscope({"-q", "-e", R"(BEGIN { $s = "hey"; $t = (1, "two");
  $a = (uint8[4])0x04030201; $i = 1;
  printf("%c %d %d %s %d %d\n", $s[1], $s[$i + 1], $s[10], $t[1], $a[2], (uint32)$a);
  print($a); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "e 121 0 two 3 67305985\n[1,2,3,4]\n\n\n");
}

TEST_F(TypesTest, UnknownFieldSuggestsTheNearestOne) {
  auto result = runBpfscope({"-e", R"(BEGIN { printf("%d\n", curtask->tgidd); })"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_NE(result.err.find("ERROR: struct task_struct has no field 'tgidd'"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("did you mean 'tgid'?"), std::string::npos) << result.err;
}

} // namespace
} // namespace bpfscope::e2e
