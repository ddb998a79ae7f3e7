#include "sema/scalar_types.h"

#include <charconv>
#include <map>

namespace bpfscope {

std::optional<Type> cIntegerTypeNamed(std::string_view name) {
  static const std::map<std::string_view, Type> known = {
      {"char", Type::integer(1, true)},
      {"signed char", Type::integer(1, true)},
      {"unsigned char", Type::integer(1, false)},
      {"short", Type::integer(2, true)},
      {"unsigned short", Type::integer(2, false)},
      {"int", Type::integer(4, true)},
      {"signed", Type::integer(4, true)},
      {"unsigned", Type::integer(4, false)},
      {"unsigned int", Type::integer(4, false)},
      {"long", Type::integer(8, true)},
      {"unsigned long", Type::integer(8, false)},
      {"long long", Type::integer(8, true)},
      {"unsigned long long", Type::integer(8, false)},
      {"u8", Type::integer(1, false)},
      {"u16", Type::integer(2, false)},
      {"u32", Type::integer(4, false)},
      {"u64", Type::integer(8, false)},
      {"s8", Type::integer(1, true)},
      {"s16", Type::integer(2, true)},
      {"s32", Type::integer(4, true)},
      {"s64", Type::integer(8, true)},
      {"pid_t", Type::integer(4, true)},
      {"size_t", Type::integer(8, false)},
      {"umode_t", Type::integer(2, false)},
  };
  auto it = known.find(name);
  if (it == known.end())
    return std::nullopt;
  return it->second;
}

std::optional<Type> scalarTypeNamed(std::string_view name, uint32_t max_strlen) {
  if (name == "bool")
    return Type::boolean();
  if (name == "string")
    return Type::string(max_strlen);
  bool is_signed = !name.starts_with("u");
  if (!name.substr(is_signed ? 0 : 1).starts_with("int"))
    return std::nullopt;
  std::string_view bits = name.substr(is_signed ? 3 : 4);
  if (bits == "8")
    return Type::integer(1, is_signed);
  if (bits == "16")
    return Type::integer(2, is_signed);
  if (bits == "32")
    return Type::integer(4, is_signed);
  if (bits == "64")
    return Type::integer(8, is_signed);
  return std::nullopt;
}

std::optional<uint32_t> stringCastSize(std::string_view name) {
  constexpr std::string_view prefix = "string[";
  if (!name.starts_with(prefix) || !name.ends_with("]"))
    return std::nullopt;
  std::string_view digits = name.substr(prefix.size(), name.size() - prefix.size() - 1);
  uint32_t size = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
  if (error != std::errc() || end != digits.data() + digits.size() || size == 0)
    return std::nullopt;
  return size;
}

} // namespace bpfscope
