// Aggregation functions and their exit-time rendering, fed by bpfs_writer
// whose write sizes (10, 20, 20, 30, 30, 30) are known in advance.

#include "harness.h"

#include <regex>

namespace bpfscope::e2e {
namespace {

class AggregationTest : public E2ETest {
protected:
  RunResult traceWrites(const std::string &body) {
    RunOptions options;
    options.workload = {workloadPath("bpfs_writer"), "10", "20", "20", "30", "30", "30"};
    options.sigintAfter = milliseconds(200);
    return runBpfscope(
        {"-e", R"(tracepoint:syscalls:sys_enter_write /comm == "bpfs_writer"/ { )" + body + " }"},
        options);
  }
};

TEST_F(AggregationTest, CountSumMinMax) {
  auto result = traceWrites("@c = count(); @s = sum(args.count); @lo = min(args.count); "
                            "@hi = max(args.count);");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@c: 6\n@hi: 30\n@lo: 10\n@s: 140\n");
}

TEST_F(AggregationTest, AvgAndStats) {
  auto result = traceWrites("@a = avg(args.count); @st = stats(args.count);");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@a: 23\n@st: { .count = 6, .average = 23, .total = 140 }\n");
}

TEST_F(AggregationTest, HistAndLhist) {
  auto result = traceWrites("@h = hist(args.count); @l = lhist(args.count, 0, 100, 10);");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@h:\n" + histBucketLine("[8, 16)", 1, 5) + "\n" +
                            histBucketLine("[16, 32)", 5, 5) + "\n\n" + "@l:\n" +
                            histBucketLine("[10, 20)", 1, 3) + "\n" +
                            histBucketLine("[20, 30)", 2, 3) + "\n" +
                            histBucketLine("[30, 40)", 3, 3) + "\n\n");
}

// hist(n, 3): eight buckets per power of two, one value each up to 15.
TEST_F(AggregationTest, HistWithSubBuckets) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_writer"), "7", "16", "17", "18", "19", "31"};
  options.sigintAfter = milliseconds(200);
  auto result = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_write )"
                                   R"(/comm == "bpfs_writer"/ { @h = hist(args.count, 3); })"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string expected = "\n\n@h:\n" + histBucketLine("[7]", 1, 2) + "\n";
  for (int v = 8; v <= 15; ++v)
    expected += histBucketLine("[" + std::to_string(v) + "]", 0, 2) + "\n";
  expected += histBucketLine("[16, 18)", 2, 2) + "\n" + histBucketLine("[18, 20)", 2, 2) + "\n";
  for (int v = 20; v < 30; v += 2)
    expected +=
        histBucketLine("[" + std::to_string(v) + ", " + std::to_string(v + 2) + ")", 0, 2) + "\n";
  expected += histBucketLine("[30, 32)", 1, 2) + "\n\n";
  EXPECT_EQ(result.out, expected);
}

// hist(n, 1) on large sizes: K suffixes only for powers of two from 2^10 on.
TEST_F(AggregationTest, HistWithSubBucketsAndSuffixes) {
  RunOptions options;
  options.workload = {workloadPath("bpfs_writer"), "1000", "4096", "4000"};
  options.sigintAfter = milliseconds(200);
  auto text = runBpfscope({"-e", R"(tracepoint:syscalls:sys_enter_write )"
                                 R"(/comm == "bpfs_writer"/ { @h = hist(args.count, 1); })"},
                          options);
  EXPECT_EQ(text.exitCode, 0) << text.err;
  EXPECT_EQ(text.out,
            "\n\n@h:\n" + histBucketLine("[768, 1024)", 1, 1) + "\n" +
                histBucketLine("[1024, 1536)", 0, 1) + "\n" + histBucketLine("[1536, 2K)", 0, 1) +
                "\n" + histBucketLine("[2K, 3K)", 0, 1) + "\n" + histBucketLine("[3K, 4K)", 1, 1) +
                "\n" + histBucketLine("[4K, 6K)", 1, 1) + "\n\n");
  auto json = runBpfscope(
      {"-f", "json", "-e",
       "BEGIN { @h = hist(1000, 1); @h = hist(4096, 1); @h = hist(4000, 1); exit(); }"});
  EXPECT_EQ(json.exitCode, 0) << json.err;
  EXPECT_TRUE(hasLine(json.out,
                      R"({"type": "hist", "data": {"@h": [{"min": 768, "max": 1023, "count": 1}, )"
                      R"({"min": 1024, "max": 1535, "count": 0}, )"
                      R"({"min": 1536, "max": 2047, "count": 0}, )"
                      R"({"min": 2048, "max": 3071, "count": 0}, )"
                      R"({"min": 3072, "max": 4095, "count": 1}, )"
                      R"({"min": 4096, "max": 6143, "count": 1}]}})"))
      << json.out;
}

