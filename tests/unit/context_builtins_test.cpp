// Sema of the builtins and functions that read the probe's context or the
// current task's relatives: ctx, usermode, reg(), socket_cookie(), path(),
// leader_tid, leader_comm and the task-taking forms ppid(task), pcomm(task);
// uaddr() of the probed binary, len() of a stack, cgroupid() and cgroup_path().
#include "check_script.h"
#include "runtime/cgroups.h"
#include "sema/btf_types.h"
#include "sema/probe_builtins.h"
#include "sema/symbol_functions.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

TEST(ContextBuiltins, TypesTaskRelatives) {
  auto c = check(R"(BEGIN { @a = leader_tid; @b = leader_comm; @c = ppid(curtask);
    @d = pcomm(curtask); @e = leader_comm(); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const CheckedProgram &p = *c.program;
  // Map values hold integers at their own type.
  EXPECT_EQ(p.findMap("@a")->value, Type::integer(4, false));
  EXPECT_EQ(p.findMap("@b")->value, Type::string(16));
  EXPECT_EQ(p.findMap("@c")->value, Type::integer(4, false));
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
  EXPECT_EQ(c.program->findMap("@b")->value, Type::integer(1, false));
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
  auto mode = check("tracepoint:syscalls:sys_enter_openat { @ = usermode; }");
  EXPECT_NE(mode.diagnostics.find("ERROR: usermode is not available in tracepoint:"),
            std::string::npos)
      << mode.diagnostics;
}

// BEGIN and END run for the tool's own process: usermode is known there.
TEST(ContextBuiltins, UsermodeInBeginAndEnd) {
  auto c = check("begin { @a = usermode; } END { @b = usermode; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_TRUE(c.program->findMap("@a")->value.isInteger());
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

// Iterators get bpf_d_path too, for a struct path inside an object their
// context points at; the call's offsets are found from the expression.
TEST(ContextBuiltins, PathInIterators) {
  auto c =
      check(R"(iter:task_file { @p = path(ctx.file.f_path); @q = path(&ctx.file.f_path, 8); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@p")->value, Type::string(1024));
  EXPECT_EQ(c.program->findMap("@q")->value, Type::string(8));
  auto *call = c.program->ast->probes.at(0).body.at(1)->as<ast::Assign>()->value->as<ast::Call>();
  ASSERT_NE(call, nullptr);
  std::optional<IteratorObject> object = iteratorObject(*call->args.at(0));
  ASSERT_TRUE(object);
  BtfTypes &btf = *BtfTypes::vmlinux();
  EXPECT_EQ(object->context_offset,
            btf.find("struct bpf_iter__task_file")->record->find("file")->offset);
  EXPECT_EQ(object->offset, btf.find("struct file")->record->find("f_path")->offset);
  auto wrong = check("iter:task_file { @p = path(ctx.file.f_path.dentry); }");
  EXPECT_NE(wrong.diagnostics.find("ERROR: in iter probes path() takes a struct path of an "
                                   "object the iterator's context points at"),
            std::string::npos)
      << wrong.diagnostics;
  auto copied = check("iter:task_file { $f = ctx.file; @p = path($f.f_path); }");
  EXPECT_NE(copied.diagnostics.find("ERROR: in iter probes path() takes a struct path"),
            std::string::npos)
      << copied.diagnostics;
}

// /bin/bash is a PIE whose .dynsym holds the variable ps1_prompt (8 bytes) and readline.
TEST(ContextBuiltins, UaddrTypesBySymbolSize) {
  auto c = check(R"(uprobe:/bin/bash:readline { @a = uaddr("ps1_prompt"); $p = uaddr("ps1_prompt");
    @b = *$p; @c = uaddr("readline"); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  // A map keeps the pointer, in user memory.
  EXPECT_EQ(c.program->findMap("@a")->value.kind, TypeKind::Pointer);
  EXPECT_TRUE(c.program->findMap("@a")->value.user_address);
  EXPECT_EQ(c.program->findMap("@b")->value, Type::integer(8, false));
  // A cast keeps the pointer in user memory.
  auto cast = check(R"(uprobe:/bin/bash:readline { $p = (int32 *)uaddr("ps1_prompt"); @ = *$p; })");
  ASSERT_TRUE(cast.program) << cast.diagnostics;
}

TEST(ContextBuiltins, UaddrErrors) {
  auto missing = check(R"(uprobe:/bin/bash:readline { @ = uaddr("no_such_symbol"); })");
  EXPECT_EQ(missing.diagnostics,
            "stdin:1:39: ERROR: symbol 'no_such_symbol' is not in /bin/bash\n"
            "uprobe:/bin/bash:readline { @ = uaddr(\"no_such_symbol\"); }\n"
            "                                      ^~~~~~~~~~~~~~~~\n"
            "HINT: uaddr() finds the variables and functions of the probed binary's symbol "
            "tables\n");
  auto kind = check(R"(BEGIN { @ = uaddr("x"); })");
  EXPECT_NE(kind.diagnostics.find("ERROR: uaddr() is not available in BEGIN"), std::string::npos)
      << kind.diagnostics;
  auto ret = check(R"(uretprobe:/bin/bash:readline { @ = uaddr("ps1_prompt"); })");
  EXPECT_NE(ret.diagnostics.find("ERROR: uaddr() cannot find where /bin/bash is loaded in "
                                 "uretprobe:/bin/bash:readline"),
            std::string::npos)
      << ret.diagnostics;
  auto literal = check(R"(uprobe:/bin/bash:readline { $n = "x"; @ = uaddr($n); })");
  EXPECT_NE(literal.diagnostics.find("ERROR: uaddr() needs a symbol name as a string literal"),
            std::string::npos)
      << literal.diagnostics;
}

TEST(ContextBuiltins, LenOfAStackCountsFrames) {
  auto c = check("profile:hz:99 { @k = len(kstack); @u = len(ustack(3)); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@k")->value, Type::integer(8, true));
  auto wrong = check("BEGIN { @ = len(1); }");
  EXPECT_NE(wrong.diagnostics.find("ERROR: len() takes a whole map or a stack"), std::string::npos)
      << wrong.diagnostics;
}

TEST(ContextBuiltins, CgroupFunctions) {
  auto c = check(R"(BEGIN { @p = cgroup_path(cgroup); @f = cgroup_path(1, "uni*"); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@p")->value, Type::cgroupPath(""));
  EXPECT_EQ(c.program->findMap("@f")->value, Type::cgroupPath("uni*"));
  auto id = check(R"(BEGIN { @ = cgroupid("/proc"); })");
  EXPECT_NE(
      id.diagnostics.find("ERROR: cgroupid(): '/proc' has no cgroup id: it is not in a cgroup "
                          "file system"),
      std::string::npos)
      << id.diagnostics;
  auto filter = check(R"(BEGIN { $f = "x"; @ = cgroup_path(1, $f); })");
  EXPECT_NE(filter.diagnostics.find("ERROR: cgroup_path()'s filter must be a string literal"),
            std::string::npos)
      << filter.diagnostics;
}

// BEGIN runs as a raw_tp program, which the kernel does not let call kfuncs.
TEST(ContextBuiltins, CommOfPidIsCheckedWhereItRuns) {
  auto begin = check("BEGIN { @ = comm(2); }");
  EXPECT_NE(begin.diagnostics.find("stdin:1:13: ERROR: comm(pid) cannot be used in BEGIN probes"),
            std::string::npos)
      << begin.diagnostics;
  auto text = check("interval:s:1 { @ = comm(\"init\"); }");
  EXPECT_NE(text.diagnostics.find("ERROR: comm()'s argument is a pid, an integer, not string"),
            std::string::npos)
      << text.diagnostics;
}

// percpu_kaddr() takes the per-CPU variables of the kernel's BTF (its
// .data..percpu section): an address, uint64 as in bpftrace.
// The verifier finds the variable's address in kallsyms, which lists
// variables only in a kernel built with CONFIG_KALLSYMS_ALL.
TEST(ContextBuiltins, PercpuKaddrIsAnAddress) {
  auto c = check(R"(BEGIN { @a = percpu_kaddr("cpu_number"); @b = percpu_kaddr("runqueues", 1);
    $rq = (struct rq *)percpu_kaddr("runqueues", cpu); })");
  if (!kernelSymbolAddress("cpu_number")) {
    EXPECT_NE(c.diagnostics.find("stdin:1:27: ERROR: this kernel cannot give the address of "
                                 "per-CPU variable 'cpu_number'"),
              std::string::npos)
        << c.diagnostics;
    return;
  }
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@a")->value, Type::integer(8, false));
  EXPECT_EQ(c.program->findMap("@b")->value, Type::integer(8, false));
}

