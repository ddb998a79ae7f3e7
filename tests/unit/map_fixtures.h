// A MapInfo as sema would build it, for tests of the code that reads and
// prints maps without a kernel.
#pragma once

#include "sema/program.h"

#include <string>
#include <vector>

namespace bpfscope {

// Keyless maps are keyed by one uint64 zero, as codegen stores them.
inline MapInfo mapOf(const std::string &name, std::vector<Type> keys, Type value) {
  MapInfo m;
  m.name = name;
  m.key_types = keys;
  m.key = keys.empty() ? Type::tuple({Type::integer(8, false)}) : Type::tuple(keys);
  m.value = value;
  return m;
}

} // namespace bpfscope
