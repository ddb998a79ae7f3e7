// The shape shared by software:EVENT[:COUNT] and hardware:EVENT[:COUNT]: a
// perf counter, on every online CPU, that runs the program every COUNT events.
// Each kind supplies its table of events (bpftrace's names, aliases and
// default counts).
#pragma once

#include "providers/provider.h"

#include <linux/perf_event.h>

namespace bpfscope {

struct PerfCounterEvent {
  std::string_view name;
  std::string_view alias; // "" when none
  uint64_t config;        // PERF_COUNT_SW_* or PERF_COUNT_HW_*
  uint64_t default_count;
};

class PerfCounterProvider : public Provider {
public:
  PerfCounterProvider(std::string_view name, std::string_view alias, uint32_t perf_type,
                      std::vector<PerfCounterEvent> events)
      : name_(name), alias_(alias), perf_type_(perf_type), events_(std::move(events)) {}

  std::string_view name() const override { return name_; }
  std::vector<std::string_view> aliases() const override { return {alias_}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override;
  std::string sectionName(const ProbeTarget &) const override { return "perf_event"; }
  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override;
  // -p PID: count that process's events only, like bpftrace.
  AttachOutcome attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                int pid) const override;
  bool filtersByPid() const override { return false; }
  void list(std::string_view glob, std::ostream &out) const override;

private:
  const PerfCounterEvent *find(const std::string &name_or_alias) const;
  std::vector<ProbeTarget> expandWildcard(const ast::AttachPoint &ap,
                                          const std::vector<std::string> &parts,
                                          Diagnostics &diags) const;
  perf_event_attr attributes(const ProbeTarget &target) const;
  AttachOutcome withHint(AttachOutcome outcome) const;

  std::string_view name_;
  std::string_view alias_;
  uint32_t perf_type_;
  std::vector<PerfCounterEvent> events_;
};

} // namespace bpfscope
