// Detaching many probes at once.
#pragma once

#include <vector>

struct bpf_link;

namespace bpfscope {

// Destroys every link, several at a time: closing a perf-event tracepoint
// waits inside the kernel (30-120 ms measured, an RCU grace period), and
// concurrent closes wait for overlapping grace periods instead of one each.
void destroyLinksConcurrently(std::vector<bpf_link *> links);

} // namespace bpfscope
