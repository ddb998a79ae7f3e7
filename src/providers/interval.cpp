// interval:UNIT:N, interval:N[UNIT] (i:) — a timer on one CPU: a CPU-clock
// software perf event whose sample period is the interval (timer_spec.h has
// the spellings).
#include "providers/perf_event.h"
#include "providers/providers.h"
#include "providers/timer_spec.h"

#include <bpf/libbpf.h>
#include <linux/perf_event.h>

namespace bpfscope {
namespace {

class IntervalProvider : public Provider {
public:
  std::string_view name() const override { return "interval"; }
  bool filtersByPid() const override { return false; }
  std::vector<std::string_view> aliases() const override { return {"i"}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    std::string error;
    if (!parseTimerSpec(parts, "interval", &error)) {
      diags.error(ap.span, error,
                  "write interval:UNIT:N (UNIT is s, ms, us, ns or hz), interval:N[UNIT] as in "
                  "interval:1s, or interval:N for N nanoseconds");
      return {};
    }
    return {ProbeTarget{"interval", parts, "interval:" + joinParts(parts)}};
  }

  std::string sectionName(const ProbeTarget &) const override { return "perf_event"; }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    uint64_t period = parseTimerSpec(target.parts, std::string(name()), nullptr)->periodNs();
    perf_event_attr attr{};
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof(attr);
    attr.config = PERF_COUNT_SW_CPU_CLOCK;
    attr.sample_period = period;
    // One timer in the whole system: bind it to the first online CPU.
    return attachPerfEvent(prog, attr, firstOnlineCpu(), target.canonical);
  }

  void list(std::string_view, std::ostream &) const override {}
};

} // namespace

const Provider &intervalProvider() {
  static const IntervalProvider provider;
  return provider;
}

} // namespace bpfscope
