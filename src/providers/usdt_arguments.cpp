#include "providers/usdt_arguments.h"

#include <array>
#include <cctype>
#include <charconv>

namespace bpfscope {
namespace {

// A signed decimal or 0x-hex number, the whole text.
std::optional<int64_t> parseSigned(std::string_view text) {
  bool negative = text.starts_with('-');
  if (negative || text.starts_with('+'))
    text.remove_prefix(1);
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  uint64_t magnitude = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  auto value = static_cast<int64_t>(magnitude);
  return negative ? -value : value;
}

// The four registers with byte-addressable high halves: %ah is bits 8-15 of %rax.
std::optional<UsdtRegister> legacyRegister(std::string_view name) {
  for (char r : {'a', 'b', 'c', 'd'}) {
    std::string full = std::string("r") + r + "x";
    std::string x = std::string(1, r) + "x";
    if (name == full || name == "e" + x || name == x || name == std::string(1, r) + "l")
      return UsdtRegister{full, 0};
    if (name == std::string(1, r) + "h")
      return UsdtRegister{full, 8};
  }
  for (std::string_view r : {"si", "di", "bp", "sp"}) {
    std::string base(r);
    if (name == "r" + base || name == "e" + base || name == base || name == base + "l")
      return UsdtRegister{"r" + base, 0};
  }
  return std::nullopt;
}

// %r8 … %r15 and their narrower parts (r8d, r8w, r8b, r8l).
std::optional<UsdtRegister> numberedRegister(std::string_view name) {
  if (!name.starts_with('r'))
    return std::nullopt;
  unsigned number = 0;
  auto [end, ec] = std::from_chars(name.data() + 1, name.data() + name.size(), number);
  if (ec != std::errc() || number < 8 || number > 15)
    return std::nullopt;
  std::string_view suffix(end, name.data() + name.size() - end);
  if (!suffix.empty() && suffix != "d" && suffix != "w" && suffix != "b" && suffix != "l")
    return std::nullopt;
  return UsdtRegister{"r" + std::to_string(number), 0};
}

std::optional<UsdtRegister> registerOperand(std::string_view text) {
  if (!text.starts_with('%'))
    return std::nullopt;
  return x86Register(text.substr(1));
}

// "sym", "sym+8", "sym-8", "-16", "" (no displacement).
bool parseDisplacement(std::string_view text, UsdtArgument &arg) {
  if (text.empty())
    return true;
  if (auto number = parseSigned(text)) {
    arg.value = *number;
    return true;
  }
  size_t sign = text.find_first_of("+-", 1);
  arg.symbol = std::string(text.substr(0, sign));
  bool symbol_ok = std::isalpha(static_cast<unsigned char>(arg.symbol[0])) ||
                   arg.symbol[0] == '_' || arg.symbol[0] == '.';
  if (!symbol_ok)
    return false;
  if (sign == std::string_view::npos)
    return true;
  auto offset = parseSigned(text.substr(sign));
  arg.value = offset.value_or(0);
  return offset.has_value();
}

// "(%base)", "(%base,%index)", "(%base,%index,scale)", "(,%index,scale)".
bool parseAddressRegisters(std::string_view text, UsdtArgument &arg) {
  std::array<std::string_view, 3> fields;
  size_t count = 0;
  while (count < fields.size()) {
    size_t comma = text.find(',');
    fields[count++] = text.substr(0, comma);
    if (comma == std::string_view::npos)
      break;
    text.remove_prefix(comma + 1);
    if (count == fields.size())
      return false; // a fourth field
  }
  if (!fields[0].empty() && !(arg.base = registerOperand(fields[0])))
    return false;
  if (count >= 2 && !(arg.index = registerOperand(fields[1])))
    return false;
  if (count == 3) {
    auto scale = parseSigned(fields[2]);
    if (!scale || (*scale != 1 && *scale != 2 && *scale != 4 && *scale != 8))
      return false;
    arg.scale = static_cast<uint32_t>(*scale);
  }
  return arg.base || arg.index;
}

bool parseOperand(std::string_view text, UsdtArgument &arg) {
  if (text.starts_with('%')) {
    arg.kind = UsdtArgument::Kind::Register;
    arg.base = registerOperand(text);
    return arg.base.has_value();
  }
  if (text.starts_with('$')) {
    auto value = parseSigned(text.substr(1));
    arg.value = value.value_or(0);
    return value.has_value();
  }
  arg.kind = UsdtArgument::Kind::Memory;
  size_t open = text.find('(');
  if (!parseDisplacement(text.substr(0, open), arg))
    return false;
  if (open == std::string_view::npos)
    return !text.empty(); // an absolute address
  if (!text.ends_with(')'))
    return false;
  return parseAddressRegisters(text.substr(open + 1, text.size() - open - 2), arg);
}

// "-4" before '@': the value's width and sign.
bool parseSize(std::string_view text, UsdtArgument &arg) {
  arg.is_signed = text.starts_with('-');
  if (arg.is_signed)
    text.remove_prefix(1);
  auto size = parseSigned(text);
  if (!size || (*size != 1 && *size != 2 && *size != 4 && *size != 8))
    return false;
  arg.size = static_cast<uint32_t>(*size);
  return true;
}

} // namespace

std::optional<UsdtRegister> x86Register(std::string_view name) {
  if (name == "rip")
    return UsdtRegister{"rip", 0};
  if (auto r = legacyRegister(name))
    return r;
  return numberedRegister(name);
}

std::optional<UsdtArgument> parseUsdtArgument(std::string_view spec) {
  UsdtArgument arg;
  size_t at = spec.find('@');
  // SDT v1 notes carry no size: a full machine word.
  if (at != std::string_view::npos && !parseSize(spec.substr(0, at), arg))
    return std::nullopt;
  std::string_view operand = at == std::string_view::npos ? spec : spec.substr(at + 1);
  if (!parseOperand(operand, arg))
    return std::nullopt;
  return arg;
}

std::optional<std::vector<UsdtArgument>> parseUsdtArguments(std::string_view specs,
                                                            std::string *error) {
  std::vector<UsdtArgument> args;
  while (!specs.empty()) {
    size_t end = specs.find(' ');
    std::string_view spec = specs.substr(0, end);
    if (!spec.empty()) {
      auto arg = parseUsdtArgument(spec);
      if (!arg) {
        if (error)
          *error = "cannot read the argument spec '" + std::string(spec) + "'";
        return std::nullopt;
      }
      args.push_back(std::move(*arg));
    }
    specs = end == std::string_view::npos ? std::string_view() : specs.substr(end + 1);
  }
  return args;
}

} // namespace bpfscope
