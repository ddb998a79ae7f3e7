// Sema of `args` as one value: the record of a probe's argument fields, read
// from this machine's tracepoint formats and kernel BTF.
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

const Type &member(const Type &record, const std::string &name) {
  for (size_t i = 0; i < record.names.size(); ++i)
    if (record.names[i] == name)
      return record.elements[i];
  static const Type none;
  return none;
}

TEST(ArgsRecord, HasAMemberForEachFieldInOrder) {
  auto c = check("tracepoint:task:task_rename { @r = args; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  // The common_ fields are left out (see CommonFieldsAreLeftOut).
  const Type &r = c.program->findMap("@r")->value;
  ASSERT_TRUE(r.isRecord()) << r.name();
  EXPECT_EQ(r.names, (std::vector<std::string>{"pid", "oldcomm", "newcomm", "oom_score_adj"}));
  // Integers keep the field's size, as in any tuple; char arrays are strings.
  EXPECT_EQ(member(r, "pid"), Type::integer(4, true));
  EXPECT_EQ(member(r, "oldcomm"), Type::string(16));
  EXPECT_EQ(member(r, "newcomm"), Type::string(16));
  EXPECT_EQ(member(r, "oom_score_adj"), Type::integer(2, true));
}

TEST(ArgsRecord, ArraysStayArraysAndAddressesStayPointers) {
  auto c = check(R"(tracepoint:raw_syscalls:sys_enter { @a = args; }
    tracepoint:sched:sched_process_exec { @e = args; }
    tracepoint:syscalls:sys_enter_openat { @o = args; })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const Type &a = c.program->findMap("@a")->value;
  EXPECT_EQ(a.names, (std::vector<std::string>{"id", "args"}));
  EXPECT_EQ(member(a, "id"), Type::integer(8, true));
  EXPECT_EQ(member(a, "args"), Type::array(Type::integer(8, false), 6));
  // A __data_loc string is its address, as args.filename reads it.
  const Type &e = c.program->findMap("@e")->value;
  EXPECT_EQ(e.names, (std::vector<std::string>{"filename", "pid", "old_pid"}));
  EXPECT_EQ(member(e, "filename"), Type::pointer(false));
  // A typed pointer (const char *) is an untyped address in the record.
  const Type &o = c.program->findMap("@o")->value;
  EXPECT_EQ(o.names,
            (std::vector<std::string>{"__syscall_nr", "dfd", "filename", "flags", "mode"}));
  EXPECT_TRUE(member(o, "filename").isPointer()) << o.name();
  EXPECT_FALSE(member(o, "filename").pointee()) << o.name();
  EXPECT_EQ(member(o, "dfd"), Type::integer(4, true));
}

// A bare `args` statement reads nothing, so the attach points may have
// different fields (bpftrace's runtime test "mixed probe args"); the value
// is unused, as any expression statement's.
TEST(ArgsRecord, ABareArgsStatementNeedsNoCommonFields) {
  auto c = check(R"(tracepoint:syscalls:sys_enter_openat, tracepoint:syscalls:sys_enter_close
    { args })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("WARNING: the value of this expression is not used"),
            std::string::npos)
      << c.diagnostics;
  auto none = check("interval:s:1 { args; }");
  EXPECT_FALSE(none.program);
  EXPECT_NE(none.diagnostics.find("has no args"), std::string::npos) << none.diagnostics;
}

TEST(ArgsRecord, GoesIntoTuplesKeysAndVariables) {
  auto c = check(R"(tracepoint:raw_syscalls:sys_enter {
    $a = args; @k[args] = count(); @t = (1, args); print($a.args); print((args, $a));
    if (args == $a) { print(args); } })");
  EXPECT_TRUE(c.program) << c.diagnostics;
}

TEST(ArgsRecord, AttachPointsMustAgreeOnTheFields) {
  auto c = check("tracepoint:syscalls:sys_enter_openat,tracepoint:syscalls:sys_enter_read "
                 "{ print(args); }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:81: ERROR: args has different fields across this probe's attach points\n"
            "tracepoint:syscalls:sys_enter_openat,tracepoint:syscalls:sys_enter_read "
            "{ print(args); }\n" +
                std::string(80, ' ') +
                "^~~~\n"
                "HINT: read the fields you need (args.FIELD), or split the probe\n");
  auto same = check("tracepoint:syscalls:sys_enter_read,tracepoint:syscalls:sys_enter_write "
                    "{ print(args); }");
  EXPECT_TRUE(same.program) << same.diagnostics;
}

// The kernel overwrites a tracepoint record's common_ fields with a pointer of
// its own before a program sees it: they are left out of the record, and
// reading one is refused.
TEST(ArgsRecord, CommonFieldsAreLeftOut) {
  auto c = check("tracepoint:raw_syscalls:sys_enter { @ = args.common_pid; }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:46: ERROR: args.common_pid cannot be read: the kernel gives programs its "
            "own data there\n"
            "tracepoint:raw_syscalls:sys_enter { @ = args.common_pid; }\n" +
                std::string(45, ' ') +
                "^~~~~~~~~~\n"
                "HINT: read pid, tid, comm or the other builtins instead\n");
}

TEST(ArgsRecord, ProbesWithoutArgsRefuseIt) {
  auto c = check("BEGIN { print(args); }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics, "stdin:1:15: ERROR: BEGIN has no args\n"
                           "BEGIN { print(args); }\n"
                           "              ^~~~\n"
                           "HINT: args holds the arguments of tracepoint, rawtracepoint, kprobe, "
                           "kretprobe, fentry, fexit and uprobe probes\n");
}

TEST(ArgsRecord, MapLoopsCannotReadIt) {
  auto c =
      check("tracepoint:raw_syscalls:sys_enter { @m[1] = 1; for ($kv : @m) { print(args); } }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(
      c.diagnostics,
      "stdin:1:71: ERROR: args cannot be read inside a for loop over a map or up to a map's value\n"
      "tracepoint:raw_syscalls:sys_enter { @m[1] = 1; for ($kv : @m) { print(args); } }\n" +
          std::string(70, ' ') +
          "^~~~\n"
          "HINT: read it into a variable before the loop, e.g. $v = args;\n");
}

TEST(ArgsRecord, FentryArgsAreARecordOfTheFunctionsParameters) {
  auto c = check("fentry:vfs_read { @r = args; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const Type &r = c.program->findMap("@r")->value;
  ASSERT_TRUE(r.isRecord()) << r.name();
  EXPECT_EQ(r.names, (std::vector<std::string>{"file", "buf", "count", "pos"}));
  EXPECT_TRUE(r.elements[0].isPointer()) << r.name();
  EXPECT_EQ(r.elements[2], Type::integer(8, false));
}

} // namespace
} // namespace bpfscope
