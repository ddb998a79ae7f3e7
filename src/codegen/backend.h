// The code generator as a shared library (libbpfscope-backend.so): the tool
// loads it only when it compiles a script, so that a start from the
// compiled-script cache never pays for LLVM's static initializers and pages.
// The library's entry points are generate() and instructionLine(); the
// tool's stand-ins for those two (src/cli/backend_loader.cpp) load the
// library on first use and call through these pointers. Tests link the code
// generator directly.
#pragma once

#include "codegen/codegen.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope::backend {

constexpr const char *kLibraryName = "libbpfscope-backend.so";

using GenerateFunction = std::optional<CodegenResult> (*)(const CheckedProgram &, Diagnostics &,
                                                          CodegenDump);
using InstructionLineFunction = std::optional<LineColumn> (*)(const std::vector<uint8_t> &,
                                                              const std::string &, uint64_t);

// What the library offers, handed over by its one exported C function (a C
// function may return a pointer to a C++ type, not a C++ value).
struct Entry {
  GenerateFunction generate;
  InstructionLineFunction instruction_line;
};
using EntryFunction = const Entry *(*)();
constexpr const char *kEntrySymbol = "bpfscope_backend_entry";

} // namespace bpfscope::backend
