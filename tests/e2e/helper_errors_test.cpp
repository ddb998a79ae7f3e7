// -k / -kk: failing BPF helpers reported at the script span that called them.

#include "harness.h"

#include <gmock/gmock.h>

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

TEST_F(HelperErrorsTest, JsonHelperError) {
  auto result = runBpfscope({"-k", "-f", "json", "-e", kScript});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("{\"type\": \"helper_error\", "));
  EXPECT_THAT(result.out, HasSubstr("\"helper\": \"map_delete_elem\", \"retcode\": -2"));
}

} // namespace
} // namespace bpfscope::e2e
