// Whether this process may load and attach BPF programs. Checked before any
// work that needs the kernel, so an unprivileged user hears which
// capabilities are missing instead of a bare EPERM from the first bpf() call.
#pragma once

#include <string>
#include <vector>

namespace bpfscope {

// The capability names (e.g. "CAP_BPF") this process lacks for loading and
// attaching tracing programs; empty when it has them. CAP_SYS_ADMIN alone is
// enough, as on kernels before 5.8; otherwise CAP_BPF and CAP_PERFMON are
// both needed.
std::vector<std::string> missingTracingCapabilities();

// "CAP_BPF and CAP_PERFMON" style: the names joined for a sentence.
std::string joinCapabilityNames(const std::vector<std::string> &names);

} // namespace bpfscope
