// Maps that filled up. A hash map holding max_entries keys refuses every
// update that needs a new key, and the BPF program cannot tell the user; so
// when the run ends the runtime counts each map's keys and warns about the
// full ones, naming the map and how to raise its limit.
#pragma once

#include "parser/diagnostics.h"
#include "sema/program.h"

#include <vector>

struct bpf_object;

namespace bpfscope {

// Adds one warning to `diags` for each of `maps` (in `object`) that is full.
// LRU maps are skipped: they evict old keys instead of refusing new ones.
void warnAboutFullMaps(const bpf_object *object, const std::vector<MapInfo> &maps,
                       Diagnostics &diags);

} // namespace bpfscope
