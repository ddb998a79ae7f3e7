#include "providers/pt_regs.h"

#include <array>
#include <string>
#include <vector>

namespace bpfscope {

namespace {

// Byte offsets in x86-64 `struct pt_regs` (arch/x86/include/asm/ptrace.h).
constexpr std::array<uint32_t, 6> kArgumentRegisterOffsets = {
    14 * 8, // di
    13 * 8, // si
    12 * 8, // dx
    11 * 8, // cx
    9 * 8,  // r8
    8 * 8,  // r9
};
constexpr uint32_t kAxOffset = 10 * 8;

// struct pt_regs in field order, by its field names (bpftrace's reg() names).
constexpr std::array<std::string_view, 21> kPtRegsFields = {
    "r15", "r14", "r13", "r12", "bp",      "bx", "r11", "r10",   "r9", "r8", "ax",
    "cx",  "dx",  "si",  "di",  "orig_ax", "ip", "cs",  "flags", "sp", "ss"};
constexpr uint32_t kCsOffset = 17 * 8;

// "rax" -> "ax": the 64-bit names of the legacy registers drop their "r" in pt_regs.
std::string_view fieldNameOf(std::string_view register_name) {
  bool legacy = register_name.size() == 3 && register_name[0] == 'r' &&
                !(register_name[1] >= '0' && register_name[1] <= '9');
  return legacy ? register_name.substr(1) : register_name;
}

ArgField registerField(std::string name, uint32_t offset) {
  return ArgField{std::move(name), "uint64", Type::integer(8, false), offset, false, {}};
}

} // namespace

std::optional<ArgField> ptRegsArg(unsigned n) {
  if (n >= kArgumentRegisterOffsets.size())
    return std::nullopt;
  return registerField("arg" + std::to_string(n), kArgumentRegisterOffsets[n]);
}

ArgField ptRegsReturnValue() {
  return registerField("retval", kAxOffset);
}

std::optional<uint32_t> ptRegsFieldOffset(std::string_view field) {
  for (size_t i = 0; i < kPtRegsFields.size(); ++i)
    if (kPtRegsFields[i] == field)
      return static_cast<uint32_t>(i * 8);
  return std::nullopt;
}

std::optional<uint32_t> ptRegsOffset(std::string_view register_name) {
  return ptRegsFieldOffset(fieldNameOf(register_name));
}

const std::vector<std::string_view> &ptRegsFieldNames() {
  static const std::vector<std::string_view> names(kPtRegsFields.begin(), kPtRegsFields.end());
  return names;
}

uint32_t ptRegsCodeSegmentOffset() {
  return kCsOffset;
}

bool contextHasRegisters(const std::string &section) {
  for (std::string_view kind : {"kprobe", "kretprobe", "uprobe", "uretprobe", "perf_event"})
    if (section.compare(0, kind.size(), kind) == 0)
      return true;
  return false;
}

bool contextIsPtRegs(const std::string &section) {
  return contextHasRegisters(section) && section.compare(0, 10, "perf_event") != 0;
}

} // namespace bpfscope
