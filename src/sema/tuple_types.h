// How two tuple types meet: in a variable or map assigned both, in a map key
// given both, and as the branches of one conditional. Tuples lay their
// elements out with each one's own size (an int8 takes one byte), so a
// narrower tuple stored where a wider one lives is converted element by
// element (codegen's storeTupleElements).
#pragma once

#include "sema/types.h"

#include <optional>

namespace bpfscope {

// The tuple (or record) type that holds every value of `known` and of
// `value`, as the newest bpftrace unifies them, element by element: integers
// in the smallest type that holds both (typeHoldingBoth, an element marked
// sign_flexible counting as unsigned next to an unsigned one), strings and
// buffers the larger, nested tuples and records the same way; other elements
// must be equal. Records match their fields by name, in any order, and the
// result keeps the order of `known`. nullopt when the two do not meet:
// another number of elements or other names, elements of different kinds,
// or integers no type holds (a uint64 and a signed one).
std::optional<Type> tupleHoldingBoth(const Type &known, const Type &value);

} // namespace bpfscope
