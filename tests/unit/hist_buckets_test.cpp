// hist(n, k) bucket bounds against the bucket numbering bpftrace's kernel
// side uses (and codegen/aggregations.cpp emits), written out here in C++.
#include "runtime/hist_buckets.h"

#include <gtest/gtest.h>

#include <limits>

namespace bpfscope {
namespace {

// bpftrace's bucket of x: 0 for negatives, x + 1 below 2^k, else
// ((r - k + 1) << k) + (the k bits below the top bit r) + 1.
uint64_t bucketOf(int64_t x, uint32_t k) {
  if (x < 0)
    return 0;
  auto v = static_cast<uint64_t>(x);
  if (v < (uint64_t{1} << k))
    return v + 1;
  uint64_t r = 63 - static_cast<uint64_t>(__builtin_clzll(v));
  return ((r - k + 1) << k) + ((v >> (r - k)) & ((uint64_t{1} << k) - 1)) + 1;
}

TEST(HistBuckets, EveryValueFallsBetweenItsBucketsBounds) {
  for (uint32_t k = 0; k <= 5; ++k) {
    std::vector<int64_t> values = {0, 1, 2, 3, 31, 32, 33, 63, 64, 65, 1000, 1023, 1024, 1025};
    for (int shift = 11; shift < 63; ++shift)
      for (int64_t delta : {-1, 0, 1, 3})
        values.push_back((int64_t{1} << shift) + delta * (int64_t{1} << (shift - 6)));
    values.push_back(std::numeric_limits<int64_t>::max());
    for (int64_t x : values) {
      uint64_t b = bucketOf(x, k);
      auto v = static_cast<uint64_t>(x);
      EXPECT_LE(histBucketStart(b, k), v) << "k=" << k << " x=" << x;
      EXPECT_LT(v, histBucketStart(b + 1, k)) << "k=" << k << " x=" << x;
      EXPECT_LE(b, lastHistBucket(k));
    }
  }
}

TEST(HistBuckets, SingleValuesUpToTwiceTheSubBucketCount) {
  EXPECT_TRUE(histBucketIsSingleValue(1, 0));
  EXPECT_TRUE(histBucketIsSingleValue(2, 0));
  EXPECT_FALSE(histBucketIsSingleValue(3, 0));
  EXPECT_TRUE(histBucketIsSingleValue(8, 2));
  EXPECT_FALSE(histBucketIsSingleValue(9, 2));
  EXPECT_EQ(histBucketStart(9, 2), 8u);
  EXPECT_EQ(histBucketStart(10, 2), 10u);
}

// Suffixes take out factors of 1024 of the power of two, not of the value:
// with k = 2, 1024 = 4 * 2^8 stays "1024" while 4096 = 4 * 2^10 is "4K".
TEST(HistBuckets, LabelsLikeBpftrace) {
  EXPECT_EQ(histBucketStartLabel(12, 0), "1K");
  EXPECT_EQ(histBucketStartLabel(37, 2), "1024");
  EXPECT_EQ(histBucketStartLabel(44, 2), "3584");
  EXPECT_EQ(histBucketStartLabel(45, 2), "4K");
  EXPECT_EQ(histBucketStartLabel(46, 2), "5K");
  EXPECT_EQ(histBucketStartLabel(lastHistBucket(0), 0), "8E");
  EXPECT_EQ(histBucketStartLabel(lastHistBucket(0) + 1, 0), "16E");
  EXPECT_EQ(histBucketStart(lastHistBucket(0), 0), uint64_t{1} << 63);
  EXPECT_EQ(histBucketStart(lastHistBucket(0) + 1, 0), std::numeric_limits<uint64_t>::max());
}

} // namespace
} // namespace bpfscope
