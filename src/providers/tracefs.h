// Where tracefs is, mounting it when a fresh machine has not.
#pragma once

#include <optional>
#include <string>

namespace bpfscope {

// The tracefs mount point ("/sys/kernel/tracing"). Mounts tracefs there when
// nothing is mounted yet. On failure returns nullopt and sets `error` to a
// message that says how to fix it.
std::optional<std::string> tracefsRoot(std::string *error);

} // namespace bpfscope
