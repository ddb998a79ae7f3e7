// Where x86-64 kprobe and uprobe programs find arguments and the return value:
// their context is the probed task's `struct pt_regs`, and the System V ABI
// passes the first six integer arguments in di, si, dx, cx, r8, r9 and returns
// in ax.
#pragma once

#include "providers/provider.h"

#include <optional>
#include <string_view>

namespace bpfscope {

// argN (N < 6) as a u64 read from pt_regs; nullopt beyond the register arguments.
std::optional<ArgField> ptRegsArg(unsigned n);
// retval: ax, as a u64.
ArgField ptRegsReturnValue();
// The offset of a 64-bit register ("rax", "r13", "rip") in pt_regs.
std::optional<uint32_t> ptRegsOffset(std::string_view register_name);

} // namespace bpfscope
