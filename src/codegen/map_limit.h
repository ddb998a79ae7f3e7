// The kernel refuses a BPF program that refers to more than 64 maps
// (MAX_USED_MAPS) with a one-line log that names no instruction. Counting the
// maps each program reaches before the object is emitted lets the error point
// at the script: the first use of the map past the limit.
#pragma once

#include "parser/diagnostics.h"
#include "sema/program.h"

#include <cstddef>

namespace llvm {
class Module;
}

namespace bpfscope {

class SourceMap;

inline constexpr size_t kMaxMapsPerProgram = 64;

// Reports each program of `module` that uses more maps than the kernel allows;
// false when one does.
bool checkMapsPerProgram(const llvm::Module &module, const CheckedProgram &program,
                         const SourceMap &locations, Diagnostics &diags);

} // namespace bpfscope
