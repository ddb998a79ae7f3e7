#include "sema/program.h"

#include <algorithm>
#include <cstring>
#include <set>
#include <utility>

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

size_t CheckedProgram::targetCount() const {
  std::set<std::pair<const ast::Probe *, std::string>> probes;
  for (const auto &unit : units)
    for (const auto &target : unit.targets)
      probes.emplace(unit.probe, target.canonical);
  return probes.size();
}

uint32_t TargetNameTable::probeWidth() const {
  size_t longest = 0;
  for (const auto &row : rows)
    longest = std::max(longest, row.probe.size());
  return static_cast<uint32_t>(longest + 1);
}

uint32_t TargetNameTable::funcWidth() const {
  size_t longest = 0;
  for (const auto &row : rows)
    longest = std::max(longest, row.func.size());
  return static_cast<uint32_t>(longest + 1);
}

std::vector<uint8_t> TargetNameTable::rowBytes(size_t i) const {
  std::vector<uint8_t> bytes(rowSize(), 0);
  std::memcpy(bytes.data(), rows[i].probe.data(), rows[i].probe.size());
  std::memcpy(bytes.data() + probeWidth(), rows[i].func.data(), rows[i].func.size());
  return bytes;
}

} // namespace bpfscope
