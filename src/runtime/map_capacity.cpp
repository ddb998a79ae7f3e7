#include "runtime/map_capacity.h"

#include "runtime/map_reader.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <cstdint>
#include <string>

namespace bpfscope {

namespace {

bool refusesNewKeysWhenFull(uint32_t map_type) {
  return map_type == BPF_MAP_TYPE_HASH || map_type == BPF_MAP_TYPE_PERCPU_HASH;
}

std::string howToRaise(const MapInfo &info) {
  std::string bigger = std::to_string(static_cast<uint64_t>(info.max_entries) * 4);
  if (info.bpf_map_type != 0)
    return "declare it larger (e.g. let " + info.name + " = hash(" + bigger +
           ");), or delete() keys that are no longer needed";
  return "raise the limit with config = { max_map_keys = " + bigger +
         " } (or BPFTRACE_MAX_MAP_KEYS=" + bigger + "), or delete() keys that are no longer needed";
}

} // namespace

void warnAboutFullMaps(const bpf_object *object, const std::vector<MapInfo> &maps,
                       Diagnostics &diags) {
  for (const MapInfo &info : maps) {
    const bpf_map *map = bpf_object__find_map_by_name(object, info.objectName().c_str());
    if (!map || !refusesNewKeysWhenFull(bpf_map__type(map)))
      continue;
    // A hash map never holds more than max_entries keys: reading them all is bounded.
    uint32_t limit = bpf_map__max_entries(map);
    std::vector<std::vector<uint8_t>> keys;
    std::string error;
    if (!readMapKeys(bpf_map__fd(map), bpf_map__key_size(map), keys, error) || keys.size() < limit)
      continue;
    diags.warning("map " + info.name + " is full (" + std::to_string(limit) +
                      " keys): from then on, updates that needed a new key were dropped, so its "
                      "contents may be incomplete",
                  howToRaise(info));
  }
}

} // namespace bpfscope
