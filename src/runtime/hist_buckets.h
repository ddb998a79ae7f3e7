// The buckets of hist(n, k), numbered as codegen/aggregations.cpp fills them
// and as bpftrace numbers them: bucket 0 holds the negatives; with N = 2^k,
// buckets 1..2N hold the single values 0..2N-1, and each later power of two
// [2^p, 2^(p+1)) is split into N buckets of equal width.
#pragma once

#include <cstdint>
#include <string>

namespace bpfscope {

// The first value of bucket `index` (>= 1), saturated at UINT64_MAX; bucket
// i holds [histBucketStart(i), histBucketStart(i + 1)).
uint64_t histBucketStart(uint64_t index, uint32_t bits);

// histBucketStart as bpftrace prints it: the number, with a K/M/G/T/P/E
// suffix taking out each factor of 1024 of its power of two ("2K", "1792").
std::string histBucketStartLabel(uint64_t index, uint32_t bits);

// The highest bucket index there is: the last sub-bucket of [2^63, 2^64).
uint64_t lastHistBucket(uint32_t bits);

// Buckets 1..2N hold one value each and print as `[v]`.
inline bool histBucketIsSingleValue(uint64_t index, uint32_t bits) {
  return index >= 1 && index <= (uint64_t{2} << bits);
}

} // namespace bpfscope
