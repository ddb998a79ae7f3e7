#include "sema/program.h"

namespace bpfscope {

Type storedMapKey(const std::vector<Type> &key_types, const Type &value) {
  if (!key_types.empty())
    return Type::tuple(key_types);
  if (value.isKeyedByBucket())
    return Type::tuple({});
  return Type::tuple({Type::integer(8, false)});
}

std::string MapInfo::objectName() const {
  return "AT_" + name.substr(1);
}

const MapInfo *CheckedProgram::findMap(const std::string &name) const {
  for (const auto &m : maps)
    if (m.name == name)
      return &m;
  return nullptr;
}

} // namespace bpfscope
