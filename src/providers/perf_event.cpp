#include "providers/perf_event.h"

#include <bpf/libbpf.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bpfscope {

int firstOnlineCpu() {
  std::vector<int> cpus = onlineCpus();
  return cpus.empty() ? 0 : cpus.front();
}

std::vector<int> onlineCpus() {
  std::ifstream online("/sys/devices/system/cpu/online");
  std::string list;
  std::getline(online, list);
  std::vector<int> cpus;
  std::stringstream ranges(list);
  std::string range;
  while (std::getline(ranges, range, ',')) {
    int first = 0, last = 0;
    char dash = 0;
    std::stringstream parts(range);
    if (!(parts >> first))
      continue;
    last = (parts >> dash >> last) ? last : first;
    for (int cpu = first; cpu <= last; ++cpu)
      cpus.push_back(cpu);
  }
  if (cpus.empty())
    cpus.push_back(0);
  return cpus;
}

namespace {

std::optional<uint64_t> parseDecimal(std::string_view text) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return n;
}

} // namespace

std::optional<uint64_t> parsePositiveCount(const std::string &text) {
  size_t e = text.find_first_of("eE");
  auto n = parseDecimal(std::string_view(text).substr(0, e));
  if (n && e != std::string::npos) {
    auto exponent = parseDecimal(std::string_view(text).substr(e + 1));
    if (!exponent || *exponent > 19)
      return std::nullopt;
    for (uint64_t i = 0; i < *exponent; ++i)
      *n *= 10;
  }
  if (!n || *n == 0)
    return std::nullopt;
  return n;
}

namespace {

std::string openFailure(const perf_event_attr &attr, int err, const std::string &what) {
  if (attr.type == PERF_TYPE_HARDWARE && (err == ENOENT || err == EOPNOTSUPP || err == ENODEV))
    return "this machine has no hardware performance counters (no PMU is exposed to it), so " +
           what + " cannot count";
  return "cannot open a perf event for " + what + ": " + std::strerror(err);
}

// pid -1: every process on `cpu`; cpu -1: process `pid` on every CPU.
AttachOutcome openAndAttach(bpf_program *prog, perf_event_attr attr, int pid, int cpu,
                            const std::string &what) {
  int fd = static_cast<int>(
      syscall(SYS_perf_event_open, &attr, pid, cpu, /*group_fd=*/-1, PERF_FLAG_FD_CLOEXEC));
  if (fd < 0)
    return {nullptr, openFailure(attr, errno, what)};
  bpf_link *link = bpf_program__attach_perf_event(prog, fd);
  if (!link) {
    int err = errno;
    close(fd);
    return {nullptr,
            "cannot attach the program to the perf event for " + what + ": " + std::strerror(err)};
  }
  return {link, {}};
}

} // namespace

AttachOutcome attachPerfEvent(bpf_program *prog, perf_event_attr attr, int cpu,
                              const std::string &what) {
  return openAndAttach(prog, attr, -1, cpu, what);
}

AttachOutcome attachPerfEventToProcess(bpf_program *prog, const perf_event_attr &attr, int pid,
                                       const std::string &what) {
  return openAndAttach(prog, attr, pid, -1, what);
}

AttachOutcome attachPerfEventOnEveryCpu(bpf_program *prog, const perf_event_attr &attr,
                                        const std::string &what) {
  std::vector<bpf_link *> links;
  for (int cpu : onlineCpus()) {
    AttachOutcome one = attachPerfEvent(prog, attr, cpu, what);
    if (!one.attached()) {
      for (bpf_link *link : links)
        bpf_link__destroy(link);
      return one;
    }
    links.push_back(one.links.front());
  }
  return AttachOutcome(std::move(links));
}

} // namespace bpfscope
