// Integer macros of the C headers scripts include for their names (bpfscope
// reads no headers; kernel types come from BTF): errno values (EPERM, …),
// signal numbers (SIGKILL, …), address families (AF_INET, …), task states
// (TASK_RUNNING, …) and syscall numbers (__NR_read, …).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace bpfscope {

std::optional<int64_t> headerConstant(const std::string &name);

} // namespace bpfscope
