#include "providers/btf_tracing.h"

#include "providers/kprobe.h"

#include "sema/btf_types.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

namespace bpfscope {

std::optional<KernelPrototype> BtfTracingProvider::prototype(const std::string &module,
                                                             const std::string &name) const {
  const KernelBtf *btf = KernelBtf::forModule(module);
  if (!btf)
    return std::nullopt;
  return kind_.raw_tracepoint ? btf->rawTracepoint(name) : btf->function(name);
}

const std::vector<KernelFunction> &BtfTracingProvider::all() const {
  return kind_.raw_tracepoint ? btfRawTracepoints() : btfFunctions();
}

ProbeTarget BtfTracingProvider::target(const KernelFunction &f) const {
  std::string kind(kind_.name);
  return ProbeTarget{kind, {f.module, f.name}, kind + ":" + f.module + ":" + f.name};
}

std::vector<ProbeTarget> BtfTracingProvider::expand(const ast::AttachPoint &ap,
                                                    const std::vector<std::string> &parts,
                                                    Diagnostics &diags) const {
  std::string kind(kind_.name), what(kind_.what);
  std::string module, name;
  if (!splitModuleFunction(parts, module, name)) {
    diags.error(ap.span, kind + " probe needs a " + what + " name",
                "write " + kind + ":NAME or " + kind + ":MODULE:NAME");
    return {};
  }
  if (!KernelBtf::forModule("vmlinux")) {
    diags.error(ap.span, missingBtfMessage(kind + " probes"),
                kind_.raw_tracepoint
                    ? "use tracepoint:CATEGORY:NAME instead"
                    : "use kprobe:" + name + " instead (arguments as arg0, arg1, ...)");
    return {};
  }
  if (!module.empty() && !hasWildcard(module) && !KernelBtf::forModule(module)) {
    diags.error(ap.span, "module '" + module + "' is not loaded or has no BTF",
                "load it (modprobe " + module +
                    "), or list the objects with BTF: ls /sys/kernel/btf");
    return {};
  }
  if (!hasWildcard(module) && !hasWildcard(name)) {
    // The common case stays cheap: vmlinux's BTF only, unless a module is named or vmlinux lacks
    // it.
    std::string found_in = module.empty() ? "vmlinux" : module;
    if (prototype(found_in, name))
      return {target({found_in, name})};
    if (module.empty()) {
      auto matched = matchFunctions(all(), "", name);
      if (!matched.empty())
        return {target(matched.front())};
    }
    std::string hint = suggestBtfFunction(name, kind_.raw_tracepoint);
    diags.error(ap.span,
                "unknown " + what + " '" + name + "'" +
                    (module.empty() ? "" : " in module '" + module + "'"),
                hint.empty() ? "list them with: bpfscope -l '" + kind + ":*'" : hint);
    return {};
  }
  std::vector<ProbeTarget> targets;
  for (const auto &f : matchFunctions(all(), module, name))
    targets.push_back(target(f));
  if (targets.empty()) {
    std::string pattern = kind + ":" + (module.empty() ? "" : module + ":") + name;
    diags.error(ap.span, "no " + what + " matches '" + pattern + "'",
                "list them with: bpfscope -l '" + kind + ":*'");
  }
  return targets;
}

std::string BtfTracingProvider::sectionName(const ProbeTarget &target) const {
  return std::string(kind_.section_prefix) + target.parts[1];
}

std::optional<ArgsLayout> BtfTracingProvider::args(const ProbeTarget &target) const {
  auto proto = prototype(target.parts[0], target.parts[1]);
  if (!proto)
    return std::nullopt;
  return tracingArgs(*proto);
}

std::optional<ArgField> BtfTracingProvider::positionalArg(const ProbeTarget &target,
                                                          unsigned n) const {
  auto proto = prototype(target.parts[0], target.parts[1]);
  if (!proto || n >= proto->params.size())
    return std::nullopt;
  return ArgField{
      "arg" + std::to_string(n),          "uint64", Type::integer(8, false), n * 8, false, {},
      proto->params[n].btf_object_pointer};
}

// fexit's context holds the arguments, then the return value.
std::optional<ArgField> BtfTracingProvider::returnValue(const ProbeTarget &target) const {
  if (!kind_.has_retval)
    return std::nullopt;
  auto proto = prototype(target.parts[0], target.parts[1]);
  if (!proto || !proto->result || proto->result->type.kind == TypeKind::None)
    return std::nullopt;
  return ArgField{"retval",
                  proto->result->c_type,
                  proto->result->type,
                  static_cast<uint32_t>(proto->params.size() * 8),
                  false,
                  {},
                  proto->result->btf_object_pointer};
}

std::optional<std::string> BtfTracingProvider::functionName(const ProbeTarget &target) const {
  if (kind_.raw_tracepoint)
    return std::nullopt;
  return target.parts[1];
}

// The verifier accepts only 0 from fentry and fexit programs; a raw
// tracepoint's result is free.
std::optional<std::string> BtfTracingProvider::returnValueRefusal() const {
  if (kind_.raw_tracepoint)
    return std::nullopt;
  return "the kernel accepts only 0 from " + std::string(kind_.name) + " programs";
}

// Kernels can refuse trampoline programs outright (lockdown, or a sandbox
// that filters them): the load fails with EPERM before the verifier runs.
std::optional<ProbeRefusal>
BtfTracingProvider::explainLoadFailure(const ProbeTarget &target,
                                       const std::string &kernel_reason) const {
  bool refused = kernel_reason.find("Operation not permitted") != std::string::npos ||
                 kernel_reason.find("EPERM") != std::string::npos;
  if (kind_.raw_tracepoint || !refused)
    return std::nullopt;
  const std::string &function = target.parts[1];
  // Kprobes are offered instead only where the kernel has them (where it has
  // not, a kprobe runs as fentry: kprobe.cpp).
  return ProbeRefusal{"fentry/fexit programs are not allowed by this kernel (it refused to load "
                      "the program: " +
                          kernel_reason + ")",
                      kernelHasKprobes() ? "probe the function with kprobe:" + function +
                                               " or kretprobe:" + function + ", or use a tracepoint"
                                         : "this kernel has no kprobes either: use a tracepoint "
                                           "(bpfscope -l 'tracepoint:*') or a rawtracepoint"};
}

AttachOutcome BtfTracingProvider::attach(bpf_program *prog, const ProbeTarget &target) const {
  bpf_link *link = bpf_program__attach_trace(prog);
  if (link)
    return {link, {}};
  int err = errno;
  AttachOutcome failed(nullptr, "cannot attach to the " + std::string(kind_.what) + " " +
                                    target.parts[1] + ": " + std::strerror(err));
  return failed;
}

void BtfTracingProvider::list(std::string_view glob, std::ostream &out) const {
  listFunctions(all(), std::string(kind_.name), true, glob, out);
}

void BtfTracingProvider::listWithArgs(std::string_view glob, std::ostream &out) const {
  listFunctions(all(), std::string(kind_.name), true, glob, out, [&](const KernelFunction &f) {
    if (auto proto = prototype(f.module, f.name))
      printPrototype(*proto, !kind_.raw_tracepoint, out);
  });
}

} // namespace bpfscope
