#include "sema/scalar_types.h"

namespace bpfscope {

std::optional<Type> scalarTypeNamed(std::string_view name, uint32_t max_strlen) {
  if (name == "bool")
    return Type::boolean();
  if (name == "string")
    return Type::string(max_strlen);
  bool is_signed = !name.starts_with("u");
  std::string_view bits = name.substr(is_signed ? 3 : 4);
  if (!name.substr(is_signed ? 0 : 1).starts_with("int"))
    return std::nullopt;
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

} // namespace bpfscope