TEST_F(AggregationTest, HistSubBucketCountMustBeALiteralUpToFive) {
  auto result = runBpfscope({"-e", "BEGIN { @h = hist(1, 6); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "stdin:1:22: ERROR: hist() k must be an integer literal from 0 to 5\n"
                        "BEGIN { @h = hist(1, 6); }\n"
                        "                     ^\n"
                        "HINT: k sets 2^k buckets per power of two: hist(n, 2)\n");
}

// tseries over one long interval (1000 s: the six writes fall in one): each
// aggregation's value of the writes' sizes, the last one's without.
TEST_F(AggregationTest, TimeSeriesAggregations) {
  auto result = traceWrites(R"(@sum = tseries(args.count, 1000s, 3, "sum"); )"
                            R"(@avg = tseries(args.count, 1000s, 3, "avg"); )"
                            R"(@min = tseries(args.count, 1000s, 3, "min"); )"
                            R"(@max = tseries(args.count, 1000s, 3, "max"); )"
                            R"(@last = tseries(args.count, 1000s, 3);)");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  for (auto [name, value] :
       {std::pair{"@avg", 23}, {"@last", 30}, {"@max", 30}, {"@min", 10}, {"@sum", 140}}) {
    // One interval: the chart's time unit is nanoseconds, as bpftrace's; the
    // value alone on the scale gets a margin of one on each side.
    std::string v = std::to_string(value), below = std::to_string(value - 1),
                above = std::to_string(value + 1);
    std::string scale = std::string(19, ' ') + below + std::string(21 - below.size(), ' ') +
                        std::string(32 - above.size(), ' ') + above;
    std::string pattern = std::string(name) + ":\n" + scale + "\n" +
                          "hh:mm:ss\\.ns {8}\\|_{51}\\|\n" +
                          "\\d\\d:\\d\\d:\\d\\d\\.\\d{9} \\| {25}\\* {25}\\| " + v + "\n" +
                          " {19}v_{51}v\n" + scale + "\n\n";
    EXPECT_TRUE(std::regex_search(result.out, std::regex(pattern))) << name << "\n" << result.out;
  }
}

// Real intervals: a 10 ms timer counted in 100 ms intervals, a window of 3.
TEST_F(AggregationTest, TimeSeriesWindowOfIntervals) {
  auto result = runBpfscope({"-f", "json", "-e",
                             R"(interval:ms:10 { @ = tseries(1, 100ms, 3, "sum"); } )"
                             R"(interval:ms:700 { exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::smatch m;
  std::string record = R"(\{"interval_start":"[-0-9]+ [0-9:]+\.(\d)00000000","value":(\d+)\})";
  ASSERT_TRUE(std::regex_search(result.out, m,
                                std::regex(R"(\{"type": "tseries", "data": \{"@": \[)" + record +
                                           "," + record + "," + record + R"(\]\}\})")))
      << result.out;
  // Consecutive intervals, each tenth of a second apart; about ten ticks in each
  // full one (the last may have just begun).
  int first = std::stoi(m[1]), second = std::stoi(m[3]), third = std::stoi(m[5]);
  EXPECT_EQ((first + 1) % 10, second);
  EXPECT_EQ((second + 1) % 10, third);
  for (int i : {2, 4})
    EXPECT_NEAR(std::stoi(m[i]), 10, 3) << result.out;
  EXPECT_LE(std::stoi(m[6]), 13);
}

TEST_F(AggregationTest, TimeSeriesAggregationMustBeKnown) {
  auto result = runBpfscope({"-e", R"(BEGIN { @t = tseries(1, 1s, 5, "median"); })"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(
      result.err,
      "stdin:1:32: ERROR: tseries() aggregation must be \"avg\", \"max\", \"min\" or \"sum\"\n"
      "BEGIN { @t = tseries(1, 1s, 5, \"median\"); }\n"
      "                               ^~~~~~~~\n"
      "HINT: leave it out to keep the last value of each interval\n");
}

TEST_F(AggregationTest, MultiKeyMapSortedByValue) {
  auto result = traceWrites("@k[comm, args.count] = count();");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@k[bpfs_writer, 10]: 1\n"
                        "@k[bpfs_writer, 20]: 2\n"
                        "@k[bpfs_writer, 30]: 3\n");
}

} // namespace
} // namespace bpfscope::e2e
