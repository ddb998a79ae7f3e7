// Sema of the builtins and functions that read the probe's context or the
// current task's relatives: ctx, usermode, reg(), socket_cookie(), path(),
// leader_tid, leader_comm and the task-taking forms ppid(task), pcomm(task).
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

TEST(ContextBuiltins, TypesTaskRelatives) {
  auto c = check(R"(BEGIN { @a = leader_tid; @b = leader_comm; @c = ppid(curtask);
    @d = pcomm(curtask); @e = leader_comm(); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const CheckedProgram &p = *c.program;
  // Map values hold integers widened to 64 bits.
  EXPECT_EQ(p.findMap("@a")->value, Type::integer(8, false));
  EXPECT_EQ(p.findMap("@b")->value, Type::string(16));
  EXPECT_EQ(p.findMap("@c")->value, Type::integer(8, false));
  EXPECT_EQ(p.findMap("@d")->value, Type::string(16));
  EXPECT_EQ(p.findMap("@e")->value, Type::string(16));
}

TEST(ContextBuiltins, TaskFunctionsNeedATask) {
  auto c = check("BEGIN { @x = ppid(1); }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics, "stdin:1:19: ERROR: ppid() needs a struct task_struct *, not int64\n"
                           "BEGIN { @x = ppid(1); }\n"
                           "                  ^\n"
                           "HINT: write ppid(curtask) or ppid((struct task_struct *)$task)\n");
}

TEST(ContextBuiltins, RegistersInPerfEventProbes) {
  auto c = check(R"(profile:hz:99 { @a = reg("ip"); @b = usermode; @c = reg("r15"); @d = ctx; })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@a")->value, Type::integer(8, false));
  EXPECT_EQ(c.program->findMap("@b")->value, Type::integer(8, false));
  // A perf-event context is not a pt_regs: ctx is its address.
  EXPECT_EQ(c.program->findMap("@d")->value, Type::integer(8, false));
}

TEST(ContextBuiltins, RegistersAreRefusedWhereTheContextHasNone) {
  auto c = check(R"(tracepoint:syscalls:sys_enter_openat { @ = reg("ip"); })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:44: ERROR: reg is not available in tracepoint:syscalls:sys_enter_openat\n"
            "tracepoint:syscalls:sys_enter_openat { @ = reg(\"ip\"); }\n"
            "                                           ^~~~~~~~~\n"
            "HINT: reg reads registers: use it in kprobe, kretprobe, uprobe, uretprobe, usdt, "
            "profile, interval or software probes\n");
  auto mode = check("BEGIN { @ = usermode; }");
  EXPECT_NE(mode.diagnostics.find("ERROR: usermode is not available in BEGIN"), std::string::npos)
      << mode.diagnostics;
}

TEST(ContextBuiltins, RegNamesARegister) {
  auto c = check(R"(profile:hz:99 { @ = reg("rax"); })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics,
            "stdin:1:25: ERROR: 'rax' is not a register of this machine\n"
            "profile:hz:99 { @ = reg(\"rax\"); }\n"
            "                        ^~~~~\n"
            "HINT: x86-64 registers: r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, "
            "si, di, orig_ax, ip, cs, flags, sp, ss\n");
  auto literal = check(R"(profile:hz:99 { $r = "ip"; @ = reg($r); })");
  EXPECT_NE(literal.diagnostics.find("ERROR: reg() needs a register name as a string literal"),
            std::string::npos)
      << literal.diagnostics;
}

TEST(ContextBuiltins, SocketCookieAndPathNeedBtfTracingPrograms) {
  auto c = check("tracepoint:sock:inet_sock_set_state { @ = socket_cookie(args.skaddr); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find(
                "ERROR: socket_cookie is not available in tracepoint:sock:inet_sock_set_state"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("HINT: socket_cookie() calls bpf_get_socket_cookie, which the "
                               "kernel gives only to fentry and fexit programs"),
            std::string::npos);
  auto path = check("BEGIN { @ = path(0); }");
  EXPECT_NE(path.diagnostics.find("ERROR: path is not available in BEGIN"), std::string::npos)
      << path.diagnostics;
}

TEST(ContextBuiltins, SocketCookieAndPathTypeInFentry) {
  auto c = check(R"(fentry:tcp_sendmsg { @c = socket_cookie(args.sk); }
    fentry:vfs_open { @p = path(args.path, 64); @q = path(args.path); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@c")->value, Type::integer(8, false));
  EXPECT_EQ(c.program->findMap("@p")->value, Type::string(64));
  EXPECT_EQ(c.program->findMap("@q")->value, Type::string(1024));
  auto wrong = check("fentry:tcp_sendmsg { @c = socket_cookie(args.size); }");
  EXPECT_NE(wrong.diagnostics.find("ERROR: socket_cookie() needs a struct sock *, not uint64"),
            std::string::npos)
      << wrong.diagnostics;
}

} // namespace
} // namespace bpfscope
