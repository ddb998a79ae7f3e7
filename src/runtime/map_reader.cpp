#include "runtime/map_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <optional>

namespace bpfscope {
namespace {

uint64_t load64(const uint8_t *at) {
  uint64_t v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

std::vector<uint8_t> bytesOf(std::initializer_list<uint64_t> words) {
  std::vector<uint8_t> out(words.size() * 8);
  size_t at = 0;
  for (uint64_t w : words) {
    std::memcpy(out.data() + at, &w, sizeof w);
    at += 8;
  }
  return out;
}

// The per-CPU slots of one raw value; a plain map's value is one slot.
std::vector<const uint8_t *> slotsOf(const RawMapLayout &layout,
                                     const std::vector<uint8_t> &value) {
  size_t stride = (layout.value_size + 7) / 8 * 8;
  size_t count = 0;
  if (layout.cpus == 1)
    count = value.size() >= layout.value_size ? 1 : 0;
  else if (stride)
    count = std::min<size_t>(layout.cpus, value.size() / stride);
  std::vector<const uint8_t *> slots;
  for (size_t i = 0; i < count; ++i)
    slots.push_back(value.data() + i * stride);
  return slots;
}

uint64_t sumWord(const std::vector<const uint8_t *> &slots, size_t offset) {
  uint64_t sum = 0;
  for (const uint8_t *slot : slots)
    sum += load64(slot + offset);
  return sum;
}

// min/max over the CPUs that saw a value; a CPU that never ran the probe has valid == 0.
std::vector<uint8_t> combineExtremum(const std::vector<const uint8_t *> &slots, bool want_max,
                                     bool is_signed) {
  bool found = false;
  uint64_t best = 0;
  auto better = [&](uint64_t v) {
    if (is_signed)
      return want_max ? static_cast<int64_t>(v) > static_cast<int64_t>(best)
                      : static_cast<int64_t>(v) < static_cast<int64_t>(best);
    return want_max ? v > best : v < best;
  };
  for (const uint8_t *slot : slots) {
    if (load64(slot + 8) == 0)
      continue;
    uint64_t v = load64(slot);
    if (!found || better(v))
      best = v;
    found = true;
  }
  return bytesOf({best, found ? 1u : 0u});
}

// A tseries bucket's per-CPU slots hold the interval each CPU last wrote
// (0: never); the slots of the latest interval combine as the aggregation says.
std::optional<std::pair<uint64_t, uint64_t>>
combineTimeSeriesSlots(const Type &type, const std::vector<const uint8_t *> &slots) {
  uint64_t latest = 0;
  for (const uint8_t *slot : slots)
    latest = std::max(latest, load64(slot + 16));
  if (latest == 0)
    return std::nullopt;
  bool found = false;
  uint64_t value = 0, meta = 0;
  auto less = [&](uint64_t a, uint64_t b) {
    return type.is_signed ? static_cast<int64_t>(a) < static_cast<int64_t>(b) : a < b;
  };
  for (const uint8_t *slot : slots) {
    if (load64(slot + 16) != latest)
      continue;
    uint64_t v = load64(slot), m = load64(slot + 8);
    switch (type.tseries_agg) {
    case TSeriesAgg::Last: // meta is the update time: the latest write wins
      if (!found || m > meta)
        value = v, meta = m;
      break;
    case TSeriesAgg::Avg: // meta counts the values
      value += v, meta += m;
      break;
    case TSeriesAgg::Sum:
      value += v;
      break;
    case TSeriesAgg::Min:
      value = !found || less(v, value) ? v : value;
      break;
    case TSeriesAgg::Max:
      value = !found || less(value, v) ? v : value;
      break;
    }
    found = true;
  }
  if (type.tseries_agg == TSeriesAgg::Avg && meta != 0)
    value = type.is_signed
                ? static_cast<uint64_t>(static_cast<int64_t>(value) / static_cast<int64_t>(meta))
                : value / meta;
  return std::make_pair(latest, value);
}

std::vector<uint8_t> combineValue(const Type &type, const RawMapLayout &layout,
                                  const std::vector<uint8_t> &value) {
  auto slots = slotsOf(layout, value);
  switch (type.kind) {
  case TypeKind::Count:
  case TypeKind::Sum:
    return bytesOf({sumWord(slots, 0)});
  case TypeKind::Min:
  case TypeKind::Max:
    return combineExtremum(slots, type.kind == TypeKind::Max, type.is_signed);
  case TypeKind::Avg:
  case TypeKind::Stats:
    return bytesOf({sumWord(slots, 0), sumWord(slots, 8)});
  default:
    return {value.begin(), value.begin() + std::min<size_t>(value.size(), layout.value_size)};
  }
}

} // namespace

bool isPerCpuMapType(uint32_t type) {
  return type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_ARRAY ||
         type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

std::vector<MapEntry> combineEntries(const MapInfo &map, const RawMapLayout &layout,
                                     const std::vector<RawMapEntry> &raw) {
  std::map<std::vector<uint8_t>, MapEntry> by_key;
  bool bucketed = map.value.isKeyedByBucket();
  // The bucket index is the key's last 8 bytes, wherever codegen's padding put it.
  size_t user_key_size = bucketed ? layout.key_size - 8 : layout.key_size;
  user_key_size = std::min<size_t>(user_key_size, map.key.size);
  for (const auto &element : raw) {
    if (element.key.size() < layout.key_size || layout.key_size < (bucketed ? 8u : 0u))
      continue;
    std::vector<uint8_t> key(element.key.begin(), element.key.begin() + user_key_size);
    MapEntry &entry = by_key[key];
    entry.key = key;
    if (map.value.kind == TypeKind::TSeries) {
      if (auto interval = combineTimeSeriesSlots(map.value, slotsOf(layout, element.value)))
        entry.series[interval->first] = interval->second;
    } else if (bucketed) {
      uint64_t bucket = load64(element.key.data() + layout.key_size - 8);
      entry.buckets[bucket] += sumWord(slotsOf(layout, element.value), 0);
    } else {
      entry.value = combineValue(map.value, layout, element.value);
    }
  }
  std::vector<MapEntry> entries;
  entries.reserve(by_key.size());
  for (auto &[key, entry] : by_key)
    entries.push_back(std::move(entry));
  return entries;
}

std::optional<std::vector<MapEntry>> readMap(const bpf_map *bpf_map, const MapInfo &map,
                                             std::string &error) {
  RawMapLayout layout{bpf_map__key_size(bpf_map), bpf_map__value_size(bpf_map), 1};
  if (isPerCpuMapType(bpf_map__type(bpf_map))) {
    int cpus = libbpf_num_possible_cpus();
    if (cpus <= 0) {
      error = "cannot count the possible CPUs: " + std::string(std::strerror(-cpus));
      return std::nullopt;
    }
    layout.cpus = static_cast<uint32_t>(cpus);
  }
  size_t value_bytes =
      layout.cpus == 1 ? layout.value_size : (layout.value_size + 7) / 8 * 8 * layout.cpus;
  int fd = bpf_map__fd(bpf_map);
  std::vector<RawMapEntry> raw;
  std::vector<uint8_t> key(layout.key_size), next(layout.key_size);
  int err;
  bool first = true;
  while ((err = bpf_map_get_next_key(fd, first ? nullptr : key.data(), next.data())) == 0) {
    first = false;
    key.swap(next);
    RawMapEntry element{key, std::vector<uint8_t>(value_bytes)};
    if (bpf_map_lookup_elem(fd, key.data(), element.value.data()) == 0)
      raw.push_back(std::move(element));
    else if (errno != ENOENT) {
      error = "cannot read map " + map.name + ": " + std::strerror(errno);
      return std::nullopt;
    }
  }
  if (err != -ENOENT) {
    error = "cannot iterate map " + map.name + ": " + std::strerror(-err);
    return std::nullopt;
  }
  return combineEntries(map, layout, raw);
}

bool readMapKeys(int fd, uint32_t key_size, std::vector<std::vector<uint8_t>> &keys,
                 std::string &error) {
  std::vector<uint8_t> key(key_size), next(key_size);
  bool first = true;
  int err;
  while ((err = bpf_map_get_next_key(fd, first ? nullptr : key.data(), next.data())) == 0) {
    first = false;
    key.swap(next);
    keys.push_back(key);
  }
  if (err == -ENOENT)
    return true;
  error = "cannot iterate the map: " + std::string(std::strerror(-err));
  return false;
}

} // namespace bpfscope
