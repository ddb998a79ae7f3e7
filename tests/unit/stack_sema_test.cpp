// Sema of kstack/ustack, ksym/usym/kaddr, strftime and join.
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

TEST(StackSema, StackTypesCarryModeAndLimit) {
  auto c = check("BEGIN { @k[kstack] = count(); @u[ustack(perf, 5)] = count(); "
                 "@r[kstack(raw)] = count(); @n[ustack(3), comm] = count(); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const CheckedProgram &p = *c.program;
  EXPECT_EQ(p.findMap("@k")->key_types[0], Type::stack(false, StackMode::Bpftrace, 127));
  EXPECT_EQ(p.findMap("@u")->key_types[0], Type::stack(true, StackMode::Perf, 5));
  EXPECT_EQ(p.findMap("@r")->key_types[0], Type::stack(false, StackMode::Raw, 127));
  EXPECT_EQ(p.findMap("@n")->key_types[0].size, 8u + 3 * 8);
  EXPECT_EQ(p.findMap("@k")->key_types[0].name(), "kstack");
}

TEST(StackSema, ConfigChoosesTheDefaultMode) {
  auto c = check("config = { stack_mode = perf } BEGIN { @[kstack] = count(); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@")->key_types[0].stack_mode, StackMode::Perf);
}

// build_id frames are struct bpf_stack_build_id (32 bytes); a kernel stack has
// none, and the newest bpftrace prints it raw after a warning.
TEST(StackSema, BuildIdModeIsForUserStacks) {
  auto c = check("BEGIN { @u[ustack(build_id, 4)] = count(); @k[kstack(build_id)] = count(); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@u")->key_types[0], Type::stack(true, StackMode::BuildId, 4));
  EXPECT_EQ(c.program->findMap("@u")->key_types[0].size, 8u + 4 * 32);
  EXPECT_EQ(c.program->findMap("@k")->key_types[0], Type::stack(false, StackMode::Raw, 127));
  EXPECT_NE(c.diagnostics.find("stdin:1:47: WARNING: 'build_id' stack mode can only be used "
                               "for ustack. Falling back to 'raw' mode."),
            std::string::npos)
      << c.diagnostics;
  auto configured = check("config = { stack_mode = build_id } BEGIN { @[ustack] = count(); }");
  ASSERT_TRUE(configured.program) << configured.diagnostics;
  EXPECT_EQ(configured.program->findMap("@")->key_types[0].stack_mode, StackMode::BuildId);
}

TEST(StackSema, RejectsBadStackArguments) {
  EXPECT_NE(check("BEGIN { @[kstack(fast)] = count(); }")
                .diagnostics.find("stdin:1:18: ERROR: a stack mode must be one of bpftrace, "
                                  "perf, raw or build_id"),
            std::string::npos);
  EXPECT_NE(check("BEGIN { @[ustack(0)] = count(); }")
                .diagnostics.find("a stack's frame limit must be between 1 and 1024, not 0"),
            std::string::npos);
  EXPECT_NE(check("BEGIN { $n = 3; @[ustack($n)] = count(); }")
                .diagnostics.find("a stack's frame limit must be an integer literal"),
            std::string::npos);
  EXPECT_NE(check("BEGIN { @[kstack(3, perf)] = count(); }")
                .diagnostics.find("stdin:1:21: ERROR: the mode comes before the frame limit"),
            std::string::npos);
}

TEST(StackSema, OneMapKeepsOneStackShape) {
  auto c = check("BEGIN { @[kstack] = count(); @[kstack(3)] = count(); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("@ key 1 has type kstack here but kstack elsewhere"),
            std::string::npos)
      << c.diagnostics;
}

TEST(StackSema, SymbolFunctions) {
  auto c = check("BEGIN { @k = ksym(1); @u = usym(2); printf(\"%s %s\\n\", ksym(3), usym(4)); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@k")->value, Type::symbol(false));
  EXPECT_EQ(c.program->findMap("@u")->value, Type::symbol(true));
  EXPECT_NE(check("BEGIN { @ = ksym(comm); }")
                .diagnostics.find("ksym() needs an address, not string[16]"),
            std::string::npos);
  EXPECT_NE(check("BEGIN { @ = kaddr(comm); }")
                .diagnostics.find("kaddr() needs a symbol name as a string literal"),
            std::string::npos);
}

TEST(StackSema, Strftime) {
  auto c = check("BEGIN { @t = strftime(\"%H:%M:%S.%f\", nsecs); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@t")->value, Type::timestamp("%H:%M:%S.%f"));
  EXPECT_NE(check("BEGIN { @t = strftime(\"%H\", comm); }")
                .diagnostics.find("strftime() needs a timestamp in nanoseconds since boot"),
            std::string::npos);
  EXPECT_NE(check("BEGIN { $f = \"%H\"; @t = strftime($f, nsecs); }")
                .diagnostics.find("strftime() needs a format string literal"),
            std::string::npos);
}

TEST(StackSema, JoinIsAStatementWithARecord) {
  auto c = check("BEGIN { join((uint64)0, \", \"); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  ASSERT_EQ(c.program->printfs.size(), 1u);
  EXPECT_EQ(c.program->printfs[0].kind, AsyncKind::Join);
  EXPECT_EQ(c.program->printfs[0].format, ", ");
  EXPECT_EQ(c.program->printfs[0].args.size, 8u + 16 * 256);
  EXPECT_NE(check("BEGIN { $x = join((uint64)0); }")
                .diagnostics.find("join() has no value; call it as a statement"),
            std::string::npos);
}

} // namespace
} // namespace bpfscope
