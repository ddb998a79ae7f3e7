// strftime() and join(): values user space turns into text.

#include "harness.h"

#include <gmock/gmock.h>

#include <ctime>
#include <regex>

namespace bpfscope::e2e {
namespace {

class StrftimeJoinTest : public E2ETest {};

TEST_F(StrftimeJoinTest, StrftimePrintsTheEventsWallClockTime) {
  time_t before = ::time(nullptr);
  auto result = runBpfscope({"-e", "BEGIN { printf(\"%s|%s\\n\", strftime(\"%s\", nsecs), "
                                   "strftime(\"%H:%M:%S.%f\", nsecs)); exit(); }"});
  time_t after = ::time(nullptr);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(result.out, m,
                                std::regex("^([0-9]+)\\|[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{6}\n")))
      << result.out;
  long long shown = std::stoll(m[1]);
  EXPECT_GE(shown, static_cast<long long>(before) - 1);
  EXPECT_LE(shown, static_cast<long long>(after) + 1);
}

TEST_F(StrftimeJoinTest, StrftimeAsAMapValue) {
  auto result = runBpfscope({"-e", "BEGIN { @t = strftime(\"%Y\", nsecs); exit(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  char year[8];
  time_t now = ::time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  strftime(year, sizeof year, "%Y", &local);
  EXPECT_EQ(result.out, std::string("\n\n@t: ") + year + "\n");
}

TEST_F(StrftimeJoinTest, JoinPrintsExecveArguments) {
  std::string workload = workloadPath("bpfs_sleeper");
  RunOptions options;
  options.workload = {workload, "1", "2"};
  options.sigintAfter = milliseconds(200);
  auto result =
      runBpfscope({"-e", "tracepoint:syscalls:sys_enter_execve /str(args.filename) == \"" +
                             workload + "\"/ { join(args.argv); join(args.argv, \",\"); }"},
                  options);
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, workload + " 1 2\n" + workload + ",1,2\n\n\n");
}

TEST_F(StrftimeJoinTest, UsernameNamesTheUser) {
  // The tests run as root (E2ETest), uid 0.
  auto result = runBpfscope({"-e", "BEGIN { printf(\"%s %d\\n\", username, uid); @[username] = "
                                   "count(); exit(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "root 0\n\n\n@[root]: 1\n");
}

TEST_F(StrftimeJoinTest, JoinNeedsAnArray) {
  auto result = runBpfscope({"-e", "BEGIN { join(\"x\"); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, ::testing::HasSubstr(
                              "ERROR: join() needs the address of an array of string pointers"));
}

} // namespace
} // namespace bpfscope::e2e
