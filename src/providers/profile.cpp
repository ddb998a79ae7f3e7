// profile:hz:N, profile:s|ms|us|ns:N, profile:N[UNIT] (alias p:) — a
// sampling timer on every online CPU: a CPU-clock software perf event per CPU.
// hz asks the kernel for N samples a second (perf's frequency mode); the other
// units fix the period (timer_spec.h has the spellings).
#include "providers/perf_event.h"
#include "providers/providers.h"
#include "providers/timer_spec.h"

namespace bpfscope {
namespace {

class ProfileProvider : public Provider {
public:
  std::string_view name() const override { return "profile"; }
  std::vector<std::string_view> aliases() const override { return {"p"}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    std::string error;
    if (!parseTimerSpec(parts, "profile", &error)) {
      diags.error(ap.span, error,
                  "write profile:hz:N, profile:UNIT:N (UNIT is s, ms, us or ns), profile:N[UNIT] "
                  "as in profile:99hz, or profile:N for N nanoseconds");
      return {};
    }
    return {ProbeTarget{"profile", parts, "profile:" + joinParts(parts)}};
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
    TimerSpec spec = *parseTimerSpec(target.parts, "profile", nullptr);
    perf_event_attr attr{};
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof(attr);
    attr.config = PERF_COUNT_SW_CPU_CLOCK;
    if (spec.isFrequency()) {
      attr.freq = 1;
      attr.sample_freq = spec.count;
    } else {
      attr.sample_period = spec.periodNs();
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
