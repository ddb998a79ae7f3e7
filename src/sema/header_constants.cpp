#include "sema/header_constants.h"

#include "sema/name_tables.h"

#include <map>
#include <string.h>

namespace bpfscope {
namespace {

const std::map<std::string, int64_t> &constants() {
  static const std::map<std::string, int64_t> table = [] {
    // Linux's values, from <sys/socket.h>.
    std::map<std::string, int64_t> t = {{"AF_UNSPEC", 0},  {"AF_UNIX", 1},       {"AF_LOCAL", 1},
                                        {"AF_INET", 2},    {"AF_INET6", 10},     {"AF_NETLINK", 16},
                                        {"AF_PACKET", 17}, {"AF_BLUETOOTH", 31}, {"AF_VSOCK", 40},
                                        {"AF_XDP", 44}};
    for (int e = 1; e < 134; ++e)
      if (const char *name = strerrorname_np(e))
        t.emplace(name, e);
    for (int sig = 1; sig < 32; ++sig)
      if (const char *abbrev = sigabbrev_np(sig))
        t.emplace(std::string("SIG") + abbrev, sig);
    return t;
  }();
  return table;
}

} // namespace

std::optional<int64_t> headerConstant(const std::string &name) {
  auto it = constants().find(name);
  if (it == constants().end())
    return syscallNumber(name);
  return it->second;
}

} // namespace bpfscope
