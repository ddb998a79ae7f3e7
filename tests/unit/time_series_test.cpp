// The tseries chart, against the examples of bpftrace's docs/stdlib.md
// (their times as UTC wall-clock times) and the cases they do not show.
#include "runtime/time_series.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace bpfscope {
namespace {

class TimeSeriesChart : public ::testing::Test {
protected:
  void SetUp() override {
    const char *tz = std::getenv("TZ");
    saved_tz_ = tz ? std::optional<std::string>(tz) : std::nullopt;
    setenv("TZ", "UTC", 1);
    tzset();
  }
  void TearDown() override {
    if (saved_tz_)
      setenv("TZ", saved_tz_->c_str(), 1);
    else
      unsetenv("TZ");
    tzset();
  }

private:
  std::optional<std::string> saved_tz_;
};

constexpr uint64_t kMs = 1000000;

// 10:39:49.300 UTC on some day, plus i steps of `step_ns`.
uint64_t at(uint64_t i, uint64_t step_ns = 100 * kMs) {
  return 1700000000ULL * 1000000000 - (1700000000ULL % 86400) * 1000000000 +
         (10 * 3600 + 39 * 60 + 49) * 1000000000ULL + 300 * kMs + i * step_ns;
}

std::vector<TimeSeriesPoint> series(const std::vector<int64_t> &values) {
  std::vector<TimeSeriesPoint> points;
  for (size_t i = 0; i < values.size(); ++i)
    points.push_back({at(i), static_cast<uint64_t>(values[i])});
  return points;
}

// docs/stdlib.md: the zigzag of tseries(@c, 100ms, 20), -5 to 5 and back.
TEST_F(TimeSeriesChart, ZigzagFromTheDocs) {
  auto points = series({-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0, -1, -2, -3, -4});
  EXPECT_EQ(timeSeriesChart(points, true),
            "             -5                                                  5\n"
            "hh:mm:ss.ms  |___________________________________________________|\n"
            "10:39:49.300 *                         .                         | -5\n"
            "10:39:49.400 |    *                    .                         | -4\n"
            "10:39:49.500 |         *               .                         | -3\n"
            "10:39:49.600 |              *          .                         | -2\n"
            "10:39:49.700 |                   *     .                         | -1\n"
            "10:39:49.800 |                         *                         | 0\n"
            "10:39:49.900 |                         .    *                    | 1\n"
            "10:39:50.000 |                         .         *               | 2\n"
            "10:39:50.100 |                         .              *          | 3\n"
            "10:39:50.200 |                         .                   *     | 4\n"
            "10:39:50.300 |                         .                         * 5\n"
            "10:39:50.400 |                         .                   *     | 4\n"
            "10:39:50.500 |                         .              *          | 3\n"
            "10:39:50.600 |                         .         *               | 2\n"
            "10:39:50.700 |                         .    *                    | 1\n"
            "10:39:50.800 |                         *                         | 0\n"
            "10:39:50.900 |                   *     .                         | -1\n"
            "10:39:51.000 |              *          .                         | -2\n"
            "10:39:51.100 |         *               .                         | -3\n"
            "10:39:51.200 |    *                    .                         | -4\n"
            "             v___________________________________________________v\n"
            "             -5                                                  5\n");
}

// docs/stdlib.md's first example: values 0..2, no zero axis (0 is the minimum).
TEST_F(TimeSeriesChart, MinimumAtZeroHasNoAxis) {
  auto points = series({0, 1, 2});
  EXPECT_EQ(timeSeriesChart(points, false),
            "             0                                                   2\n"
            "hh:mm:ss.ms  |___________________________________________________|\n"
            "10:39:49.300 *                                                   | 0\n"
            "10:39:49.400 |                         *                         | 1\n"
            "10:39:49.500 |                                                   * 2\n"
            "             v___________________________________________________v\n"
            "             0                                                   2\n");
}

// One value throughout: the scale widens by one each side and points sit mid-track;
// an interval without a value shows `-`. Whole-second intervals print no fraction.
TEST_F(TimeSeriesChart, FlatSeriesWithAGapInSeconds) {
  std::vector<TimeSeriesPoint> points = {
      {at(0, 1000 * kMs), 7}, {at(1, 1000 * kMs), std::nullopt}, {at(2, 1000 * kMs), 7}};
  EXPECT_EQ(timeSeriesChart(points, true),
            "         6                                                   8\n"
            "hh:mm:ss |___________________________________________________|\n"
            "10:39:49 |                         *                         | 7\n"
            "10:39:50 |                                                   | -\n"
            "10:39:51 |                         *                         | 7\n"
            "         v___________________________________________________v\n"
            "         6                                                   8\n");
}

TEST_F(TimeSeriesChart, NoPointsIsNoData) {
  EXPECT_EQ(timeSeriesChart({}, true), "<no data>");
}

// The window ends at the latest interval any key wrote; each key starts at
// its own first interval inside it; missing intervals have no value.
TEST(TimeSeriesPoints, WindowEndsAtTheLatestInterval) {
  Type type = Type::tseries(100, 4, TSeriesAgg::Last, true);
  MapEntry older, newer;
  older.series = {{5, 50}, {8, 80}};
  newer.series = {{9, 90}, {11, 110}};
  uint64_t last = latestInterval({older, newer});
  EXPECT_EQ(last, 11u);
  auto points = timeSeriesPoints(type, older, last);
  ASSERT_EQ(points.size(), 4u); // intervals 8..11
  EXPECT_EQ(points[0].value, std::optional<uint64_t>(80));
  EXPECT_EQ(points[0].wall_ns, taiToWallClock(800));
  EXPECT_FALSE(points[3].value);
  auto own = timeSeriesPoints(type, newer, last);
  ASSERT_EQ(own.size(), 3u); // intervals 9..11
  EXPECT_EQ(own[2].value, std::optional<uint64_t>(110));
}

} // namespace
} // namespace bpfscope
