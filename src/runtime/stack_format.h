// Stack (kstack, ustack) and Symbol (ksym, usym) values as bpftrace prints
// them. A stack is a newline, then one line per frame:
//   bpftrace mode: `indent` spaces + "sym+off" (8 spaces in printf/print
//                  output, 4 inside a map key);
//   perf mode:     "\t" + hex address + " " + "sym+off" (user frames add
//                  " (module)");
//   raw mode:      the hex address alone;
//   build_id mode: the frame's binary as its build id in hex, " 0x" and the
//                  hex offset in that binary (the hex address alone when the
//                  kernel found no build id), unindented as bpftrace prints it.
#pragma once

#include "runtime/symbolizer.h"
#include "sema/types.h"

#include <cstdint>
#include <string>

namespace bpfscope {

inline constexpr int kStackValueIndent = 8;
inline constexpr int kStackKeyIndent = 4;

std::string formatStack(const Type &type, const uint8_t *data, int indent, Symbolizer &symbols);
std::string formatSymbol(const Type &type, const uint8_t *data, Symbolizer &symbols);

} // namespace bpfscope
