// The builtin variables (pid, comm, nsecs, …) and their types.
#pragma once

#include "sema/types.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// The type of a builtin that reads a plain value; nullopt for unknown names
// and for `args`, which only exists as the base of a field access.
std::optional<Type> builtinType(std::string_view name);

// Every builtin name, for "did you mean" suggestions.
const std::vector<std::string> &builtinNames();

} // namespace bpfscope
