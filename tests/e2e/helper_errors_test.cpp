// -k / -kk: failing BPF helpers reported at the script span that called them.

#include "harness.h"

#include <gmock/gmock.h>

#include <regex>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class HelperErrorsTest : public E2ETest {};

constexpr const char *kScript =
    "BEGIN { printf(\"%s\\n\", str(0)); @[1] = 1; delete(@[2]); exit(); }";

TEST_F(HelperErrorsTest, DashKReportsAFailedMapDelete) {
  auto result = runBpfscope({"-k", "-e", kScript});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.err,
              HasSubstr("stdin:1:43: WARNING: Failed to map_delete_elem: No such file or "
                        "directory (-2)\n" +
                        std::string(kScript) + "\n" + std::string(42, ' ') + "^~~~~~~~~~~~"));
  // Memory reads need -kk.
  EXPECT_THAT(result.err, Not(HasSubstr("probe_read")));
  EXPECT_EQ(result.out, "\n\n\n@[1]: 1\n");
}

TEST_F(HelperErrorsTest, DashKkAlsoReportsFailedReads) {
  auto result = runBpfscope({"-kk", "-e", kScript});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  // The errno depends on the kernel (-EFAULT, or -ERANGE for address 0 on newer ones).
  EXPECT_THAT(result.err, HasSubstr("stdin:1:24: WARNING: Failed to probe_read_str: "));
  EXPECT_THAT(result.err,
              HasSubstr("\n" + std::string(kScript) + "\n" + std::string(23, ' ') + "^~~~~~\n"));
  EXPECT_THAT(result.err, HasSubstr("WARNING: Failed to map_delete_elem"));
  EXPECT_THAT(result.err, Not(HasSubstr("Failed to probe_read_kernel")));
}

// Only the discarded delete() of a missing key warns without -k (as in the
// newest bpftrace); a delete() whose result is used does not.
TEST_F(HelperErrorsTest, WithoutDashKOnlyADiscardedDeleteIsReported) {
  auto result = runBpfscope({"-e", kScript});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("probe_read")));
  EXPECT_THAT(result.err, HasSubstr("stdin:1:43: WARNING: Failed to map_delete_elem"));
  auto used = runBpfscope({"-e", "BEGIN { @[1] = 1; $gone = delete(@[2]); exit(); }"});
  ASSERT_EQ(used.exitCode, 0) << used.err;
  EXPECT_THAT(used.err, Not(HasSubstr("WARNING")));
}

// Without -k the program counts a discarded delete()'s failures; the runtime
// reports each site once per poll, with how many failures it saw.
TEST_F(HelperErrorsTest, RepeatedFailuresOfADiscardedDeleteAreReportedWithTheirCount) {
  constexpr const char *script = "BEGIN { @a[1] = 1; for ($i : 0..3) { delete(@a, 2); } exit(); }";
  auto result = runBpfscope({"-q", "-e", script});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.err, "stdin:1:38: WARNING: Failed to map_delete_elem: No such file or "
                        "directory (-2), 3 times\n" +
                            std::string(script) + "\n" + std::string(37, ' ') + "^~~~~~~~~~~~~\n");
  auto json = runBpfscope({"-q", "-f", "json", "-e", script});
  ASSERT_EQ(json.exitCode, 0) << json.err;
  EXPECT_THAT(json.out, HasSubstr("\"helper\": \"map_delete_elem\", \"retcode\": -2, "));
  EXPECT_THAT(json.out, HasSubstr("\"line\": 1, \"col\": 38, \"count\": 3}"));
}

// Every failure of a probe's discarded delete() is counted: the counts of
// the warnings printed while events come add up to the events (-c: only the
// child's calls, whatever else runs on the machine).
TEST_F(HelperErrorsTest, DiscardedDeleteFailuresOfEveryEventAreCounted) {
  auto result =
      runBpfscope({"-c", workloadPath("bpfs_burst") + " 300", "-e",
                   "BEGIN { @m[1] = 1; delete(@m, 1); }\n"
                   "tracepoint:syscalls:sys_enter_getppid /pid == cpid/ { delete(@m[2]); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  std::regex warning("stdin:2:55: WARNING: Failed to map_delete_elem: No such file or directory "
                     "\\(-2\\)(, ([0-9]+) times)?\n");
  unsigned failures = 0;
  for (std::sregex_iterator it(result.err.begin(), result.err.end(), warning), end; it != end; ++it)
    failures += (*it)[2].matched ? std::stoul((*it)[2]) : 1;
  EXPECT_EQ(failures, 300u) << result.err;
}

TEST_F(HelperErrorsTest, JsonHelperError) {
  auto result = runBpfscope({"-k", "-f", "json", "-e", kScript});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("{\"type\": \"helper_error\", "));
  EXPECT_THAT(result.out, HasSubstr("\"helper\": \"map_delete_elem\", \"retcode\": -2"));
}

} // namespace
} // namespace bpfscope::e2e
