// The PID namespace bpfscope runs in. Inside one of its own (a container,
// `unshare --pid`), bpftrace's `pid` and `tid` are the ids that namespace
// gives, so the programs must be told which namespace that is.
#pragma once

#include "sema/program.h"

#include <optional>
#include <string>

namespace bpfscope {

// bpfscope's PID namespace from `ns_link` (/proc/self/ns/pid); nullopt in the
// initial namespace, or when the link cannot be read (no namespaces).
std::optional<PidNamespace> ownPidNamespace(const std::string &ns_link = "/proc/self/ns/pid");

} // namespace bpfscope
