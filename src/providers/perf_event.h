// Shared by the perf-event based providers (interval, profile, software,
// hardware): parse their counts and periods, open a perf event and attach a
// BPF program to it.
#pragma once

#include "providers/provider.h"

#include <linux/perf_event.h>

namespace bpfscope {

int firstOnlineCpu();
// Every online CPU, from /sys/devices/system/cpu/online ("0-3,6").
std::vector<int> onlineCpus();

// A positive count, decimal or in scientific notation ("1e6"); nullopt for
// anything else (0, signs, suffixes).
std::optional<uint64_t> parsePositiveCount(const std::string &text);

// Opens `attr` on `cpu` for all processes and attaches `prog`; the link owns
// the perf event fd.
AttachOutcome attachPerfEvent(bpf_program *prog, perf_event_attr attr, int cpu,
                              const std::string &what);

// Opens `attr` for one process (on whichever CPU it runs) and attaches `prog`.
AttachOutcome attachPerfEventToProcess(bpf_program *prog, const perf_event_attr &attr, int pid,
                                       const std::string &what);

// The same on every online CPU: one link per CPU, or none and the first error.
AttachOutcome attachPerfEventOnEveryCpu(bpf_program *prog, const perf_event_attr &attr,
                                        const std::string &what);

} // namespace bpfscope
