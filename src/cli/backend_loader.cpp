// The tool's generate(), instructionLine() and codeGeneratorPath(): the code
// generator is not linked into the tool but loaded from libbpfscope-backend.so
// the first time a script is compiled (see codegen/backend.h), so that a run
// served by the compiled-script cache starts without LLVM.
#include "codegen/backend.h"

#include <dlfcn.h>
#include <unistd.h>

#include <filesystem>

namespace bpfscope {
namespace {

// In a build tree the library sits next to the binary; an installed tool
// finds it under its lib directory.
std::string findBackend() {
  std::error_code error;
  std::filesystem::path directory =
      std::filesystem::read_symlink("/proc/self/exe", error).parent_path();
  for (const auto &candidate : {directory / backend::kLibraryName,
                                directory / BPFSCOPE_BACKEND_RELATIVE_DIR / backend::kLibraryName})
    if (access(candidate.c_str(), R_OK) == 0)
      return candidate.lexically_normal().string();
  return (directory / BPFSCOPE_BACKEND_RELATIVE_DIR / backend::kLibraryName)
      .lexically_normal()
      .string();
}

struct Backend {
  backend::GenerateFunction generate = nullptr;
  backend::InstructionLineFunction instruction_line = nullptr;
  std::string error; // why loading failed
};

const Backend &loadedBackend() {
  static const Backend loaded = [] {
    Backend backend;
    void *library = dlopen(codeGeneratorPath().c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!library) {
      backend.error = dlerror();
      return backend;
    }
    auto entry = reinterpret_cast<backend::EntryFunction>(dlsym(library, backend::kEntrySymbol));
    if (entry) {
      backend.generate = entry()->generate;
      backend.instruction_line = entry()->instruction_line;
    }
    if (!backend.generate || !backend.instruction_line)
      backend.error = codeGeneratorPath() + " lacks the entry points of this bpfscope";
    return backend;
  }();
  return loaded;
}

} // namespace

std::string codeGeneratorPath() {
  static const std::string path = findBackend();
  return path;
}

std::optional<CodegenResult> generate(const CheckedProgram &program, Diagnostics &diags,
                                      CodegenDump dump) {
  const Backend &backend = loadedBackend();
  if (!backend.generate) {
    diags.error("cannot load bpfscope's code generator: " + backend.error,
                "install " + std::string(backend::kLibraryName) +
                    " from the same build as this binary");
    return std::nullopt;
  }
  return backend.generate(program, diags, dump);
}

// Only verifier reports ask; without the library they point at a line, not an instruction.
std::optional<LineColumn> instructionLine(const std::vector<uint8_t> &object,
                                          const std::string &function, uint64_t instruction) {
  const Backend &backend = loadedBackend();
  if (!backend.instruction_line)
    return std::nullopt;
  return backend.instruction_line(object, function, instruction);
}

} // namespace bpfscope
