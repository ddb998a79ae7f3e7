// Runs a compiled program, the way bpftrace does:
//   load the object (libbpf) -> attach every probe -> "Attached N probes" -> run BEGIN
//   -> handle ring-buffer events until exit(), Ctrl-C or SIGTERM (or, when only
//   BEGIN/END exist, until the buffer is empty) -> detach -> run END -> print
//   its output, "\n\n", then every non-empty map in name order.
// Every exit path destroys all links and closes the object.
#pragma once

#include "codegen/codegen.h"
#include "parser/diagnostics.h"
#include "runtime/output.h"
#include "sema/program.h"

#include <cstdint>
#include <vector>

namespace bpfscope {

class ChildProcess; // runtime/child_process.h

struct RunOptions {
  bool quiet = false;       // no "Attached N probes"
  bool verbose = false;     // libbpf's messages and the verifier log on stderr
  bool dry_run = false;     // load and attach, then detach: no BEGIN, no events, no maps
  bool bench = false;       // --bench: time the bench probes, print their table, nothing else
  bool test = false;        // --test: BEGIN, each test probe judged and reported, END
  bool no_warnings = false; // --no-warnings: warnf() prints nothing
  bool json = false;        // -f json: one JSON object per line
  std::string output_file;  // -o: empty for stdout
  BufferMode buffering = BufferMode::Line; // -B
  ChildProcess *child = nullptr;           // -c: released once probes are attached
};

// Returns the process exit status: 0, the code given to exit(), or 1 after an
// error. Errors are reported to `diags` (without a span); render them afterwards.
int runProgram(const CheckedProgram &program, const CodegenResult &code, const RunOptions &options,
               Diagnostics &diags);

} // namespace bpfscope
