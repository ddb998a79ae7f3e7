// The builtins whose meaning depends on the probe kind: arg0…argN, retval and
// func. Sema types them by asking each target's provider; codegen reads them
// from the context slot the provider names. Also what a program can do with
// its context: ctx, usermode and reg("name") need registers in it (kprobe,
// uprobe, usdt and perf-event programs); socket_cookie() and path() call
// helpers the kernel gives only to BTF tracing programs (fentry, fexit; the
// kernel gives bpf_d_path to iterators too).
#pragma once

#include "sema/program.h"
#include "sema/types.h"
#include "sema/value_functions.h"

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

// ctx and usermode.
bool isContextBuiltin(const std::string &name);
ProbeBuiltinCheck checkContextBuiltin(const std::string &name,
                                      const std::vector<ProbeTarget> &targets);
// reg, socket_cookie, path.
bool isContextFunction(const std::string &name);
// Whether every target can run `what` (a builtin or function named by
// isContextBuiltin/isContextFunction): the error names the first that cannot.
// BEGIN and END (probetype "special").
bool isSpecialProbe(const ProbeTarget &target);

ProbeBuiltinCheck checkContextAccess(const std::string &what,
                                     const std::vector<ProbeTarget> &targets);
// The type of reg("name"), socket_cookie(sk) or path(p[, size]); none after
// reporting through `checker`.
Type checkContextCall(ast::Call &call, const std::vector<ProbeTarget> &targets,
                      const FunctionChecker &checker);
// In an iter probe, path() takes a struct embedded in an object the
// iterator's context points at: `ctx.file.f_path` or `&ctx.file.f_path`. The
// pointer is loaded straight from the context (the verifier's trusted,
// possibly null, pointer) and the struct is `offset` bytes into its object.
struct IteratorObject {
  uint32_t context_offset = 0; // of the pointer in the context
  uint32_t offset = 0;         // of the struct in the object
};
std::optional<IteratorObject> iteratorObject(const ast::Expr &e);
bool isIteratorSection(const std::string &section);

// The libbpf section of a target's program ("kprobe/...", "fentry/...").
std::string sectionOf(const ProbeTarget &target);

} // namespace bpfscope
