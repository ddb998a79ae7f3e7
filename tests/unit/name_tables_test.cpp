// The tables behind strerror(), signal_name() and syscall_name(): generated
// from the build machine's kernel headers (errno, syscalls) and strsignal(3),
// with bpftrace's texts; and the sema of the three functions.
#include "check_script.h"
#include "sema/name_tables.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

TEST(NameTables, ErrnoMessagesAreTheKernelHeadersWords) {
  const NameTable &t = nameTable("strerror");
  EXPECT_EQ(t.rows.at(0), "Success");
  EXPECT_EQ(t.rows.at(1), "Operation not permitted");
  EXPECT_EQ(t.rows.at(9), "Bad file number");
  EXPECT_EQ(t.rows.at(11), "Try again (operation would block)"); // EWOULDBLOCK's words joined
  EXPECT_EQ(t.rows.at(25), "Not a typewriter");
  EXPECT_EQ(t.rows.at(41), "Unknown error"); // no errno 41
  EXPECT_EQ(t.rows.at(133), "Memory page has hardware error");
  EXPECT_EQ(t.rows.size(), 134u);
  EXPECT_TRUE(t.folds_negative);
}

TEST(NameTables, SignalNamesAreStrsignalsUpToSigrtmax) {
  const NameTable &t = nameTable("signal_name");
  EXPECT_EQ(t.rows.at(0), "Unknown signal 0");
  EXPECT_EQ(t.rows.at(9), "Killed");
  EXPECT_EQ(t.rows.at(17), "Child exited");
  EXPECT_EQ(t.rows.at(32), "Unknown signal 32");
  EXPECT_EQ(t.rows.at(34), "Real-time signal 0");
  EXPECT_EQ(t.rows.at(64), "Real-time signal 30");
  EXPECT_EQ(t.rows.size(), 65u);
  EXPECT_EQ(t.unknown, "N/A");
}

TEST(NameTables, SyscallNamesAreTheX86_64Table) {
  const NameTable &t = nameTable("syscall_name");
  EXPECT_EQ(t.rows.at(0), "read");
  EXPECT_EQ(t.rows.at(59), "execve");
  EXPECT_EQ(t.rows.at(257), "openat");
  EXPECT_EQ(t.rows.at(400), "Unknown syscall"); // between the last x86-64 number and 424
  EXPECT_EQ(t.rows.at(435), "clone3");
  EXPECT_EQ(t.rows.at(512), "rt_sigaction"); // x32's own numbers, as in bpftrace's table
  EXPECT_EQ(t.rows.at(547), "pwritev2");
  EXPECT_EQ(t.rows.size(), 548u);
  EXPECT_EQ(syscallNumber("__NR_openat"), 257);
  EXPECT_EQ(syscallNumber("__NR_rt_sigaction"), 13); // not x32's 512
  EXPECT_EQ(syscallNumber("__NR_nosuch"), std::nullopt);
}

TEST(NameTables, EveryTextFitsAName) {
  for (const char *function : {"strerror", "signal_name", "syscall_name"})
    for (const std::string &row : nameTable(function).rows)
      EXPECT_LT(row.size(), kNameSize) << row;
}

TEST(NameTables, TheFunctionsReturnStringsThatCompareAndKeyMaps) {
  auto c = test::check(R"(#include <sys/syscall.h>
BEGIN { @a = strerror(1); @b[signal_name(9)] = 1; @c = syscall_name(__NR_read);
  if (strerror(2) == "No such file or directory") { @d = 1; } })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@a")->value, Type::string(kNameSize));
  EXPECT_EQ(c.program->findMap("@b")->key_types, std::vector<Type>{Type::string(kNameSize)});
  EXPECT_EQ(c.program->findMap("@c")->value, Type::string(kNameSize));
}

TEST(NameTables, TheFunctionsNeedAnInteger) {
  auto c = test::check(R"(BEGIN { @x = syscall_name("read"); @y = signal_name(); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("stdin:1:27: ERROR: syscall_name() needs an integer here, not "
                               "string[5]\n"
                               "BEGIN { @x = syscall_name(\"read\"); @y = signal_name(); }\n"
                               "                          ^~~~~~\n"
                               "HINT: write syscall_name(args.id)\n"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("ERROR: signal_name() takes 1 argument, got 0"), std::string::npos);
}

} // namespace
} // namespace bpfscope
