// A provider holds everything bpfscope knows about one probe kind: its
// attach-point syntax, listing and wildcard expansion, the typed `args` it
// offers, the BPF program type (as a libbpf section name), and how to attach.
// Adding a probe kind is adding one provider file and registering it in
// registry.cpp.
#pragma once

#include "parser/ast.h"
#include "parser/diagnostics.h"
#include "sema/program.h"
#include "sema/types.h"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

struct bpf_program;
struct bpf_link;

namespace bpfscope {

// A value computed from the probed task's registers (the pt_regs context)
// instead of read from one context field: a USDT argument.
struct RegisterOperand {
  enum class Kind { Constant, Register, Memory };
  Kind kind = Kind::Constant;
  int64_t value = 0;             // Constant: the value; Memory: the displacement
  std::optional<uint32_t> base;  // pt_regs offset: Register, or Memory's base register
  uint32_t shift = 0;            // Register: low bits to drop (%ah is bits 8-15 of rax)
  std::optional<uint32_t> index; // Memory: pt_regs offset of the index register
  uint32_t scale = 1;            // Memory: the index's multiplier
};

// One field of a probe's `args`, read from the BPF program's context.
struct ArgField {
  std::string name;
  std::string c_type; // as the kernel describes it, e.g. "const char *"
  Type type;
  uint32_t offset = 0;   // from the start of the context
  bool data_loc = false; // __data_loc: a u32 (len << 16 | offset) to a string in the record
  // Set when the value is computed rather than stored at `offset`; a Memory
  // operand is read from user memory.
  std::optional<RegisterOperand> operand;
  // An 8-byte slot of a tracing program's context that the verifier types as
  // a kernel object pointer (KernelValue::btf_object_pointer): used as a
  // number, it must be copied first (BpfModule::addressAsScalar).
  bool btf_object_pointer = false;
  // A tracepoint's common_ fields: the kernel overwrites the first 8 bytes
  // of the record it hands a program with a pointer of its own, and the
  // verifier refuses loads from them.
  bool hidden_from_programs = false;
  // Why a program cannot read this argument at all (a uprobe's float or
  // struct passed by value, from DWARF), in words; empty when it can.
  std::string unreadable{};
};

struct ArgsLayout {
  std::vector<ArgField> fields;
  const ArgField *find(std::string_view name) const;
};

// Where a probe of user code fires: the binary, and the probed instruction's
// address as the binary is linked. `ip_at_site`: the program sees the
// instruction pointer at that instruction (uprobe, usdt), not after the
// return (uretprobe).
struct UserCodeSite {
  std::string binary;
  uint64_t address = 0;
  bool ip_at_site = false;
};

// How the runtime starts a program.
enum class Trigger {
  Attach,     // attach() it before BEGIN runs
  RunAtStart, // run once (bpf_prog_test_run) after everything is attached: BEGIN
  RunAtEnd,   // run once before maps are printed: END
  // attach() gives a BPF iterator link, read to its end after BEGIN: the
  // kernel runs the program once per object (task, open file, …), then the
  // run ends.
  Iterate,
  // run once (bpf_prog_test_run) each time bpfscope receives the target's
  // signal (self:signal:SIGUSR1), from the event loop.
  OnSignal,
  // run repeatedly and timed under --bench (bench:NAME); never otherwise.
  Bench,
  // run once and judged under --test (test:NAME); never otherwise.
  Test,
};

// What attaching one target produced: one link, or several (a perf event on
// every CPU), or none and the reason.
struct AttachOutcome {
  std::vector<bpf_link *> links; // empty on failure
  std::string error;             // why, in words
  std::string hint;              // what to try instead
  std::string failed_target;     // of a shared program: the target that failed (canonical)

  AttachOutcome() = default;
  AttachOutcome(bpf_link *link, std::string why);
  explicit AttachOutcome(std::vector<bpf_link *> all) : links(std::move(all)) {}
  bool attached() const { return !links.empty(); }
};

// Why the kernel refuses a whole probe kind (not one program's code), in words.
struct ProbeRefusal {
  std::string reason;
  std::string hint;
};

class Provider {
public:
  virtual ~Provider() = default;

  virtual std::string_view name() const = 0;
  virtual std::vector<std::string_view> aliases() const { return {}; }
  virtual Trigger trigger() const { return Trigger::Attach; }

  // Check one attach point and expand its wildcards. `parts` is the text after
  // the provider name split at ':'. Reports problems to `diags` at the
  // attach point's span and returns no targets then.
  virtual std::vector<ProbeTarget> expand(const ast::AttachPoint &ap,
                                          const std::vector<std::string> &parts,
                                          Diagnostics &diags) const = 0;

  // expand() when -p PID names the traced process: kinds that probe user
  // code also take `*` for BINARY there (every file the process maps).
  virtual std::vector<ProbeTarget> expandForProcess(const ast::AttachPoint &ap,
                                                    const std::vector<std::string> &parts,
                                                    int /*pid*/, Diagnostics &diags) const {
    return expand(ap, parts, diags);
  }

