// The compiled-script cache: a script that was compiled before on this kernel,
// by this bpfscope binary, starts without running LLVM.
//
// Parse and sema still run on every start (they are cheap, report the
// script's errors and build the CheckedProgram the runtime needs); only
// codegen's output (the BPF object and its source map) is cached. The key is
// everything codegen's output depends on:
//   - the script: its name and text, the positional arguments, the config
//     values (script block and BPFTRACE_* environment), the expanded probe list
//     (which can change when tracepoints or modules come and go);
//   - the kernel: uname release and version, size and mtime of its BTF
//     ($BPFTRACE_BTF, else /sys/kernel/btf/vmlinux);
//   - bpfscope itself: its version, and the size and mtime of its executable
//     and of its code generator library, so that a rebuilt binary never
//     reuses another build's code.
// Each entry stores the whole key text, compared on load: a hash collision is
// a miss, never a wrong object.
//
// Directory: $BPFSCOPE_CACHE_DIR, else $XDG_CACHE_HOME/bpfscope, else
// /var/cache/bpfscope for root and ~/.cache/bpfscope for others. Disabled by
// --no-cache or BPFSCOPE_NO_CACHE=1. Entries are written to a temporary file
// and renamed, so concurrent runs never read a partial entry.
#pragma once

#include "codegen/codegen.h"
#include "parser/source.h"
#include "sema/program.h"

#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

class ObjectCache {
public:
  // The cache for this process's environment; nullopt when disabled.
  static std::optional<ObjectCache> fromEnvironment();
  explicit ObjectCache(std::string directory) : directory_(std::move(directory)) {}

  // The key text of `program` compiled from `source` on this kernel by this binary.
  static std::string keyOf(const CheckedProgram &program, const SourceFile &source,
                           const std::vector<std::string> &positional_args);

  // The cached code for `key` (object and source map), nullopt on a miss.
  std::optional<CodegenResult> load(const std::string &key) const;
  // Saves `code` under `key`; failures only cost the next start its speed.
  void store(const std::string &key, const CodegenResult &code) const;

  // The file that holds the entry for `key`.
  std::string entryPath(const std::string &key) const;

private:
  std::string directory_;
};

} // namespace bpfscope
