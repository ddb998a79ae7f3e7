#include "providers/perf_event.h"

#include <bpf/libbpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace bpfscope {

int firstOnlineCpu() {
  // /sys/devices/system/cpu/online looks like "0-1" or "0,2-3".
  std::ifstream online("/sys/devices/system/cpu/online");
  int cpu = 0;
  if (online >> cpu)
    return cpu;
  return 0;
}

AttachOutcome attachPerfEvent(bpf_program *prog, perf_event_attr attr, int cpu,
                              const std::string &what) {
  int fd = static_cast<int>(
      syscall(SYS_perf_event_open, &attr, /*pid=*/-1, cpu, /*group_fd=*/-1, PERF_FLAG_FD_CLOEXEC));
  if (fd < 0)
    return {nullptr, "cannot open a perf event for " + what + ": " + std::strerror(errno)};
  bpf_link *link = bpf_program__attach_perf_event(prog, fd);
  if (!link) {
    int err = errno;
    close(fd);
    return {nullptr,
            "cannot attach the program to the perf event for " + what + ": " + std::strerror(err)};
  }
  return {link, {}};
}

} // namespace bpfscope
