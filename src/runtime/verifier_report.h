// Turns a verifier rejection into a diagnostic a script author can act on: at
// the script span behind the rejected instruction, with the verifier's words,
// what usually causes them, and the raw log left to -v.
#pragma once

#include "codegen/codegen.h"
#include "parser/diagnostics.h"

#include <string>
#include <string_view>

namespace bpfscope {

struct RejectedLoad {
  std::string probe;    // the probe as the user knows it ("tracepoint:syscalls:sys_enter_read")
  std::string function; // the BPF program's name in the object
  std::string log;      // the verifier log (log_level 1); may be empty
  std::string reason;   // libbpf's reason, used when the log says nothing
};

void reportVerifierRejection(const RejectedLoad &rejected, const CodegenResult &code, bool verbose,
                             Diagnostics &diags);

} // namespace bpfscope
