#include "runtime/time_format.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace bpfscope {
namespace {

TEST(TimeFormat, FractionExtensions) {
  EXPECT_EQ(expandFractions("%S.%f", 123'456'789), "%S.123456");
  EXPECT_EQ(expandFractions("%l ms, %k ns", 5'000'007), "005 ms, 005000007 ns");
  EXPECT_EQ(expandFractions("100%% %f", 1000), "100%% 000001");
  EXPECT_EQ(expandFractions("trailing %", 0), "trailing %");
}

TEST(TimeFormat, BootTimestampsBecomeWallClockTime) {
  timespec boot{}, real{};
  clock_gettime(CLOCK_BOOTTIME, &boot);
  clock_gettime(CLOCK_REALTIME, &real);
  uint64_t boot_ns = static_cast<uint64_t>(boot.tv_sec) * 1'000'000'000 + boot.tv_nsec;
  long long shown = std::atoll(formatBootTime("%s", boot_ns).c_str());
  EXPECT_LE(std::llabs(shown - static_cast<long long>(real.tv_sec)), 1);
}

TEST(TimeFormat, LongResultsAreNotCut) {
  tm when{};
  std::string format(1000, 'x');
  EXPECT_EQ(strftimeText(format, when), format);
}

} // namespace
} // namespace bpfscope
