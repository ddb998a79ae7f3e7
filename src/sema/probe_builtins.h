// The builtins whose meaning depends on the probe kind: arg0…argN, retval and
// func. Sema types them by asking each target's provider; codegen reads them
// from the context slot the provider names.
#pragma once

#include "sema/program.h"
#include "sema/types.h"

#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

// "arg3" -> 3; nullopt for anything else.
std::optional<unsigned> positionalArgIndex(const std::string &name);

bool isProbeBuiltin(const std::string &name);

// `probetype`: the target's provider, "special" for BEGIN and END.
std::string probeType(const ProbeTarget &target);

// The type of a probe builtin across all of a probe's targets, or the reason
// it is unavailable (in words, naming the probe).
struct ProbeBuiltinCheck {
  std::optional<Type> type;
  std::string error;
  std::string hint;
};
ProbeBuiltinCheck checkProbeBuiltin(const std::string &name,
                                    const std::vector<ProbeTarget> &targets);

} // namespace bpfscope