  // The libbpf section name that selects the BPF program type.
  virtual std::string sectionName(const ProbeTarget &target) const = 0;

  // The fields reachable as `args.NAME`, if this kind has typed args.
  virtual std::optional<ArgsLayout> args(const ProbeTarget &) const { return std::nullopt; }
  // args come from the kernel's BTF, so a kernel without it has none.
  virtual bool argsNeedBtf() const { return false; }
  // Why this target has no args when its kind may have them (a binary
  // without debug info); nullopt for the general explanation.
  virtual std::optional<ProbeRefusal> whyNoArgs(const ProbeTarget &) const { return std::nullopt; }

  // The type of `ctx`, the program's context as a typed kernel pointer;
  // nullopt when this kind offers none.
  virtual std::optional<Type> contextType(const ProbeTarget &) const { return std::nullopt; }

  // Where `argN` lives in the context (a machine word); nullopt when this kind
  // has no positional arguments or has fewer than n + 1.
  virtual std::optional<ArgField> positionalArg(const ProbeTarget &, unsigned /*n*/) const {
    return std::nullopt;
  }
  // Where `retval` lives in the context; nullopt when this kind has none.
  virtual std::optional<ArgField> returnValue(const ProbeTarget &) const { return std::nullopt; }
  // The probed function's name, the value of `func`; nullopt when this kind probes no function.
  virtual std::optional<std::string> functionName(const ProbeTarget &) const {
    return std::nullopt;
  }

  // Why this kind's programs cannot return a value of the script's choosing
  // (`return VALUE;` other than 0), in words; nullopt when they can, and the
  // value is then the program's result as the kernel sees it.
  virtual std::optional<std::string> returnValueRefusal() const { return std::nullopt; }

  // The user code this target probes; nullopt for kinds that probe none.
  virtual std::optional<UserCodeSite> userCodeSite(const ProbeTarget &) const {
    return std::nullopt;
  }

  // Called when the kernel refused to load this target's program with
  // `kernel_reason`: a kind-level explanation when the kernel does not allow
  // this kind at all, else nullopt (the verifier's reason stands).
  virtual std::optional<ProbeRefusal>
  explainLoadFailure(const ProbeTarget &, const std::string & /*kernel_reason*/) const {
    return std::nullopt;
  }

  virtual AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const = 0;
  // Attaches for one process only (-p PID, -c CMD). Kinds that probe user code
  // attach to that process; the others attach as usual (their programs filter
  // on the pid).
  virtual AttachOutcome attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                        int /*pid*/) const {
    return attach(prog, target);
  }
  // Whether the attach point's second part is a binary's path; the lexer
  // keeps the same list (parser/binary_path_kinds.h).
  virtual bool takesBinaryPath() const { return false; }
  // Whether -c CMD makes this kind attach to the command's process alone, as
  // -p does (a watchpoint on a user address), rather than system-wide.
  virtual bool attachesToCommand() const { return false; }
  // Whether one loaded program may serve this target and others of its kind
  // at once, each link carrying the target's BPF cookie
  // (bpf_get_attach_cookie), so that `probe` and `func` still tell them apart.
  virtual bool sharesPrograms(const ProbeTarget &) const { return false; }
  // The section name of a program shared by several targets.
  virtual std::string sharedSectionName(const ProbeTarget &target) const {
    return sectionName(target);
  }
  // Attaches a shared program to every one of `targets`, targets[i] with
  // cookie first_cookie + i; pid > 0 limits user probes to that process. On
  // failure nothing stays attached.
  virtual AttachOutcome attachShared(bpf_program *prog, const std::vector<ProbeTarget> &targets,
                                     uint64_t first_cookie, int pid) const;

  // Whether -p PID makes this kind's programs return at once in other
  // processes. Not for kinds attachToProcess() limits already, nor for timers
  // (interval), which fire in whatever process runs.
  virtual bool filtersByPid() const { return true; }

  // Print every attach point of this kind matching `glob` (one per line).
  virtual void list(std::string_view glob, std::ostream &out) const = 0;
  // -lv: the same, each followed by its args ("    TYPE NAME" lines) where known.
  virtual void listWithArgs(std::string_view glob, std::ostream &out) const { list(glob, out); }
};

// Attaches each target through `attach_one(target, cookie)`, cookies counting
// from first_cookie; on the first failure, detaches what it attached and
// returns that failure, naming its target.
AttachOutcome
attachEach(const std::vector<ProbeTarget> &targets, uint64_t first_cookie,
           const std::function<AttachOutcome(const ProbeTarget &, uint64_t)> &attach_one);

// The parts of an attach point joined by ':' again ("s", "1" -> "s:1").
std::string joinParts(const std::vector<std::string> &parts);

// Looks a provider up by name or alias ("tracepoint", "t", "BEGIN").
const Provider *findProvider(std::string_view name);
const std::vector<const Provider *> &allProviders();

} // namespace bpfscope
