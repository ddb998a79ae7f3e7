#include "runtime/feature_report.h"

#include "providers/kernel_btf.h"
#include "providers/kprobe.h"
#include "providers/tracefs.h"
#include "sema/btf_types.h"

#include <bpf/libbpf.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace bpfscope {
namespace {

const char *yesNo(bool yes) {
  return yes ? "yes" : "no";
}

bool exists(const std::string &path) {
  std::error_code error;
  return std::filesystem::exists(path, error);
}

void printSystem(std::ostream &out) {
  utsname system{};
  uname(&system);
  out << "System\n"
      << "  OS: " << system.sysname << " " << system.release << " " << system.version << "\n"
      << "  Arch: " << system.machine << "\n\n";
}

void printBuild(std::ostream &out) {
  out << "Build\n"
      << "  version: v" << BPFSCOPE_VERSION << "\n"
      << "  libbpf: " << libbpf_version_string() << "\n\n";
}

// The helpers behind bpftrace's features, as a kprobe program may call them.
void printHelpers(std::ostream &out) {
  const std::vector<std::pair<const char *, bpf_func_id>> helpers = {
      {"probe_read_user", BPF_FUNC_probe_read_user},
      {"probe_read_user_str", BPF_FUNC_probe_read_user_str},
      {"probe_read_kernel", BPF_FUNC_probe_read_kernel},
      {"probe_read_kernel_str", BPF_FUNC_probe_read_kernel_str},
      {"get_current_cgroup_id", BPF_FUNC_get_current_cgroup_id},
      {"send_signal", BPF_FUNC_send_signal},
      {"override_return", BPF_FUNC_override_return},
      {"get_boot_ns", BPF_FUNC_ktime_get_boot_ns},
      {"get_tai_ns", BPF_FUNC_ktime_get_tai_ns},
      {"get_stack", BPF_FUNC_get_stack},
      {"ringbuf_output", BPF_FUNC_ringbuf_output},
      {"for_each_map_elem", BPF_FUNC_for_each_map_elem},
      {"loop", BPF_FUNC_loop},
      {"map_lookup_percpu_elem", BPF_FUNC_map_lookup_percpu_elem},
  };
  out << "Kernel helpers\n";
  for (const auto &[name, id] : helpers)
    out << "  " << name << ": "
        << yesNo(libbpf_probe_bpf_helper(BPF_PROG_TYPE_KPROBE, id, nullptr) == 1) << "\n";
  out << "\n";
}

void printKernelFeatures(std::ostream &out) {
  out << "Kernel features\n"
      << "  btf: " << yesNo(exists(vmlinuxBtfPath())) << "\n"
      << "  module btf: " << yesNo(KernelBtf::modules().size() > 1) << "\n\n";
}

void printMapTypes(std::ostream &out) {
  const std::vector<std::pair<const char *, bpf_map_type>> maps = {
      {"hash", BPF_MAP_TYPE_HASH},         {"percpu hash", BPF_MAP_TYPE_PERCPU_HASH},
      {"lru hash", BPF_MAP_TYPE_LRU_HASH}, {"lru percpu hash", BPF_MAP_TYPE_LRU_PERCPU_HASH},
      {"array", BPF_MAP_TYPE_ARRAY},       {"percpu array", BPF_MAP_TYPE_PERCPU_ARRAY},
      {"ringbuf", BPF_MAP_TYPE_RINGBUF},
  };
  out << "Map types\n";
  for (const auto &[name, type] : maps)
    out << "  " << name << ": " << yesNo(libbpf_probe_bpf_map_type(type, nullptr) == 1) << "\n";
  out << "\n";
}

// Whether the CPU has a cycle counter this process may open (none in most VMs).
bool countsCycles() {
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_HARDWARE;
  attr.config = PERF_COUNT_HW_CPU_CYCLES;
  attr.disabled = 1;
  long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
  if (fd < 0)
    return false;
  close(static_cast<int>(fd));
  return true;
}

// A probe kind is there when the kernel has its event source and accepts
// its program type. fentry/fexit are left out: only loading a program on a
// function shows whether the kernel allows them.
void printProbeKinds(std::ostream &out) {
  auto accepts = [](bpf_prog_type type) { return libbpf_probe_bpf_prog_type(type, nullptr) == 1; };
  auto tracefs = tracefsRoot(nullptr);
  bool perf_events = accepts(BPF_PROG_TYPE_PERF_EVENT);
  out << "Probe types\n"
      << "  kprobe: " << yesNo(kernelHasKprobes() && accepts(BPF_PROG_TYPE_KPROBE)) << "\n"
      << "  uprobe: "
      << yesNo(exists("/sys/bus/event_source/devices/uprobe/type") && accepts(BPF_PROG_TYPE_KPROBE))
      << "\n"
      << "  tracepoint: "
      << yesNo(tracefs && exists(*tracefs + "/events") && accepts(BPF_PROG_TYPE_TRACEPOINT)) << "\n"
      << "  rawtracepoint: " << yesNo(accepts(BPF_PROG_TYPE_RAW_TRACEPOINT)) << "\n"
      << "  profile: " << yesNo(perf_events) << "\n"
      << "  interval: " << yesNo(perf_events) << "\n"
      << "  software: " << yesNo(perf_events) << "\n"
      << "  hardware: " << yesNo(perf_events && countsCycles()) << "\n";
}

} // namespace

void printFeatureReport(std::ostream &out) {
  printSystem(out);
  printBuild(out);
  printHelpers(out);
  printKernelFeatures(out);
  printMapTypes(out);
  printProbeKinds(out);
}

} // namespace bpfscope
