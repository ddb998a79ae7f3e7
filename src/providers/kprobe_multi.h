// kprobe_multi links (Linux 5.18+, built on fprobe): one link attaches one
// program to many kernel functions at once, each with its own BPF cookie,
// instead of one perf-event kprobe per function. Programs attached this way
// are loaded with their own attach type (section kprobe.multi /
// kretprobe.multi), so the choice is made before loading.
#pragma once

#include "providers/provider.h"

#include <string>
#include <vector>

namespace bpfscope {

// Whether this kernel creates kprobe_multi links, probed once by attaching
// an empty program to `function` (any function kprobes can probe).
bool kernelHasKprobeMulti(const std::string &function);

// Attaches `prog` (loaded as kprobe.multi or kretprobe.multi) to the
// functions of `targets` ({MODULE, FUNC, OFFSET} kprobe targets) through one
// link, targets[i] with cookie first_cookie + i.
AttachOutcome attachKprobeMulti(bpf_program *prog, const std::vector<ProbeTarget> &targets,
                                uint64_t first_cookie, bool retprobe);

} // namespace bpfscope
