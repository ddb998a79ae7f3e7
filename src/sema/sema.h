// Semantic analysis: expands every probe through its provider, resolves
// names, gives each expression its type, unifies map key and value types,
// and reports every user error that can be found before the kernel sees code.
#pragma once

#include "parser/diagnostics.h"
#include "sema/program.h"
#include "sema/script_config.h"

#include <memory>
#include <optional>

namespace bpfscope {

struct SemaOptions {
  uint32_t max_strlen = 1024;
  bool unsafe = false; // --unsafe: allow system() and signal()
  int helper_checks = 0;   // -k: 1, -kk: 2 (see CheckedProgram::helper_checks)
  uint32_t child_pid = 0;  // -c: the child's pid, the value of `cpid`
  uint32_t target_pid = 0; // -p: the traced process
  std::vector<std::string> positional_args; // $1, $2, … (the arguments after the script)
  ConfigValues config_environment;          // BPFTRACE_* variables; they beat the config block
  // bpfscope's own PID namespace unless it is the initial one (see CheckedProgram).
  std::optional<PidNamespace> pid_namespace;
};

// Takes ownership of the AST. Returns nullopt when errors were reported.
std::optional<CheckedProgram> analyze(std::unique_ptr<ast::Program> program, Diagnostics &diags,
                                      const SemaOptions &options);

} // namespace bpfscope
