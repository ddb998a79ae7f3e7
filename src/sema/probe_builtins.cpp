#include "sema/probe_builtins.h"

#include "providers/provider.h"

#include <algorithm>
#include <charconv>

namespace bpfscope {

std::optional<unsigned> positionalArgIndex(const std::string &name) {
  if (name.size() < 4 || name.compare(0, 3, "arg") != 0)
    return std::nullopt;
  unsigned n = 0;
  const char *end = name.data() + name.size();
  auto [ptr, ec] = std::from_chars(name.data() + 3, end, n);
  if (ec != std::errc() || ptr != end)
    return std::nullopt;
  return n;
}

std::string probeType(const ProbeTarget &target) {
  if (target.provider == "BEGIN" || target.provider == "END")
    return "special";
  return target.provider;
}

bool isProbeBuiltin(const std::string &name) {
  return name == "retval" || name == "func" || positionalArgIndex(name).has_value();
}

namespace {

std::optional<ArgField> slotOf(const Provider &p, const ProbeTarget &t, const std::string &name) {
  if (name == "retval")
    return p.returnValue(t);
  return p.positionalArg(t, *positionalArgIndex(name));
}

ProbeBuiltinCheck checkFunc(const std::vector<ProbeTarget> &targets) {
  size_t longest = 0;
  for (const auto &t : targets) {
    auto fn = findProvider(t.provider)->functionName(t);
    if (!fn)
      return {std::nullopt, t.canonical + " probes no function: func is not available", {}};
    longest = std::max(longest, fn->size());
  }
  return {Type::string(static_cast<uint32_t>(longest + 1)), {}, {}};
}

} // namespace

ProbeBuiltinCheck checkProbeBuiltin(const std::string &name,
                                    const std::vector<ProbeTarget> &targets) {
  if (name == "func")
    return checkFunc(targets);
  std::optional<Type> type;
  for (const auto &t : targets) {
    auto slot = slotOf(*findProvider(t.provider), t, name);
    if (!slot) {
      std::string hint = name == "retval" ? "retval exists in kretprobe, uretprobe and fexit probes"
                                          : "argN exists in kprobe, uprobe, usdt, "
                                            "rawtracepoint, fentry and fexit probes, up to "
                                            "the probe's number of arguments";
      return {std::nullopt, t.canonical + " has no " + name, hint};
    }
    if (type && *type != slot->type)
      return {std::nullopt, name + " has different types across this probe's attach points", {}};
    type = slot->type;
  }
  return {type, {}, {}};
}

} // namespace bpfscope
