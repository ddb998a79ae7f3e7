// Codegen: lowers the checked program to LLVM IR, one BPF program per
// expanded probe target, and emits the BPF ELF object the runtime loads.
#pragma once

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
};

enum class CodegenDump { None, IR, Asm };

// Names of objects the runtime looks up in the emitted ELF.
namespace objects {
// A one-element array holding the boot-clock time the runtime started at; `elapsed` subtracts it.
constexpr const char *kStartTimeMap = "start_time";
} // namespace objects

std::optional<CodegenResult> generate(const CheckedProgram &program, Diagnostics &diags,
                                      CodegenDump dump);

} // namespace bpfscope
