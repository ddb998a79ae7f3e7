#include "runtime/benchmark.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

// bpftrace's documented --bench output: rows sorted by name, columns as wide
// as their longest cell.
TEST(BenchmarkTable, SortedByNameAndPadded) {
  EXPECT_EQ(benchmarkTable({{"lhist", 88}, {"count", 40}, {"my_loop", 124}}),
            "+-----------+-------------+\n"
            "| BENCHMARK | NANOSECONDS |\n"
            "+-----------+-------------+\n"
            "| count     | 40          |\n"
            "| lhist     | 88          |\n"
            "| my_loop   | 124         |\n"
            "+-----------+-------------+\n");
}

TEST(BenchmarkTable, WideCellsWidenTheirColumn) {
  EXPECT_EQ(benchmarkTable({{"a_rather_long_name", 1234567890123}}),
            "+--------------------+---------------+\n"
            "| BENCHMARK          | NANOSECONDS   |\n"
            "+--------------------+---------------+\n"
            "| a_rather_long_name | 1234567890123 |\n"
            "+--------------------+---------------+\n");
}

} // namespace
} // namespace bpfscope
