#include "sema/struct_def.h"

namespace bpfscope {

uint32_t alignmentForSize(uint32_t size) {
  for (uint32_t a = 8; a > 1; a /= 2)
    if (size % a == 0)
      return a;
  return 1;
}

uint32_t StructField::bitfieldStorageBytes() const {
  uint32_t bits = bit_shift + bit_width;
  if (bits <= 8)
    return 1;
  if (bits <= 16)
    return 2;
  if (bits <= 32)
    return 4;
  return 8;
}

const std::vector<StructField> &StructDef::fields() const {
  if (!fields_)
    fields_ = load_ ? load_() : std::vector<StructField>{};
  return *fields_;
}

std::optional<StructField> StructDef::find(std::string_view field) const {
  for (const StructField &f : fields()) {
    if (f.name == field)
      return f;
    if (f.name.empty() && f.type.isStruct()) {
      if (auto inner = f.type.record->find(field)) {
        inner->offset += f.offset;
        return inner;
      }
    }
  }
  return std::nullopt;
}

std::vector<std::string> StructDef::fieldNames() const {
  std::vector<std::string> names;
  for (const StructField &f : fields()) {
    if (!f.name.empty())
      names.push_back(f.name);
    else if (f.type.isStruct())
      for (std::string &inner : f.type.record->fieldNames())
        names.push_back(std::move(inner));
  }
  return names;
}

std::optional<std::string> EnumDef::nameOf(int64_t value) const {
  for (const auto &[name, v] : values_)
    if (v == value)
      return name;
  return std::nullopt;
}

} // namespace bpfscope
