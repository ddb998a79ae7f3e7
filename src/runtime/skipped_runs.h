// Probe firings the kernel skipped without running the program: a BPF
// program does not run while another one is running on the same CPU (the
// kernel's recursion guard, counted as the program's recursion_misses).
// Such events are lost before any ring buffer sees them, so they are
// reported beside the ring buffer's losses.
#pragma once

#include <cstdint>

struct bpf_object;

namespace bpfscope {

// Summed over every program of `object`; 0 when the kernel does not count them.
uint64_t skippedProbeRuns(bpf_object *object);

} // namespace bpfscope
