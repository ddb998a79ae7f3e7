#include "sema/builtins.h"

#include <map>

namespace bpfscope {

static const std::map<std::string, Type, std::less<>> &builtinTable() {
  static const std::map<std::string, Type, std::less<>> table = {
      {"pid", Type::integer(4, false)},     {"tid", Type::integer(4, false)},
      {"uid", Type::integer(8, false)},     {"gid", Type::integer(8, false)},
      {"comm", Type::string(16)},           {"nsecs", Type::integer(8, false)},
      {"elapsed", Type::integer(8, false)}, {"cpu", Type::integer(4, false)},
      {"cgroup", Type::integer(8, false)},  {"rand", Type::integer(4, false)},
      {"cpid", Type::integer(4, false)},    {"ncpus", Type::integer(8, false)},
      {"numaid", Type::integer(4, false)},  {"jiffies", Type::integer(8, false)},
      {"has_cpid", Type::boolean()},        {"username", Type::userName()},
  };
  return table;
}

std::optional<Type> builtinType(std::string_view name) {
  auto it = builtinTable().find(name);
  if (it == builtinTable().end())
    return std::nullopt;
  return it->second;
}

const std::vector<std::string> &builtinNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto &[name, type] : builtinTable())
      v.push_back(name);
    v.push_back("args");
    v.push_back("ctx");
    v.push_back("probe");
    v.push_back("probetype");
    v.push_back("func");
    v.push_back("retval");
    v.push_back("arg0");
    v.push_back("kstack");
    v.push_back("ustack");
    for (const char *name :
         {"curtask", "ppid", "pcomm", "leader_tid", "leader_comm", "ctx", "usermode"})
      v.push_back(name);
    return v;
  }();
  return names;
}

} // namespace bpfscope
