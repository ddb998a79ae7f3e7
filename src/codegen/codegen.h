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
// Without -k: the failure counters of the delete() calls whose result is
// discarded (CheckedProgram::discarded_deletes), a global in this data
// section, which libbpf loads as a one-element array map of that name. Its
// value is one DeleteFailures per site, in the sites' order.
constexpr const char *kDeleteFailures = ".data.delete_failures";
} // namespace objects

// One discarded delete()'s failures: a program adds 1 atomically and stores
// the helper's result on each failure.
struct DeleteFailures {
  uint64_t count;
  int64_t last_retcode; // -errno
};

std::optional<CodegenResult> generate(const CheckedProgram &program, Diagnostics &diags,
                                      CodegenDump dump);

// The file that holds the code generator: the running executable when it is
// linked in, the backend library when the tool loads it (backend.h). The
// compiled-script cache keys on its identity.
std::string codeGeneratorPath();

} // namespace bpfscope
