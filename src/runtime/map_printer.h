// Text rendering of a whole map, as bpftrace prints maps at exit and for
// print(@m, top, div).
#pragma once

#include "runtime/map_snapshot.h"
#include "sema/program.h"

#include <cstdint>
#include <ostream>
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

} // namespace bpfscope
