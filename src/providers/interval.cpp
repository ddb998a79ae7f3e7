// interval:UNIT:N — a timer on one CPU: a CPU-clock software perf event whose
// sample period is the interval. Units: s, ms, us, hz (HEAD also accepts a
// bare count of nanoseconds and a duration literal like 1s; the skeleton
// covers the unit forms).
#include "providers/perf_event.h"
#include "providers/providers.h"

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
    const char *usage = "write interval:s:N, interval:ms:N, interval:us:N or interval:hz:N";
    if (parts.size() != 2) {
      diags.error(ap.span, "interval probe needs a unit and a count", usage);
      return {};
    }
    auto n = parsePositiveCount(parts[1]);
    if (!n) {
      diags.error(ap.span, "interval count '" + parts[1] + "' is not a positive integer", usage);
      return {};
    }
    if (!timerPeriodNs(parts[0], *n)) {
      diags.error(ap.span, "unknown interval unit '" + parts[0] + "'", usage);
      return {};
    }
    return {ProbeTarget{"interval", parts, "interval:" + parts[0] + ":" + parts[1]}};
  }

  std::string sectionName(const ProbeTarget &) const override { return "perf_event"; }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    uint64_t period = *timerPeriodNs(target.parts[0], *parsePositiveCount(target.parts[1]));
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
