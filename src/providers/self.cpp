// self:signal:SIGUSR1 — a program bpfscope runs (BPF_PROG_TEST_RUN, like
// BEGIN) each time bpfscope itself receives that signal. The kernel is not
// involved beyond running the program; the session counts the signals and
// runs the probes from its event loop.
#include "providers/self.h"

#include "parser/suggest.h"
#include "providers/providers.h"

#include <fnmatch.h>
#include <signal.h>

namespace bpfscope {
namespace {

// The signals bpftrace lets a script handle; the others keep their meaning
// (SIGINT and SIGTERM end the run).
struct SelfSignal {
  std::string_view name;
  int number;
};
constexpr SelfSignal kSelfSignals[] = {{"SIGUSR1", SIGUSR1}};

const SelfSignal *findSelfSignal(std::string_view name) {
  for (const auto &signal : kSelfSignals)
    if (signal.name == name)
      return &signal;
  return nullptr;
}

std::string canonicalOf(std::string_view signal) {
  return "self:signal:" + std::string(signal);
}

class SelfProvider : public Provider {
public:
  std::string_view name() const override { return "self"; }
  Trigger trigger() const override { return Trigger::OnSignal; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    if (parts.size() != 2 || parts[0] != "signal") {
      diags.error(ap.span, "self probes handle signals sent to bpfscope",
                  "write self:signal:SIGUSR1");
      return {};
    }
    std::vector<ProbeTarget> targets;
    for (const auto &signal : kSelfSignals)
      if (fnmatch(parts[1].c_str(), std::string(signal.name).c_str(), 0) == 0)
        targets.push_back(
            ProbeTarget{"self", {"signal", std::string(signal.name)}, canonicalOf(signal.name)});
    if (targets.empty())
      reportUnknownSignal(ap, parts[1], diags);
    return targets;
  }

  std::string sectionName(const ProbeTarget &) const override { return "raw_tp"; }

  AttachOutcome attach(bpf_program *, const ProbeTarget &) const override {
    return {nullptr, "self probes are run when bpfscope receives their signal, not attached"};
  }

  void list(std::string_view glob, std::ostream &out) const override {
    std::string pattern(glob);
    for (const auto &signal : kSelfSignals) {
      std::string line = canonicalOf(signal.name);
      if (pattern.empty() || fnmatch(pattern.c_str(), line.c_str(), 0) == 0)
        out << line << '\n';
    }
  }

private:
  static void reportUnknownSignal(const ast::AttachPoint &ap, const std::string &written,
                                  Diagnostics &diags) {
    bool wildcard = written.find_first_of("*?[") != std::string::npos;
    if (wildcard) {
      diags.error(ap.span, "no self signal matches '" + written + "'",
                  "list them with: bpfscope -l 'self:*'");
      return;
    }
    std::vector<std::string> names;
    for (const auto &signal : kSelfSignals)
      names.emplace_back(signal.name);
    std::string hint = didYouMean(written, names);
    diags.error(ap.span, "self probes cannot handle signal '" + written + "'",
                hint.empty() ? "the signal a self probe handles is SIGUSR1 (SIGINT and SIGTERM "
                               "end the run; an END probe runs then)"
                             : hint);
  }
};

} // namespace

int selfSignalOf(const ProbeTarget &target) {
  if (target.provider != "self" || target.parts.size() != 2)
    return 0;
  const SelfSignal *signal = findSelfSignal(target.parts[1]);
  return signal ? signal->number : 0;
}

const Provider &selfProvider() {
  static const SelfProvider provider;
  return provider;
}

} // namespace bpfscope
