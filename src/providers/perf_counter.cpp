#include "providers/perf_counter.h"

#include "parser/suggest.h"
#include "providers/perf_event.h"

#include <fnmatch.h>

namespace bpfscope {

const PerfCounterEvent *PerfCounterProvider::find(const std::string &name_or_alias) const {
  for (const auto &e : events_)
    if (e.name == name_or_alias || (!e.alias.empty() && e.alias == name_or_alias))
      return &e;
  return nullptr;
}

std::vector<ProbeTarget> PerfCounterProvider::expand(const ast::AttachPoint &ap,
                                                     const std::vector<std::string> &parts,
                                                     Diagnostics &diags) const {
  std::string kind(name_);
  std::string usage = "write " + kind + ":EVENT or " + kind + ":EVENT:COUNT";
  if (parts.empty() || parts.size() > 2 || parts[0].empty()) {
    diags.error(ap.span, kind + " probe needs an event name and an optional count", usage);
    return {};
  }
  if (parts[0].find_first_of("*?[") != std::string::npos)
    return expandWildcard(ap, parts, diags);
  if (!find(parts[0])) {
    std::vector<std::string> names;
    for (const auto &e : events_)
      names.emplace_back(e.name);
    std::string hint = didYouMean(parts[0], names);
    diags.error(ap.span, "unknown " + kind + " event '" + parts[0] + "'",
                hint.empty() ? "list them with: bpfscope -l '" + kind + ":*'" : hint);
    return {};
  }
  if (parts.size() == 2 && !parts[1].empty() && !parsePositiveCount(parts[1])) {
    diags.error(ap.span, kind + " count '" + parts[1] + "' is not a positive integer", usage);
    return {};
  }
  return {ProbeTarget{kind, parts, kind + ":" + joinParts(parts)}};
}

// software:*faults* names every event whose name matches (as in bpftrace's
// matching, aliases are not searched).
std::vector<ProbeTarget> PerfCounterProvider::expandWildcard(const ast::AttachPoint &ap,
                                                             const std::vector<std::string> &parts,
                                                             Diagnostics &diags) const {
  std::string kind(name_);
  std::vector<ProbeTarget> targets;
  for (const auto &e : events_) {
    std::string name(e.name);
    if (fnmatch(parts[0].c_str(), name.c_str(), 0) != 0)
      continue;
    std::vector<std::string> named = parts;
    named[0] = name;
    targets.push_back(ProbeTarget{kind, named, kind + ":" + joinParts(named)});
  }
  if (targets.empty())
    diags.error(ap.span, "no " + kind + " event matches '" + parts[0] + "'",
                "list them with: bpfscope -l '" + kind + ":*'");
  return targets;
}

perf_event_attr PerfCounterProvider::attributes(const ProbeTarget &target) const {
  const PerfCounterEvent &event = *find(target.parts[0]);
  perf_event_attr attr{};
  attr.type = perf_type_;
  attr.size = sizeof(attr);
  attr.config = event.config;
  // "software:faults:" leaves the count empty: the default, like no count.
  bool counted = target.parts.size() == 2 && !target.parts[1].empty();
  attr.sample_period = counted ? *parsePositiveCount(target.parts[1]) : event.default_count;
  return attr;
}

AttachOutcome PerfCounterProvider::withHint(AttachOutcome outcome) const {
  if (!outcome.attached() && perf_type_ == PERF_TYPE_HARDWARE)
    outcome.hint = "sample with software:cpu-clock or profile:hz:99 instead";
  return outcome;
}

AttachOutcome PerfCounterProvider::attach(bpf_program *prog, const ProbeTarget &target) const {
  return withHint(attachPerfEventOnEveryCpu(prog, attributes(target), target.canonical));
}

AttachOutcome PerfCounterProvider::attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                                   int pid) const {
  return withHint(attachPerfEventToProcess(prog, attributes(target), pid, target.canonical));
}

// bpftrace lists each event as "KIND:NAME:" (the count left to the user).
void PerfCounterProvider::list(std::string_view glob, std::ostream &out) const {
  std::string pattern(glob);
  for (const auto &e : events_) {
    std::string line = std::string(name_) + ":" + std::string(e.name) + ":";
    if (pattern.empty() || fnmatch(pattern.c_str(), line.c_str(), 0) == 0 ||
        fnmatch(pattern.c_str(), line.substr(0, line.size() - 1).c_str(), 0) == 0)
      out << line << "\n";
  }
}

} // namespace bpfscope