TEST(ContextBuiltins, PercpuKaddrNeedsAPerCpuVariable) {
  // jiffies is a kernel variable, but not a per-CPU one.
  auto global = check(R"(BEGIN { @ = percpu_kaddr("jiffies"); })");
  EXPECT_EQ(global.diagnostics,
            "stdin:1:26: ERROR: 'jiffies' is not a per-CPU kernel variable\n"
            "BEGIN { @ = percpu_kaddr(\"jiffies\"); }\n"
            "                         ^~~~~~~~~\n"
            "HINT: percpu_kaddr() takes a variable of the kernel's .data..percpu section (in its "
            "BTF), such as \"cpu_number\" or \"runqueues\"\n");
  auto missing = check(R"(BEGIN { @ = percpu_kaddr("no_such_variable"); })");
  EXPECT_NE(missing.diagnostics.find("ERROR: 'no_such_variable' is not a per-CPU kernel variable"),
            std::string::npos)
      << missing.diagnostics;
  auto computed = check(R"(BEGIN { $n = "cpu_number"; @ = percpu_kaddr($n); })");
  EXPECT_NE(
      computed.diagnostics.find("ERROR: percpu_kaddr() needs a variable name as a string literal"),
      std::string::npos)
      << computed.diagnostics;
  auto cpu = check(R"(BEGIN { @ = percpu_kaddr("cpu_number", "0"); })");
  EXPECT_NE(cpu.diagnostics.find("ERROR: percpu_kaddr()'s cpu must be an integer, not string"),
            std::string::npos)
      << cpu.diagnostics;
  auto arity = check(R"(BEGIN { @ = percpu_kaddr(); })");
  EXPECT_NE(
      arity.diagnostics.find("ERROR: percpu_kaddr() takes a variable name and an optional cpu"),
      std::string::npos)
      << arity.diagnostics;
}

