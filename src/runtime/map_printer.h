// Text rendering of a whole map, as bpftrace prints maps at exit and for
// print(@m, top, div).
#pragma once

#include "runtime/map_snapshot.h"
#include "sema/program.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <utility>
#include <vector>

namespace bpfscope {

// Prints `entries` of `map`:
//  - order: count/sum/min/max/integer values ascending by value, avg/stats by
//    average, hist/lhist by total count, anything else by key; ties by key;
//  - `top` (0 = all) keeps the last `top` entries of that order;
//  - `div` (0 = 1) divides the numbers and hist bucket counts (not lhist's);
//  - `@m: v` for a map without keys, `@m[k1, k2]: v` otherwise;
//  - hist/lhist: a `@m:` / `@m[k]:` header, one row per bucket from the first
//    to the last non-empty one, then an empty line.
// An empty map prints nothing.
void printMap(std::ostream &out, const MapInfo &map, std::vector<MapEntry> entries,
              uint64_t top = 0, uint64_t div = 1);

// The entries printMap shows, in its order (every output format uses it).
std::vector<MapEntry> entriesInPrintOrder(const MapInfo &map, std::vector<MapEntry> entries,
                                          uint64_t top);

// The first and last bucket index a histogram shows (its first and last
// non-empty bucket); nullopt when every bucket is empty.
std::optional<std::pair<uint64_t, uint64_t>> shownBuckets(const Type &type, const MapEntry &e);

// A hist/lhist bucket's count as printed: hist counts are divided by `div`, lhist's are not.
uint64_t bucketCount(const Type &type, const MapEntry &e, uint64_t index, uint64_t div);

} // namespace bpfscope
