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
    // Task states, from the kernel's <linux/sched.h> (stable since Linux 5.14):
    // tools compare args.prev_state of sched_switch with them.
    t.insert({{"TASK_RUNNING", 0x0},
              {"TASK_INTERRUPTIBLE", 0x1},
              {"TASK_UNINTERRUPTIBLE", 0x2},
              {"__TASK_STOPPED", 0x4},
              {"__TASK_TRACED", 0x8},
              {"EXIT_DEAD", 0x10},
              {"EXIT_ZOMBIE", 0x20},
              {"TASK_PARKED", 0x40},
              {"TASK_DEAD", 0x80},
              {"TASK_WAKEKILL", 0x100},
              {"TASK_WAKING", 0x200},
              {"TASK_NOLOAD", 0x400},
              {"TASK_NEW", 0x800},
              {"TASK_KILLABLE", 0x102},
              {"TASK_STOPPED", 0x104},
              {"TASK_TRACED", 0x8},
              {"TASK_IDLE", 0x402}});
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
