// Semantic analysis: expands every probe through its provider, resolves
// names, gives each expression its type, unifies map key and value types,
// and reports every user error that can be found before the kernel sees code.
#pragma once

#include "parser/diagnostics.h"
#include "sema/program.h"

#include <memory>
#include <optional>

namespace bpfscope {

struct SemaOptions {
  uint32_t max_strlen = 1024;
};

// Takes ownership of the AST. Returns nullopt when errors were reported.
std::optional<CheckedProgram> analyze(std::unique_ptr<ast::Program> program, Diagnostics &diags,
                                      const SemaOptions &options);

} // namespace bpfscope
