// Signal names as signal() accepts them: "KILL", "SIGKILL" (case-sensitive,
// like kill(1)'s list), mapped to this machine's numbers.
#pragma once

#include <string_view>

namespace bpfscope {

// The signal's number, or 0 when the name is unknown.
int signalNumber(std::string_view name);

} // namespace bpfscope
