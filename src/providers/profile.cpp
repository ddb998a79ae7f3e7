// profile:hz:N, profile:s|ms|us:N (alias p:) — a sampling timer on every
// online CPU: a CPU-clock software perf event per CPU. hz asks the kernel for
// N samples a second (perf's frequency mode); the other units fix the period.
#include "providers/perf_event.h"
#include "providers/providers.h"

namespace bpfscope {
namespace {

class ProfileProvider : public Provider {
public:
  std::string_view name() const override { return "profile"; }
  std::vector<std::string_view> aliases() const override { return {"p"}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    const char *usage = "write profile:hz:N, profile:s:N, profile:ms:N or profile:us:N";
    if (parts.size() != 2) {
      diags.error(ap.span, "profile probe needs a unit and a count", usage);
      return {};
    }
    auto n = parsePositiveCount(parts[1]);
    if (!n) {
      diags.error(ap.span, "profile count '" + parts[1] + "' is not a positive integer", usage);
      return {};
    }
    if (!timerPeriodNs(parts[0], *n)) {
      diags.error(ap.span, "unknown profile unit '" + parts[0] + "'", usage);
      return {};
    }
    return {ProbeTarget{"profile", parts, "profile:" + parts[0] + ":" + parts[1]}};
  }

  std::string sectionName(const ProbeTarget &) const override { return "perf_event"; }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    return attachPerfEventOnEveryCpu(prog, attributes(target), target.canonical);
  }

  // -p PID: sample that process only, like bpftrace.
  AttachOutcome attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                int pid) const override {
    return attachPerfEventToProcess(prog, attributes(target), pid, target.canonical);
  }
  bool filtersByPid() const override { return false; }

  // Like bpftrace: timers have no fixed set of attach points to list.
  void list(std::string_view, std::ostream &) const override {}

private:
  static perf_event_attr attributes(const ProbeTarget &target) {
    uint64_t n = *parsePositiveCount(target.parts[1]);
    perf_event_attr attr{};
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof(attr);
    attr.config = PERF_COUNT_SW_CPU_CLOCK;
    if (target.parts[0] == "hz") {
      attr.freq = 1;
      attr.sample_freq = n;
    } else {
      attr.sample_period = *timerPeriodNs(target.parts[0], n);
    }
    return attr;
  }
};

} // namespace

const Provider &profileProvider() {
  static const ProfileProvider provider;
  return provider;
}

} // namespace bpfscope
