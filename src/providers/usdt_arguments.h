// The argument specs of a USDT probe, as the SystemTap SDT v3 note records
// them: one space-separated "[-]SIZE@OPERAND" per argument, where the sign
// says whether the value is signed, SIZE is its width in bytes and OPERAND is
// the x86-64 AT&T operand the compiler chose for it: a register (%eax), a
// constant ($42), or memory (-8(%rbp), 0(%r13,%rax,8), counter(%rip),
// table+16(%rip)).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

struct UsdtRegister {
  std::string name;   // the 64-bit register holding it: "rax", "r13", "rip"
  uint32_t shift = 0; // bits below the part that is read: 8 for %ah
};

struct UsdtArgument {
  enum class Kind { Constant, Register, Memory };
  Kind kind = Kind::Constant;
  uint32_t size = 8; // bytes: 1, 2, 4 or 8
  bool is_signed = false;
  int64_t value = 0;                 // Constant: the value; Memory: the displacement
  std::string symbol;                // Memory: a symbol the displacement is relative to, or empty
  std::optional<UsdtRegister> base;  // Register, or Memory's base register
  std::optional<UsdtRegister> index; // Memory: the index register
  uint32_t scale = 1;                // Memory: what the index is multiplied by
};

// The specs of all arguments; *error names the first spec that cannot be read.
std::optional<std::vector<UsdtArgument>> parseUsdtArguments(std::string_view specs,
                                                            std::string *error);

// One spec, e.g. "-4@-20(%rbp)".
std::optional<UsdtArgument> parseUsdtArgument(std::string_view spec);

// An x86-64 register name without '%' ("eax", "r8d", "bl", "ah") as the
// 64-bit register it is part of.
std::optional<UsdtRegister> x86Register(std::string_view name);

} // namespace bpfscope
