#include "runtime/map_commands.h"

#include "runtime/map_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace bpfscope {
namespace {

// The bytes one bpf_map_update_elem() value takes: one 8-byte-aligned slot per
// possible CPU for per-CPU maps.
size_t valueBytes(const bpf_map *map) {
  uint32_t size = bpf_map__value_size(map);
  bool per_cpu = isPerCpuMapType(bpf_map__type(map));
  int cpus = libbpf_num_possible_cpus();
  return per_cpu && cpus > 0 ? (size + 7) / 8 * 8 * static_cast<size_t>(cpus) : size;
}

const bpf_map *findMap(bpf_object *object, const MapInfo &map) {
  return bpf_object__find_map_by_name(object, map.objectName().c_str());
}

// Applies `change` to every key; false with `error` when one fails.
template <typename Change>
bool changeEveryKey(const bpf_map *map, const MapInfo &info, const char *what, Change change,
                    std::string &error) {
  int fd = bpf_map__fd(map);
  std::vector<std::vector<uint8_t>> keys;
  if (!readMapKeys(fd, bpf_map__key_size(map), keys, error)) {
    error = "cannot " + std::string(what) + " " + info.name + ": " + error;
    return false;
  }
  for (const auto &key : keys)
    if (change(fd, key.data()) != 0 && errno != ENOENT) {
      error = "cannot " + std::string(what) + " " + info.name + ": " + std::strerror(errno);
      return false;
    }
  return true;
}

} // namespace

bool printMapOf(bpf_object *object, const MapInfo &map, Output &out, uint64_t top, uint64_t div,
                std::string &error) {
  const bpf_map *bpf_map = findMap(object, map);
  if (!bpf_map)
    return true;
  auto entries = readMap(bpf_map, map, error);
  if (!entries)
    return false;
  if (!entries->empty())
    out.map(map, std::move(*entries), top, div);
  return true;
}

bool clearMapOf(bpf_object *object, const MapInfo &map, std::string &error) {
  const bpf_map *bpf_map = findMap(object, map);
  if (!bpf_map)
    return true;
  // An aggregation without keys keeps its one element, zeroed, and goes on
  // printing `@m: 0` as bpftrace's does (hist/lhist elements are buckets:
  // deleted); a plain value is deleted, so `clear(@m)` in END hides it.
  if (map.key_types.empty() && map.value.isAggregate() && !map.value.isKeyedByBucket())
    return zeroMapOf(object, map, error);
  return changeEveryKey(
      bpf_map, map, "clear",
      [](int fd, const uint8_t *key) { return bpf_map_delete_elem(fd, key); }, error);
}

bool zeroMapOf(bpf_object *object, const MapInfo &map, std::string &error) {
  const bpf_map *bpf_map = findMap(object, map);
  if (!bpf_map)
    return true;
  std::vector<uint8_t> zeros(valueBytes(bpf_map));
  return changeEveryKey(
      bpf_map, map, "zero",
      [&](int fd, const uint8_t *key) {
        return bpf_map_update_elem(fd, key, zeros.data(), BPF_EXIST);
      },
      error);
}

} // namespace bpfscope
