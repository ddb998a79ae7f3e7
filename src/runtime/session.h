// Runs a compiled program, the way bpftrace does:
//   load the object (libbpf) -> attach every probe -> "Attached N probes" -> run BEGIN
//   -> handle ring-buffer events until exit(), Ctrl-C or SIGTERM (or, when only
//   BEGIN/END exist, until the buffer is empty) -> detach -> run END -> print
//   its output, "\n\n", then every non-empty map in name order.
// Every exit path destroys all links and closes the object.
#pragma once

#include "parser/diagnostics.h"
#include "sema/program.h"

#include <cstdint>
#include <vector>

namespace bpfscope {

struct RunOptions {
  bool quiet = false;   // no "Attached N probes"
  bool verbose = false; // libbpf's messages and the verifier log on stderr
  bool dry_run = false; // load and attach, then detach: no BEGIN, no events, no maps
};

// Returns the process exit status: 0, the code given to exit(), or 1 after an
// error. Errors are reported to `diags` (without a span); render them afterwards.
int runProgram(const CheckedProgram &program, const std::vector<uint8_t> &object,
               const RunOptions &options, Diagnostics &diags);

} // namespace bpfscope
