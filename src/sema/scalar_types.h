// The scalar type names a script may write in casts and `let` declarations.
#pragma once

#include "sema/types.h"

#include <optional>
#include <string_view>

namespace bpfscope {

// int8…int64, uint8…uint64, bool and string (of `max_strlen` bytes).
std::optional<Type> scalarTypeNamed(std::string_view name, uint32_t max_strlen);
// The N of a `string[N]` type name (N > 0); nullopt for any other name.
std::optional<uint32_t> stringCastSize(std::string_view name);

// C's integer names ("unsigned long", "char") and the kernel's fixed-width
// ones ("u32", "s64", "pid_t", "size_t", …), without qualifiers.
std::optional<Type> cIntegerTypeNamed(std::string_view name);

} // namespace bpfscope
