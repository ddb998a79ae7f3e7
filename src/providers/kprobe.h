// kprobe:[MODULE:]FUNC[+OFFSET] (k:) and kretprobe:[MODULE:]FUNC (kr:): a
// dynamic probe at a kernel function's entry (or an offset into it) or
// return. The context is the probed task's pt_regs: `argN` are the argument
// registers, `retval` is ax; `args.NAME` is typed from the function's BTF
// when it has one. Targets are {MODULE, FUNC, OFFSET}. On a kernel without
// kprobes, functions with BTF are probed with fentry/fexit instead.
#pragma once

#include "providers/provider.h"

namespace bpfscope {

class KprobeProvider : public Provider {
public:
  explicit KprobeProvider(bool retprobe) : retprobe_(retprobe) {}

  std::string_view name() const override { return retprobe_ ? "kretprobe" : "kprobe"; }
  std::vector<std::string_view> aliases() const override { return {retprobe_ ? "kr" : "k"}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override;
  std::string sectionName(const ProbeTarget &) const override {
    return retprobe_ ? "kretprobe" : "kprobe";
  }
  std::optional<ArgsLayout> args(const ProbeTarget &target) const override;
  bool argsNeedBtf() const override { return true; }
  std::optional<ArgField> positionalArg(const ProbeTarget &target, unsigned n) const override;
  std::optional<ArgField> returnValue(const ProbeTarget &target) const override;
  std::optional<std::string> functionName(const ProbeTarget &target) const override {
    return target.parts[1];
  }
  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override;
  // Wildcard matches share one program: through one kprobe_multi link where
  // the kernel has them (vmlinux functions), else one kprobe per function.
  bool sharesPrograms(const ProbeTarget &target) const override { return target.parts[2] == "0"; }
  std::string sharedSectionName(const ProbeTarget &target) const override;
  AttachOutcome attachShared(bpf_program *prog, const std::vector<ProbeTarget> &targets,
                             uint64_t first_cookie, int pid) const override;
  void list(std::string_view glob, std::ostream &out) const override;
  void listWithArgs(std::string_view glob, std::ostream &out) const override;

private:
  AttachOutcome attachWithCookie(bpf_program *prog, const ProbeTarget &target,
                                 uint64_t cookie) const;
  ProbeTarget target(const std::string &module, const std::string &function, uint64_t offset) const;
  void listAll(std::string_view glob, bool with_args, std::ostream &out) const;
  std::vector<ProbeTarget> asBtfTracing(const ast::AttachPoint &ap,
                                        std::vector<ProbeTarget> targets, Diagnostics &diags) const;

  bool retprobe_;
};

// Whether this kernel can create kprobes at all (CONFIG_KPROBES and the
// kprobe perf PMU or tracefs kprobe_events).
bool kernelHasKprobes();

} // namespace bpfscope
