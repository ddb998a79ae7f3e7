#include "runtime/hist_buckets.h"

#include <limits>

namespace bpfscope {

namespace {

// Bucket index - 1 >= N starts at 2^power * (N + sub), sub being its k low bits.
struct BucketStart {
  uint64_t power;
  uint64_t multiple; // N + sub, below 2N
};

BucketStart splitStart(uint64_t index, uint32_t bits) {
  uint64_t j = index - 1;
  uint64_t per_power = uint64_t{1} << bits;
  return {(j >> bits) - 1, per_power + (j & (per_power - 1))};
}

} // namespace

uint64_t histBucketStart(uint64_t index, uint32_t bits) {
  if (index - 1 < (uint64_t{1} << bits))
    return index - 1;
  BucketStart s = splitStart(index, bits);
  if (s.power >= 64 || s.multiple > (std::numeric_limits<uint64_t>::max() >> s.power))
    return std::numeric_limits<uint64_t>::max();
  return s.multiple << s.power;
}

std::string histBucketStartLabel(uint64_t index, uint32_t bits) {
  if (index - 1 < (uint64_t{1} << bits))
    return std::to_string(index - 1);
  static const char *const suffixes[] = {"", "K", "M", "G", "T", "P", "E"};
  BucketStart s = splitStart(index, bits);
  uint64_t decade = s.power / 10;
  if (decade >= std::size(suffixes))
    return std::to_string(histBucketStart(index, bits));
  return std::to_string(s.multiple << (s.power % 10)) + suffixes[decade];
}

uint64_t lastHistBucket(uint32_t bits) {
  uint64_t per_power = uint64_t{1} << bits;
  return ((64 - bits) << bits) + per_power;
}

} // namespace bpfscope
