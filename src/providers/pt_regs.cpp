#include "providers/pt_regs.h"

#include <array>

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

// struct pt_regs in field order, by the registers' 64-bit names.
constexpr std::array<std::string_view, 21> kPtRegsFields = {
    "r15", "r14", "r13", "r12", "rbp", "rbx", "r11", "r10", "r9",  "r8", "rax",
    "rcx", "rdx", "rsi", "rdi", "",    "rip", "",    "",    "rsp", ""};

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

std::optional<uint32_t> ptRegsOffset(std::string_view register_name) {
  for (size_t i = 0; i < kPtRegsFields.size(); ++i)
    if (!register_name.empty() && kPtRegsFields[i] == register_name)
      return static_cast<uint32_t>(i * 8);
  return std::nullopt;
}

} // namespace bpfscope
