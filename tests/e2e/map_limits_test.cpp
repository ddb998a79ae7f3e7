// A map that reaches max_map_keys: the run still prints what the map holds
// and warns where an insert was refused, naming both ways to raise the limit.

#include "harness.h"

#include <gmock/gmock.h>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class MapLimitsTest : public E2ETest {};

size_t occurrences(const std::string &text, const std::string &needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

constexpr const char *kMapFull =
    "WARNING: Map full; can't update element. Try increasing max_map_keys config or manually "
    "setting the max entries in a map declaration e.g. `let @a = hash(5000)`";

// As bpftrace: the warning comes from the refused update itself, located at
// it; a site that keeps failing is reported once.
TEST_F(MapLimitsTest, ARefusedInsertWarnsOncePerUpdateSite) {
  auto result = runBpfscope({"-e", "config = { max_map_keys = 4 } "
                                   "BEGIN { for ($i : 0..6) { @x[$i] = $i; @c[$i] = count(); } "
                                   "@small[1] = 1; exit(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(occurrences(result.err, kMapFull), 2u) << result.err;
  EXPECT_THAT(result.err, HasSubstr(std::string("stdin:1:57: ") + kMapFull)) << result.err;
  EXPECT_THAT(result.err, HasSubstr(std::string("stdin:1:70: ") + kMapFull)) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@x[3]: 3")) << result.out;
  EXPECT_FALSE(hasLine(result.out, "@x[4]: 4")) << result.out;
}

// With -k each refused insert is sent as a record rather than counted; the
// warning is still once per site, the same two lines.
TEST_F(MapLimitsTest, WithDashKARefusedInsertStillWarnsOncePerSite) {
  auto result =
      runBpfscope({"-k", "-e",
                   "config = { max_map_keys = 4 } "
                   "BEGIN { for ($i : 0..6) { @x[$i] = $i; @c[$i] = count(); } exit(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(occurrences(result.err, kMapFull), 2u) << result.err;
  EXPECT_THAT(result.err, HasSubstr(std::string("stdin:1:57: ") + kMapFull)) << result.err;
  EXPECT_THAT(result.err, HasSubstr(std::string("stdin:1:70: ") + kMapFull)) << result.err;
}

// A map holding exactly max_map_keys keys lost nothing: updating one of
// them is no insert.
TEST_F(MapLimitsTest, AMapFilledExactlyDoesNotWarn) {
  auto result = runBpfscope({"-e", "config = { max_map_keys = 4 } "
                                   "BEGIN { for ($i : 0..4) { @x[$i] = $i; @c[$i] = count(); } "
                                   "@x[3] = 7; @c[0] = count(); exit(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("Map full"))) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@x[3]: 7")) << result.out;
  EXPECT_TRUE(hasLine(result.out, "@c[0]: 2")) << result.out;
}

TEST_F(MapLimitsTest, LruMapsEvictInsteadOfWarning) {
  auto result = runBpfscope({"-e", "let @l = lruhash(2); "
                                   "BEGIN { @l[1] = 1; @l[2] = 2; @l[3] = 3; exit(); }"});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("Map full")));
}

// Each map update needs a key and a value on the 512-byte BPF stack; slots
// are reused from statement to statement, so many updates in one probe fit.
TEST_F(MapLimitsTest, ManyMapUpdatesInOneProbeFitTheStack) {
  std::string program = "BEGIN {";
  for (int i = 0; i < 80; ++i)
    program += " @m" + std::to_string(i % 8) + "[" + std::to_string(i) +
               ", \"k\"] = " + std::to_string(i) + ";";
  program += " exit(); }";
  auto result = runBpfscope({"-e", program});
  ASSERT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "@m0[0, k]: 0")) << result.out;
  EXPECT_TRUE(hasLine(result.out, "@m7[79, k]: 79")) << result.out;
}

} // namespace
} // namespace bpfscope::e2e
