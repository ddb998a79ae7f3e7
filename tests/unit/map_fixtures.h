// A MapInfo as sema would build it, for tests of the code that reads and
// prints maps without a kernel.
#pragma once

#include "sema/program.h"

#include <string>
#include <vector>

namespace bpfscope {

// Keys laid out as codegen stores them (sema's storedMapKey).
inline MapInfo mapOf(const std::string &name, std::vector<Type> keys, Type value) {
  MapInfo m;
  m.name = name;
  m.key_types = keys;
  m.key = storedMapKey(keys, value);
  m.value = value;
  return m;
}

} // namespace bpfscope
