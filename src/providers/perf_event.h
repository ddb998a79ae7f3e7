// Shared by the perf-event based providers (interval, and later profile,
// software, hardware): open a perf event and attach a BPF program to it.
#pragma once

#include "providers/provider.h"

#include <linux/perf_event.h>

namespace bpfscope {

int firstOnlineCpu();

// Opens `attr` on `cpu` for all processes and attaches `prog`; the link owns
// the perf event fd.
AttachOutcome attachPerfEvent(bpf_program *prog, perf_event_attr attr, int cpu,
                              const std::string &what);

} // namespace bpfscope
