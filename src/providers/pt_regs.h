// Where x86-64 kprobe and uprobe programs find arguments and the return value:
// their context is the probed task's `struct pt_regs`, and the System V ABI
// passes the first six integer arguments in di, si, dx, cx, r8, r9 and returns
// in ax.
#pragma once

#include "providers/provider.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// argN (N < 6) as a u64 read from pt_regs; nullopt beyond the register arguments.
std::optional<ArgField> ptRegsArg(unsigned n);
// retval: ax, as a u64.
ArgField ptRegsReturnValue();
// The offset of a 64-bit register ("rax", "r13", "rip") in pt_regs.
std::optional<uint32_t> ptRegsOffset(std::string_view register_name);
// The offset of a pt_regs field by its name there ("ax", "r13", "ip", "flags"):
// what reg("NAME") reads.
std::optional<uint32_t> ptRegsFieldOffset(std::string_view field);
const std::vector<std::string_view> &ptRegsFieldNames();
// cs: its low two bits are the privilege level the task ran at (3: user mode).
uint32_t ptRegsCodeSegmentOffset();

// Whether programs of a libbpf section can read registers from their context:
// kprobe and uprobe programs get `struct pt_regs`, perf_event programs a
// `struct bpf_perf_event_data` that starts with one.
bool contextHasRegisters(const std::string &section);
// Whether the context pointer itself points at a `struct pt_regs`.
bool contextIsPtRegs(const std::string &section);

} // namespace bpfscope
