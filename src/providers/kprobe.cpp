#include "providers/kprobe.h"

#include "providers/kernel_functions.h"
#include "providers/kprobe_multi.h"
#include "providers/providers.h"
#include "providers/pt_regs.h"
#include "providers/tracefs.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>

namespace bpfscope {

namespace {

// "vfs_read+16" -> ("vfs_read", 16); the offset may be decimal or 0x-hex.
bool splitOffset(const std::string &text, std::string &function, uint64_t &offset) {
  size_t plus = text.find('+');
  function = text.substr(0, plus);
  offset = 0;
  if (plus == std::string::npos)
    return true;
  std::string digits = text.substr(plus + 1);
  int base = 10;
  if (digits.rfind("0x", 0) == 0) {
    digits.erase(0, 2);
    base = 16;
  }
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), offset, base);
  return !digits.empty() && ec == std::errc() && end == digits.data() + digits.size();
}

std::optional<KernelPrototype> btfPrototype(const ProbeTarget &target) {
  const KernelBtf *btf = KernelBtf::forModule(target.parts[0]);
  return btf ? btf->function(target.parts[1]) : std::nullopt;
}

} // namespace

bool kernelHasKprobes() {
  std::error_code ec;
  if (std::filesystem::exists("/sys/bus/event_source/devices/kprobe/type", ec))
    return true;
  auto root = tracefsRoot(nullptr);
  return root && std::filesystem::exists(*root + "/kprobe_events", ec);
}

ProbeTarget KprobeProvider::target(const std::string &module, const std::string &function,
                                   uint64_t offset) const {
  std::string kind(name());
  std::string canonical = kind + ":" + (module == "vmlinux" ? "" : module + ":") + function;
  if (offset)
    canonical += "+" + std::to_string(offset);
  return ProbeTarget{kind, {module, function, std::to_string(offset)}, canonical};
}

std::vector<ProbeTarget> KprobeProvider::expand(const ast::AttachPoint &ap,
                                                const std::vector<std::string> &parts,
                                                Diagnostics &diags) const {
  std::string kind(name());
  std::string module, spec, function;
  uint64_t offset = 0;
  if (!splitModuleFunction(parts, module, spec)) {
    diags.error(ap.span, kind + " probe needs a kernel function name",
                "write " + kind + ":FUNCTION or " + kind + ":MODULE:FUNCTION");
    return {};
  }
  if (!splitOffset(spec, function, offset)) {
    diags.error(ap.span, "invalid offset in '" + spec + "'",
                "write FUNCTION+OFFSET, e.g. vfs_read+16");
    return {};
  }
  if (offset && (retprobe_ || hasWildcard(function) || hasWildcard(module))) {
    diags.error(ap.span, "an offset needs a kprobe on one function",
                retprobe_ ? "kretprobe fires at the return: drop the offset"
                          : "name the function without wildcards");
    return {};
  }
  const auto &all = kprobeFunctions();
  std::vector<ProbeTarget> targets;
  for (const auto &f : matchFunctions(all, module, function))
    targets.push_back(target(f.module, f.name, offset));
  if (!targets.empty())
    return offset || kernelHasKprobes() ? targets : asBtfTracing(ap, targets, diags);
  std::string pattern = kind + ":" + (module.empty() ? "" : module + ":") + function;
  if (hasWildcard(function) || hasWildcard(module)) {
    diags.error(ap.span, "no kernel function matches '" + pattern + "'",
                "list them with: bpfscope -l 'kprobe:*'");
    return {};
  }
  std::string hint = suggestKprobeFunction(function);
  diags.error(ap.span, "unknown kernel function '" + function + "' in '" + pattern + "'",
              hint.empty() ? "list them with: bpfscope -l 'kprobe:*'" : hint);
  return {};
}

// Without kprobes in the kernel, a probe on a function's entry or return is
// the same event as fentry/fexit on it, with the same arguments and return
// value: those with BTF become fentry/fexit (keeping the kprobe's name, so
// `probe` is unchanged), with a warning saying so.
std::vector<ProbeTarget> KprobeProvider::asBtfTracing(const ast::AttachPoint &ap,
                                                      std::vector<ProbeTarget> targets,
                                                      Diagnostics &diags) const {
  std::string stand_in = retprobe_ ? "fexit" : "fentry";
  size_t replaced = 0;
  for (auto &t : targets) {
    if (!btfPrototype(t))
      continue;
    t = ProbeTarget{stand_in, {t.parts[0], t.parts[1]}, t.canonical};
    ++replaced;
  }
  if (replaced)
    diags.warning(ap.span,
                  "kprobes are not available on this kernel (CONFIG_KPROBES is off): " +
                      std::string(name()) + " runs as " + stand_in + " on " +
                      (replaced == 1 ? "this function" : std::to_string(replaced) + " functions"),
                  "write " + stand_in + ":FUNCTION to say so, or choose a tracepoint");
  return targets;
}

