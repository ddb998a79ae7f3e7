// The type of a conditional (`c ? a : b`, `if c { a } else { b }`) whose
// branches are values of one kind but of different sizes.
#pragma once

#include "sema/types.h"

#include <optional>

namespace bpfscope {

// As bpftrace takes it: strings and buffers the larger of the two, tuples
// and records element by element (tuple_types.h); any other pair only when
// equal. nullopt when the two do not meet. Integer branches are promoted by
// the caller, not here.
std::optional<Type> largerBranchType(const Type &a, const Type &b);

} // namespace bpfscope
