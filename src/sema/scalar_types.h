// The scalar type names a script may write in casts and `let` declarations.
#pragma once

#include "sema/types.h"

#include <optional>
#include <string_view>

namespace bpfscope {

// int8…int64, uint8…uint64, bool and string (of `max_strlen` bytes).
std::optional<Type> scalarTypeNamed(std::string_view name, uint32_t max_strlen);

} // namespace bpfscope