// Only a probe at the function's entry sees its arguments in the registers.
std::optional<ArgsLayout> KprobeProvider::args(const ProbeTarget &target) const {
  if (retprobe_ || target.parts[2] != "0")
    return std::nullopt;
  auto proto = btfPrototype(target);
  if (!proto)
    return std::nullopt;
  ArgsLayout layout;
  for (unsigned i = 0; i < proto->params.size(); ++i) {
    const KernelValue &p = proto->params[i];
    auto slot = ptRegsArg(i);
    if (!slot || p.type.kind == TypeKind::None)
      continue;
    // Little-endian: a narrower argument is the low bytes of its register.
    layout.fields.push_back(ArgField{p.name, p.c_type, p.type, slot->offset, false, {}});
  }
  return layout;
}

std::optional<ArgField> KprobeProvider::positionalArg(const ProbeTarget &, unsigned n) const {
  if (retprobe_)
    return std::nullopt;
  return ptRegsArg(n);
}

std::optional<ArgField> KprobeProvider::returnValue(const ProbeTarget &) const {
  if (!retprobe_)
    return std::nullopt;
  return ptRegsReturnValue();
}

std::string KprobeProvider::sharedSectionName(const ProbeTarget &target) const {
  bool multi =
      target.parts[0] == "vmlinux" && kernelHasKprobes() && kernelHasKprobeMulti(target.parts[1]);
  return sectionName(target) + (multi ? ".multi" : "");
}

AttachOutcome KprobeProvider::attachShared(bpf_program *prog,
                                           const std::vector<ProbeTarget> &targets,
                                           uint64_t first_cookie, int) const {
  if (bpf_program__expected_attach_type(prog) == BPF_TRACE_KPROBE_MULTI)
    return attachKprobeMulti(prog, targets, first_cookie, retprobe_);
  return attachEach(targets, first_cookie, [&](const ProbeTarget &target, uint64_t cookie) {
    return attachWithCookie(prog, target, cookie);
  });
}

AttachOutcome KprobeProvider::attach(bpf_program *prog, const ProbeTarget &target) const {
  return attachWithCookie(prog, target, 0);
}

AttachOutcome KprobeProvider::attachWithCookie(bpf_program *prog, const ProbeTarget &target,
                                               uint64_t cookie) const {
  const std::string &function = target.parts[1];
  if (!kernelHasKprobes()) {
    AttachOutcome refused(nullptr, "kprobes are not available on this kernel (CONFIG_KPROBES "
                                   "is off)");
    refused.hint = "use a tracepoint (bpfscope -l 'tracepoint:*') or fentry:" + function +
                   (retprobe_ ? " (fexit:" + function + " for the return)" : "");
    return refused;
  }
  LIBBPF_OPTS(bpf_kprobe_opts, opts, .bpf_cookie = cookie, .offset = std::stoull(target.parts[2]),
              .retprobe = retprobe_);
  bpf_link *link = bpf_program__attach_kprobe_opts(prog, function.c_str(), &opts);
  if (link)
    return {link, {}};
  int err = errno;
  AttachOutcome failed(nullptr, "cannot attach a " + std::string(name()) + " to " + function +
                                    ": " + std::strerror(err));
  if (err == ENOENT || err == EINVAL)
    failed.hint = "the function may be inlined, static without a symbol, or blocked from "
                  "probing (see /sys/kernel/debug/kprobes/blacklist)";
  return failed;
}

void KprobeProvider::listAll(std::string_view glob, bool with_args, std::ostream &out) const {
  // Like bpftrace, a plain -l shows entry probes only.
  if (retprobe_ && glob.empty())
    return;
  std::function<void(const KernelFunction &)> describe;
  if (with_args)
    describe = [&](const KernelFunction &f) {
      if (auto proto = btfPrototype(target(f.module, f.name, 0)))
        for (const auto &p : proto->params)
          out << "    " << p.c_type << " " << p.name << "\n";
    };
  listFunctions(kprobeFunctions(), std::string(name()), false, glob, out, describe);
}

void KprobeProvider::list(std::string_view glob, std::ostream &out) const {
  listAll(glob, false, out);
}

void KprobeProvider::listWithArgs(std::string_view glob, std::ostream &out) const {
  listAll(glob, true, out);
}

const Provider &kprobeProvider() {
  static const KprobeProvider provider(false);
  return provider;
}

const Provider &kretprobeProvider() {
  static const KprobeProvider provider(true);
  return provider;
}

} // namespace bpfscope
