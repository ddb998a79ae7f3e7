// The exported entry points of libbpfscope-backend.so (see backend.h). Their
// types are checked against the pointers the tool casts them to.
#include "codegen/backend.h"

extern "C" {

std::optional<bpfscope::CodegenResult>
bpfscope_backend_generate(const bpfscope::CheckedProgram &program, bpfscope::Diagnostics &diags,
                          bpfscope::CodegenDump dump) {
  return bpfscope::generate(program, diags, dump);
}

std::optional<bpfscope::LineColumn>
bpfscope_backend_instruction_line(const std::vector<uint8_t> &object, const std::string &function,
                                  uint64_t instruction) {
  return bpfscope::instructionLine(object, function, instruction);
}

} // extern "C"

static_assert(
    std::is_same_v<decltype(&bpfscope_backend_generate), bpfscope::backend::GenerateFunction>);
static_assert(std::is_same_v<decltype(&bpfscope_backend_instruction_line),
                             bpfscope::backend::InstructionLineFunction>);
