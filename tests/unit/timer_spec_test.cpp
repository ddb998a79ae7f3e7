// The spellings of timer probe rates (interval, profile) and of perf counts.
#include "providers/cpp_symbols.h"
#include "providers/perf_event.h"
#include "providers/timer_spec.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

uint64_t periodOf(const std::vector<std::string> &parts) {
  std::string error;
  auto spec = parseTimerSpec(parts, "interval", &error);
  EXPECT_TRUE(spec.has_value()) << error;
  return spec ? spec->periodNs() : 0;
}

TEST(TimerSpec, UnitThenCount) {
  EXPECT_EQ(periodOf({"s", "2"}), 2'000'000'000u);
  EXPECT_EQ(periodOf({"ms", "100"}), 100'000'000u);
  EXPECT_EQ(periodOf({"us", "10"}), 10'000u);
  EXPECT_EQ(periodOf({"hz", "4"}), 250'000'000u);
}

TEST(TimerSpec, CountWithItsUnitAttached) {
  EXPECT_EQ(periodOf({"1s"}), 1'000'000'000u);
  EXPECT_EQ(periodOf({"250ms"}), 250'000'000u);
  EXPECT_EQ(periodOf({"1000000000"}), 1'000'000'000u);
  auto spec = parseTimerSpec({"99hz"}, "profile", nullptr);
  ASSERT_TRUE(spec);
  EXPECT_TRUE(spec->isFrequency());
  EXPECT_EQ(spec->count, 99u);
}

TEST(TimerSpec, ErrorsSayWhatIsWrong) {
  std::string error;
  EXPECT_FALSE(parseTimerSpec({"fortnight", "1"}, "interval", &error));
  EXPECT_EQ(error, "unknown interval unit 'fortnight'");
  EXPECT_FALSE(parseTimerSpec({"s", "0"}, "profile", &error));
  EXPECT_EQ(error, "profile count '0' is not a positive integer");
  EXPECT_FALSE(parseTimerSpec({"5parsecs"}, "interval", &error));
  EXPECT_EQ(error, "unknown interval unit 'parsecs'");
  EXPECT_FALSE(parseTimerSpec({}, "interval", &error));
}

TEST(PerfCount, DecimalAndScientific) {
  EXPECT_EQ(parsePositiveCount("100"), 100u);
  EXPECT_EQ(parsePositiveCount("1e6"), 1'000'000u);
  EXPECT_FALSE(parsePositiveCount("0"));
  EXPECT_FALSE(parsePositiveCount("1e"));
  EXPECT_FALSE(parsePositiveCount("-5"));
  EXPECT_FALSE(parsePositiveCount(""));
}

TEST(CppSymbols, DemanglesAndMatchesWithOrWithoutParameters) {
  EXPECT_EQ(demangleSymbol("_ZN4bpfs5twiceEi"), "bpfs::twice(int)");
  EXPECT_EQ(demangleSymbol("main"), "main");
  EXPECT_TRUE(cppNameMatches("bpfs::twice", "bpfs::twice(int)"));
  EXPECT_TRUE(cppNameMatches("bpfs::twice(int)", "bpfs::twice(int)"));
  EXPECT_FALSE(cppNameMatches("bpfs::twice(long)", "bpfs::twice(int)"));
  EXPECT_TRUE(cppNameMatches("*::add", "bpfs::Counter::add(long) const"));
  EXPECT_FALSE(cppNameMatches("bpfs::twic", "bpfs::twice(int)"));
}

} // namespace
} // namespace bpfscope
