// One map element as user space sees it after read-out: the per-CPU slots
// and per-bucket elements the BPF side stores are already folded together.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

namespace bpfscope {

struct MapEntry {
  std::vector<uint8_t> key;   // MapInfo::key layout
  std::vector<uint8_t> value; // MapInfo::value layout, combined across CPUs (not hist/lhist)
  std::map<uint64_t, uint64_t> buckets; // hist/lhist only: bucket index -> count, across CPUs
  // tseries only: interval number (TAI time / interval) -> the interval's value
  // across CPUs (an int64's bits when the value is signed).
  std::map<uint64_t, uint64_t> series;
};

} // namespace bpfscope