TEST(ContextBuiltins, UnwatchSaysWhyItIsNotSupported) {
  auto unwatch = check(R"(BEGIN { unwatch(0x1000); })");
  EXPECT_NE(unwatch.diagnostics.find("ERROR: unwatch() is not supported by bpfscope yet"),
            std::string::npos)
      << unwatch.diagnostics;
}

TEST(Cgroups, HierarchiesFromMountinfo) {
  std::string mountinfo =
      "29 23 0:26 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755\n"
      "30 29 0:27 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
      "31 29 0:28 / /sys/fs/cgroup/cpu,cpuacct rw shared:7 - cgroup cgroup rw,cpu,cpuacct\n"
      "32 29 0:29 / /sys/fs/cgroup/systemd rw - cgroup cgroup rw,xattr,name=systemd\n"
      "33 29 0:30 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw,nsdelegate\n";
  auto found = cgroupHierarchiesIn(mountinfo);
  ASSERT_EQ(found.size(), 4u);
  EXPECT_EQ(found[0].name, "unified");
  EXPECT_EQ(found[0].mount_point, "/sys/fs/cgroup/unified");
  EXPECT_EQ(found[1].name, "cpu,cpuacct");
  EXPECT_EQ(found[2].name, "memory");
  EXPECT_EQ(found[3].name, "systemd");
}

} // namespace
} // namespace bpfscope
