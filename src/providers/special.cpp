// BEGIN and END: programs that run once, at start (after every probe is
// attached) and at exit, through BPF_PROG_TEST_RUN on a raw-tracepoint
// program. No perf event or kernel hook is involved.
#include "providers/providers.h"

namespace bpfscope {
namespace {

class SpecialProvider : public Provider {
public:
  SpecialProvider(std::string_view name, Trigger trigger) : name_(name), trigger_(trigger) {}

  std::string_view name() const override { return name_; }
  Trigger trigger() const override { return trigger_; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    if (!parts.empty()) {
      diags.error(ap.span, std::string(name_) + " takes no arguments",
                  "write '" + std::string(name_) + " { … }'");
      return {};
    }
    // `probe` reads as written: the newest bpftrace's `begin`, or `BEGIN`.
    return {ProbeTarget{std::string(name_), {}, ap.text}};
  }

  std::string sectionName(const ProbeTarget &) const override { return "raw_tp"; }

  AttachOutcome attach(bpf_program *, const ProbeTarget &) const override {
    return {nullptr, std::string(name_) + " probes are run, not attached"};
  }

  // Like bpftrace, -l lists hook points only; BEGIN and END are always there.
  void list(std::string_view, std::ostream &) const override {}

private:
  std::string_view name_;
  Trigger trigger_;
};

} // namespace

const Provider &beginProvider() {
  static const SpecialProvider provider("BEGIN", Trigger::RunAtStart);
  return provider;
}

const Provider &endProvider() {
  static const SpecialProvider provider("END", Trigger::RunAtEnd);
  return provider;
}

} // namespace bpfscope
