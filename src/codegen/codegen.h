// Codegen: lowers the checked program to LLVM IR, one BPF program per
// expanded probe target, and emits the BPF ELF object the runtime loads.
#pragma once

#include "codegen/source_map.h"
#include "parser/diagnostics.h"
#include "sema/program.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

struct CodegenResult {
  std::vector<uint8_t> object;
  std::string ir;       // filled for CodegenDump::IR
  std::string assembly; // filled for CodegenDump::Asm
  SourceMap locations;  // instruction -> script span, for verifier rejections
};

enum class CodegenDump { None, IR, Asm };

// Names of objects the runtime looks up in the emitted ELF.
namespace objects {
// A one-element array holding the boot-clock time the runtime started at; `elapsed` subtracts it.
constexpr const char *kStartTimeMap = "start_time";
// A per-CPU uint64 counting the async records dropped because the ring buffer was full.
constexpr const char *kLostEventsMap = "lost_events";
// An array of TargetNameTable rows (sema/program.h), filled before attaching:
// a shared program's `probe` and `func`, indexed by attach cookie.
constexpr const char *kTargetNamesMap = "target_names";
// Without -k: the failure counters of the helper calls whose failures are
// reported all the same (a delete() whose result is discarded, a map update a
// full map refuses), a global in this data section, which libbpf loads as a
// one-element array map of that name. Its value is one HelperFailureCounter
// per call site (codegen/failure_counters.h).
constexpr const char *kHelperFailures = ".data.helper_failures";
} // namespace objects

// One call site's failures. The object's initial data names the site (helper
// and script span), so the runtime needs nothing else to report them; a
// program adds 1 to `count` atomically and stores the result on each failure.
struct HelperFailureCounter {
  uint64_t count;
  int64_t last_retcode; // -errno
  uint64_t helper;      // BPF_FUNC_*
  uint32_t begin, end;  // the script span of the call
};

std::optional<CodegenResult> generate(const CheckedProgram &program, Diagnostics &diags,
                                      CodegenDump dump);

// The file that holds the code generator: the running executable when it is
// linked in, the backend library when the tool loads it (backend.h). The
// compiled-script cache keys on its identity.
std::string codeGeneratorPath();

} // namespace bpfscope
