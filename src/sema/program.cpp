#include "sema/program.h"

namespace bpfscope {

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
