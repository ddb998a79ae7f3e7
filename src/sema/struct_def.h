// C structs, unions and enums as bpfscope types: from kernel BTF
// (sema/btf_types.h) or from the script's C preamble (sema/c_definitions.h).
// A StructDef's fields are produced on first use, so that naming a big kernel
// struct does not convert every type it reaches.
#pragma once

#include "sema/types.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bpfscope {

struct StructField {
  std::string name; // empty for an anonymous struct/union member
  Type type;
  uint32_t offset = 0; // bytes from the start of the struct
  // A bitfield is `bit_width` bits starting `bit_shift` bits into the
  // storage at `offset` (little-endian); bit_width 0 means not a bitfield.
  uint32_t bit_shift = 0;
  uint32_t bit_width = 0;

  bool isBitfield() const { return bit_width != 0; }
  // Bytes to read to cover the bitfield: 1, 2, 4 or 8.
  uint32_t bitfieldStorageBytes() const;
};

// For type information that records no alignment (BTF, DWARF): a struct is
// aligned like the largest power of two (up to 8) that divides its size,
// which is right for the structs compilers lay out.
uint32_t alignmentForSize(uint32_t size);

class StructDef {
public:
  using FieldLoader = std::function<std::vector<StructField>()>;

  StructDef(std::string name, uint32_t size, uint32_t alignment, FieldLoader load)
      : name_(std::move(name)), size_(size), alignment_(alignment), load_(std::move(load)) {}

  // "struct task_struct", "union foo"
  const std::string &name() const { return name_; }
  uint32_t size() const { return size_; }
  uint32_t alignment() const { return alignment_; }
  const std::vector<StructField> &fields() const;

  // The named field, looking through anonymous members (its offset is then
  // from the start of this struct).
  std::optional<StructField> find(std::string_view field) const;
  // Every reachable field name, for "did you mean".
  std::vector<std::string> fieldNames() const;

private:
  std::string name_;
  uint32_t size_;
  uint32_t alignment_;
  FieldLoader load_;
  mutable std::optional<std::vector<StructField>> fields_;
};

class EnumDef {
public:
  EnumDef(std::string name, std::vector<std::pair<std::string, int64_t>> values)
      : name_(std::move(name)), values_(std::move(values)) {}

  const std::string &name() const { return name_; } // "enum foo"
  const std::vector<std::pair<std::string, int64_t>> &values() const { return values_; }
  // The first enumerator with this value; nullopt when none has it.
  std::optional<std::string> nameOf(int64_t value) const;

private:
  std::string name_;
  std::vector<std::pair<std::string, int64_t>> values_;
};

} // namespace bpfscope
