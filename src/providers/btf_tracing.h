// The shape shared by the BPF_PROG_TYPE_TRACING kinds whose attach point is a
// BTF-described kernel function or raw tracepoint: fentry, fexit and
// rawtracepoint (tp_btf). Attach points are `[MODULE:]NAME` with wildcards;
// the target is always module-qualified ("fentry:vmlinux:vfs_read"). The
// program's context is an array of u64, one per parameter, so `args.NAME`,
// `argN` and (fexit) `retval` are 8-byte slots in it. libbpf resolves the
// BTF id from the section name ("fentry/vfs_read", "tp_btf/sched_switch").
#pragma once

#include "providers/kernel_functions.h"
#include "providers/provider.h"

namespace bpfscope {

struct BtfTracingKind {
  std::string_view name;
  std::vector<std::string_view> aliases;
  std::string_view section_prefix; // "fentry/", "fexit/", "tp_btf/"
  std::string_view what;           // "kernel function", "raw tracepoint": for messages
  bool raw_tracepoint = false;     // look up btf_trace_NAME rather than the function NAME
  bool has_retval = false;         // fexit
};

class BtfTracingProvider : public Provider {
public:
  explicit BtfTracingProvider(BtfTracingKind kind) : kind_(std::move(kind)) {}

  std::string_view name() const override { return kind_.name; }
  std::vector<std::string_view> aliases() const override { return kind_.aliases; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override;
  std::string sectionName(const ProbeTarget &target) const override;
  std::optional<ArgsLayout> args(const ProbeTarget &target) const override;
  std::optional<ArgField> positionalArg(const ProbeTarget &target, unsigned n) const override;
  std::optional<ArgField> returnValue(const ProbeTarget &target) const override;
  std::optional<std::string> functionName(const ProbeTarget &target) const override;
  std::optional<std::string> returnValueRefusal() const override;
  std::optional<ProbeRefusal> explainLoadFailure(const ProbeTarget &target,
                                                 const std::string &kernel_reason) const override;
  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override;
  void list(std::string_view glob, std::ostream &out) const override;
  void listWithArgs(std::string_view glob, std::ostream &out) const override;

private:
  std::optional<KernelPrototype> prototype(const std::string &module,
                                           const std::string &name) const;
  const std::vector<KernelFunction> &all() const;
  ProbeTarget target(const KernelFunction &f) const;

  BtfTracingKind kind_;
};

} // namespace bpfscope
