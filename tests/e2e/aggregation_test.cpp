// Aggregation functions and their exit-time rendering, fed by bpfs_writer
// whose write sizes (10, 20, 20, 30, 30, 30) are known in advance.

#include "harness.h"

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

TEST_F(AggregationTest, MultiKeyMapSortedByValue) {
  auto result = traceWrites("@k[comm, args.count] = count();");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@k[bpfs_writer, 10]: 1\n"
                        "@k[bpfs_writer, 20]: 2\n"
                        "@k[bpfs_writer, 30]: 3\n");
}

} // namespace
} // namespace bpfscope::e2e
