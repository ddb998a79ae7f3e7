// Reads bpfscope maps out of the kernel and folds what the BPF side stores
// (one slot per CPU for aggregations, one element per bucket for hist/lhist)
// into one MapEntry per user key, the form the printers take.
#pragma once

#include "runtime/map_snapshot.h"
#include "sema/program.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct bpf_map;

namespace bpfscope {

// One map element as the kernel returns it. For a per-CPU map `value` holds
// one slot per possible CPU, each the value size rounded up to 8 bytes.
struct RawMapEntry {
  std::vector<uint8_t> key;
  std::vector<uint8_t> value;
};

// How the elements of one BPF map are laid out.
struct RawMapLayout {
  uint32_t key_size = 0;   // BPF key size (user key + 8-byte bucket index for hist/lhist/tseries)
  uint32_t value_size = 0; // BPF value size of one slot
  uint32_t cpus = 1;       // slots per value: possible CPUs for per-CPU maps, else 1
};

// Combines raw elements into MapEntries, ordered by key bytes:
//   Count, Sum:  the 8-byte sum over CPUs
//   Min, Max:    {int64 value; uint64 valid}, min/max over CPUs whose valid != 0
//   Avg, Stats:  {int64 total; uint64 count}, summed over CPUs
//   Hist, LHist: empty value; buckets[index] = count summed over CPUs
//   TSeries:     empty value; series[interval] = the value of the latest interval
//                each bucket holds, the CPUs' slots of that interval combined
//   otherwise:   the value as stored
std::vector<MapEntry> combineEntries(const MapInfo &map, const RawMapLayout &layout,
                                     const std::vector<RawMapEntry> &raw);

// BPF_MAP_TYPE_PERCPU_*: one value slot per possible CPU.
bool isPerCpuMapType(uint32_t type);

// Every key of the map with file descriptor `fd`, read in one pass so that
// callers may change the map afterwards without disturbing the iteration.
// On failure returns false and sets `error`.
bool readMapKeys(int fd, uint32_t key_size, std::vector<std::vector<uint8_t>> &keys,
                 std::string &error);

// Reads every element of a loaded map and combines them. On failure returns
// nullopt and sets `error`.
std::optional<std::vector<MapEntry>> readMap(const bpf_map *bpf_map, const MapInfo &map,
                                             std::string &error);

} // namespace bpfscope
