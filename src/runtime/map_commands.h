// What user space does to a whole map: print it (print(@m, top, div) and at
// exit), clear it (clear(@m)) and zero it (zero(@m)). bpftrace does these in
// user space too, when the event loop reaches the request.
#pragma once

#include "runtime/output.h"
#include "sema/program.h"

#include <cstdint>
#include <string>

struct bpf_object;

namespace bpfscope {

// Prints the map when it has entries. A map codegen emitted no BPF map for
// has never been stored to and prints nothing. False with `error` on failure.
bool printMapOf(bpf_object *object, const MapInfo &map, Output &out, uint64_t top, uint64_t div,
                std::string &error);

// Deletes every element; zeroes a map without keys (bpftrace prints `@m: 0` after clear(@m)).
bool clearMapOf(bpf_object *object, const MapInfo &map, std::string &error);

// Sets every element's value (every CPU's, every bucket's) to zero.
bool zeroMapOf(bpf_object *object, const MapInfo &map, std::string &error);

} // namespace bpfscope
