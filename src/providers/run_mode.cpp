// bench:NAME and test:NAME — programs bpfscope runs itself (BPF_PROG_TEST_RUN,
// like BEGIN) in a mode of its own: `--bench` times each bench probe, `--test`
// runs each test probe once and judges it; without its flag a probe of either
// kind is compiled and checked but never run.
#include "providers/providers.h"

namespace bpfscope {
namespace {

class RunModeProvider : public Provider {
public:
  RunModeProvider(std::string_view name, Trigger trigger, std::string_view flag)
      : name_(name), trigger_(trigger), flag_(flag) {}

  std::string_view name() const override { return name_; }
  Trigger trigger() const override { return trigger_; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    std::string kind(name_);
    if (parts.size() != 1 || parts[0].empty()) {
      diags.error(ap.span, kind + " probes take one name", "write " + kind + ":NAME { … }");
      return {};
    }
    if (parts[0].find_first_of("*?[") != std::string::npos) {
      diags.error(ap.span, kind + " probe names are not patterns: '" + parts[0] + "'",
                  "name the " + kind + " with letters, digits and '_'");
      return {};
    }
    return {ProbeTarget{kind, parts, kind + ":" + parts[0]}};
  }

  std::string sectionName(const ProbeTarget &) const override { return "raw_tp"; }

  AttachOutcome attach(bpf_program *, const ProbeTarget &) const override {
    return {nullptr,
            std::string(name_) + " probes are run with " + std::string(flag_) + ", not attached"};
  }

  // Like BEGIN and END, these are no hook points of the system: -l lists none.
  void list(std::string_view, std::ostream &) const override {}

private:
  std::string_view name_;
  Trigger trigger_;
  std::string_view flag_;
};

} // namespace

const Provider &benchProvider() {
  static const RunModeProvider provider("bench", Trigger::Bench, "--bench");
  return provider;
}

const Provider &testProvider() {
  static const RunModeProvider provider("test", Trigger::Test, "--test");
  return provider;
}

} // namespace bpfscope
