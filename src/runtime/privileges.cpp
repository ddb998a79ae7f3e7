#include "runtime/privileges.h"

#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdint>

namespace bpfscope {

namespace {

// Numbers from linux/capability.h; spelled out because older headers lack
// CAP_BPF and CAP_PERFMON (added in 5.8).
constexpr int kCapSysAdmin = 21;
constexpr int kCapPerfmon = 38;
constexpr int kCapBpf = 39;

// The effective capability set as a 64-bit mask; 0 when it cannot be read.
uint64_t effectiveCapabilities() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2] = {};
  if (syscall(SYS_capget, &header, data) != 0)
    return 0;
  return static_cast<uint64_t>(data[0].effective) |
         (static_cast<uint64_t>(data[1].effective) << 32);
}

bool has(uint64_t caps, int cap) {
  return (caps >> cap) & 1;
}

} // namespace

std::vector<std::string> missingTracingCapabilities() {
  uint64_t caps = effectiveCapabilities();
  if (has(caps, kCapSysAdmin))
    return {};
  std::vector<std::string> missing;
  if (!has(caps, kCapBpf))
    missing.push_back("CAP_BPF");
  if (!has(caps, kCapPerfmon))
    missing.push_back("CAP_PERFMON");
  return missing;
}

std::string joinCapabilityNames(const std::vector<std::string> &names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

} // namespace bpfscope
