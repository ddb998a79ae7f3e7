#include "runtime/helper_versions.h"

#include <linux/bpf.h>

#include <array>
#include <regex>

namespace bpfscope {
namespace {

struct KnownHelper {
  int id;
  HelperOrigin origin;
};

// Only helpers newer than the oldest kernel with BTF (5.2) matter here.
constexpr std::array kKnownHelpers{
    KnownHelper{BPF_FUNC_send_signal, {"bpf_send_signal", "signal()", "5.3"}},
    KnownHelper{BPF_FUNC_send_signal_thread, {"bpf_send_signal_thread", "signal_thread()", "5.5"}},
    KnownHelper{BPF_FUNC_probe_read_kernel,
                {"bpf_probe_read_kernel", "reading kernel memory (str(), fields, *p)", "5.5"}},
    KnownHelper{BPF_FUNC_probe_read_kernel_str,
                {"bpf_probe_read_kernel_str", "str() of a kernel string", "5.5"}},
    KnownHelper{BPF_FUNC_probe_read_user,
                {"bpf_probe_read_user", "reading user memory (uptr(), user pointers)", "5.5"}},
    KnownHelper{BPF_FUNC_probe_read_user_str,
                {"bpf_probe_read_user_str", "str() of a user string", "5.5"}},
    KnownHelper{BPF_FUNC_jiffies64, {"bpf_jiffies64", "jiffies", "5.5"}},
    KnownHelper{BPF_FUNC_get_ns_current_pid_tgid,
                {"bpf_get_ns_current_pid_tgid", "pid and tid inside a PID namespace", "5.7"}},
    KnownHelper{BPF_FUNC_ringbuf_output,
                {"bpf_ringbuf_output", "printf() and the other output functions", "5.8"}},
    KnownHelper{BPF_FUNC_ringbuf_query,
                {"bpf_ringbuf_query", "printf() and the other output functions", "5.8"}},
    KnownHelper{BPF_FUNC_ktime_get_boot_ns, {"bpf_ktime_get_boot_ns", "nsecs and elapsed", "5.8"}},
    KnownHelper{BPF_FUNC_for_each_map_elem,
                {"bpf_for_each_map_elem", "for loops over maps and len()", "5.13"}},
    KnownHelper{BPF_FUNC_loop, {"bpf_loop", "globmatch()", "5.17"}},
    KnownHelper{BPF_FUNC_map_lookup_percpu_elem,
                {"bpf_map_lookup_percpu_elem",
                 "reading a count(), sum(), min(), max() or avg() map inside a probe", "5.19"}},
    KnownHelper{BPF_FUNC_ktime_get_tai_ns, {"bpf_ktime_get_tai_ns", "nsecs(tai)", "6.1"}},
};

} // namespace

std::optional<HelperOrigin> helperOrigin(int helper_id) {
  for (const KnownHelper &helper : kKnownHelpers)
    if (helper.id == helper_id)
      return helper.origin;
  return std::nullopt;
}

std::string explainMissingHelper(const std::string &verifier_message) {
  static const std::regex pattern(R"(invalid func unknown#(\d+))");
  std::smatch m;
  if (!std::regex_search(verifier_message, m, pattern) || m[1].length() > 9)
    return {};
  std::optional<HelperOrigin> origin = helperOrigin(std::stoi(m[1].str()));
  if (!origin)
    return {};
  return "this kernel is too old for " + std::string(origin->feature) + ": it needs Linux " +
         origin->release + " or newer (the BPF helper " + origin->name + ")";
}

} // namespace bpfscope
