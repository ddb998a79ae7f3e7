#include "providers/dwarf_args.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <unistd.h>

namespace bpfscope {
namespace {

// The System V ABI passes this many integer arguments in registers.
constexpr unsigned kRegisterArguments = 6;

std::string dieName(Dwarf_Die *die) {
  const char *name = dwarf_diename(die);
  return name ? name : "";
}

// The DIE an attribute refers to, following abstract origins and
// specifications; nullopt when it is absent (a `void` type).
std::optional<Dwarf_Die> referenced(Dwarf_Die *die, unsigned attribute) {
  Dwarf_Attribute attr;
  Dwarf_Die target;
  if (!dwarf_attr_integrate(die, attribute, &attr) || !dwarf_formref_die(&attr, &target))
    return std::nullopt;
  return target;
}

std::optional<Dwarf_Die> typeOf(Dwarf_Die *die) {
  return referenced(die, DW_AT_type);
}

std::optional<uint64_t> unsignedAttribute(Dwarf_Die *die, unsigned attribute) {
  Dwarf_Attribute attr;
  Dwarf_Word value = 0;
  if (!dwarf_attr_integrate(die, attribute, &attr) || dwarf_formudata(&attr, &value) != 0)
    return std::nullopt;
  return value;
}

std::vector<Dwarf_Die> childrenWithTag(Dwarf_Die *parent, int tag) {
  std::vector<Dwarf_Die> children;
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0)
    return children;
  do {
    if (dwarf_tag(&child) == tag)
      children.push_back(child);
  } while (dwarf_siblingof(&child, &child) == 0);
  return children;
}

// A type as bpftrace's -lv spells it: "int", "const char*", "struct Foo*",
// "char* const".
std::string typeName(std::optional<Dwarf_Die> type) {
  if (!type)
    return "void";
  switch (dwarf_tag(&*type)) {
  case DW_TAG_base_type:
  case DW_TAG_typedef:
    return dieName(&*type);
  case DW_TAG_pointer_type:
    return typeName(typeOf(&*type)) + "*";
  case DW_TAG_structure_type:
  case DW_TAG_union_type:
  case DW_TAG_enumeration_type: {
    int tag = dwarf_tag(&*type);
    std::string prefix = tag == DW_TAG_structure_type ? "struct "
                         : tag == DW_TAG_union_type   ? "union "
                                                      : "enum ";
    std::string name = dieName(&*type);
    return prefix + (name.empty() ? "<anonymous>" : name);
  }
  case DW_TAG_const_type:
  case DW_TAG_volatile_type: {
    std::string qualifier = dwarf_tag(&*type) == DW_TAG_const_type ? "const" : "volatile";
    auto inner = typeOf(&*type);
    if (inner && dwarf_tag(&*inner) == DW_TAG_pointer_type)
      return typeName(inner) + " " + qualifier;
    return qualifier + " " + typeName(inner);
  }
  default:
    return "<unknown type>";
  }
}

// The type with its typedefs and qualifiers removed.
std::optional<Dwarf_Die> peeled(std::optional<Dwarf_Die> type) {
  Dwarf_Die result;
  if (!type || dwarf_peel_type(&*type, &result) != 0)
    return type;
  return result;
}

bool isFloatingPoint(Dwarf_Die *base) {
  auto encoding = unsignedAttribute(base, DW_AT_encoding);
  return encoding && (*encoding == DW_ATE_float || *encoding == DW_ATE_complex_float);
}

bool isStructLike(int tag) {
  return tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type;
}

bool isCharacter(Dwarf_Die *type) {
  auto encoding = unsignedAttribute(type, DW_AT_encoding);
  return dwarf_tag(type) == DW_TAG_base_type && dwarf_bytesize(type) == 1 && encoding &&
         (*encoding == DW_ATE_signed_char || *encoding == DW_ATE_unsigned_char);
}

// Integers, booleans and enums as scripts see them; none for anything else.
Type scalarType(Dwarf_Die *type) {
  int size = dwarf_bytesize(type);
  if (size <= 0 || size > 8)
    return Type::none();
  if (dwarf_tag(type) == DW_TAG_enumeration_type)
    return Type::integer(static_cast<uint32_t>(size), false);
  auto encoding = unsignedAttribute(type, DW_AT_encoding);
  if (dwarf_tag(type) != DW_TAG_base_type || !encoding || isFloatingPoint(type))
    return Type::none();
  if (*encoding == DW_ATE_boolean)
    return Type::boolean();
  bool is_signed = *encoding == DW_ATE_signed || *encoding == DW_ATE_signed_char;
  return Type::integer(static_cast<uint32_t>(size), is_signed);
}

// Every function definition of the binary by name and C++ linkage name, the
// first definition of a name winning.
using FunctionIndex = std::unordered_map<std::string, Dwarf_Off>;

int indexFunction(Dwarf_Die *die, void *arg) {
  auto *index = static_cast<FunctionIndex *>(arg);
  if (dwarf_hasattr(die, DW_AT_declaration))
    return DWARF_CB_OK;
  Dwarf_Attribute attr;
  const char *linkage = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &attr));
  index->try_emplace(dieName(die), dwarf_dieoffset(die));
  if (linkage)
    index->try_emplace(linkage, dwarf_dieoffset(die));
  return DWARF_CB_OK;
}

FunctionIndex indexFunctions(Dwarf *dwarf) {
  FunctionIndex index;
  Dwarf_Off offset = 0, next = 0;
  size_t header_size = 0;
  while (dwarf_nextcu(dwarf, offset, &next, &header_size, nullptr, nullptr, nullptr) == 0) {
    Dwarf_Die unit;
    if (dwarf_offdie(dwarf, offset + header_size, &unit))
      dwarf_getfuncs(&unit, indexFunction, &index, 0);
    offset = next;
  }
  return index;
}

} // namespace

// Converts DWARF types to script types, making each struct's definition once.
class DwarfInfo::TypeReader {
public:
  explicit TypeReader(const DwarfInfo &info) : info_(info) {}

  // What a pointer's pointee, a struct field or an array element reads as.
  Type typeOf(std::optional<Dwarf_Die> type) {
    type = peeled(type);
    if (!type)
      return Type::none();
    int tag = dwarf_tag(&*type);
    if (tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type ||
        tag == DW_TAG_rvalue_reference_type)
      return pointerType(&*type);
    if (isStructLike(tag))
      return structType(&*type);
    if (tag == DW_TAG_array_type)
      return arrayType(&*type);
    return scalarType(&*type);
  }

  Type pointerType(Dwarf_Die *pointer) {
    Type pointee = typeOf(bpfscope::typeOf(pointer));
    if (pointee.kind == TypeKind::None)
      return Type::pointer(true);
    return Type::pointerTo(std::move(pointee), true);
  }

  // The function's parameters in order, each placed in its argument
  // register as the System V ABI places integers and pointers.
  std::vector<DwarfParameter> parameters(Dwarf_Die *function) {
    std::vector<DwarfParameter> params;
    unsigned next_register = 0;
    // A struct passed by value takes registers or stack by rules of its
    // own: the arguments after it cannot be placed.
    bool placed = true;
    for (Dwarf_Die die : childrenWithTag(function, DW_TAG_formal_parameter)) {
      DwarfParameter p;
      p.name = dieName(&die);
      auto type = bpfscope::typeOf(&die);
      p.c_type = typeName(type);
      auto value = peeled(type);
      if (value && isStructLike(dwarf_tag(&*value))) {
        p.unreadable = "it is a struct passed by value";
        placed = false;
      } else if (value && dwarf_tag(&*value) == DW_TAG_base_type && isFloatingPoint(&*value)) {
        p.unreadable = "it is a floating-point value, passed in an SSE register";
      } else if (!placed) {
        p.unreadable = "it follows a struct passed by value, so its register is unknown";
      } else if (next_register >= kRegisterArguments) {
        p.unreadable = "only the first " + std::to_string(kRegisterArguments) +
                       " integer arguments are passed in registers";
      } else {
        p.register_index = next_register++;
        p.type = typeOf(type);
        if (p.type.kind == TypeKind::None)
          p.unreadable = "its type (" + p.c_type + ") is not supported";
      }
      params.push_back(std::move(p));
    }
    return params;
  }

  std::vector<StructField> fields(uint64_t struct_offset) {
    Dwarf_Die def;
    std::vector<StructField> fields;
    if (!dwarf_offdie(info_.dwarf_, struct_offset, &def))
      return fields;
    for (Dwarf_Die member : childrenWithTag(&def, DW_TAG_member))
      fields.push_back(field(&member));
    return fields;
  }

private:
  Type structType(Dwarf_Die *type) {
    if (dwarf_hasattr(type, DW_AT_declaration))
      return Type::none(); // an incomplete type: no layout to read
    uint64_t offset = dwarf_dieoffset(type);
    auto &def = info_.structs_[offset];
    if (!def) {
      std::string name = dwarf_tag(type) == DW_TAG_union_type ? "union" : "struct";
      if (std::string tag = dieName(type); !tag.empty())
        name += " " + tag;
      auto size = static_cast<uint32_t>(std::max(dwarf_bytesize(type), 0));
      const DwarfInfo *info = &info_;
      def = std::make_unique<const StructDef>(name, size, alignmentForSize(size), [info, offset] {
        return TypeReader(*info).fields(offset);
      });
    }
    // Non-owning: the info keeps every definition, and structs that refer to
    // each other would otherwise own each other.
    return Type::structure(
        std::shared_ptr<const StructDef>(std::shared_ptr<const StructDef>(), def.get()));
  }

  // char[N] is a string, as BTF's char arrays are; a multi-dimensional
  // array is an array of arrays, its last dimension innermost.
  Type arrayType(Dwarf_Die *array) {
    auto element_die = peeled(bpfscope::typeOf(array));
    Type element = typeOf(element_die);
    std::vector<Dwarf_Die> dimensions = childrenWithTag(array, DW_TAG_subrange_type);
    for (auto it = dimensions.rbegin(); it != dimensions.rend(); ++it) {
      auto count = unsignedAttribute(&*it, DW_AT_count);
      if (auto upper = unsignedAttribute(&*it, DW_AT_upper_bound); !count && upper)
        count = *upper + 1;
      auto n = static_cast<uint32_t>(count.value_or(0));
      bool chars = it == dimensions.rbegin() && element_die && isCharacter(&*element_die);
      element = chars ? Type::string(n) : Type::array(std::move(element), n);
    }
    return element;
  }

  StructField field(Dwarf_Die *member) {
    StructField f;
    f.name = dieName(member);
    f.type = typeOf(bpfscope::typeOf(member));
    auto bit_size = unsignedAttribute(member, DW_AT_bit_size);
    if (auto data_bits = unsignedAttribute(member, DW_AT_data_bit_offset); bit_size && data_bits) {
      f.offset = static_cast<uint32_t>(*data_bits / 8);
      f.bit_shift = static_cast<uint32_t>(*data_bits % 8);
      f.bit_width = static_cast<uint32_t>(*bit_size);
      return f;
    }
    f.offset =
        static_cast<uint32_t>(unsignedAttribute(member, DW_AT_data_member_location).value_or(0));
    // DWARF before version 4 counts a bitfield's bits from the high end of
    // its storage unit.
    auto high_bits = unsignedAttribute(member, DW_AT_bit_offset);
    auto storage = unsignedAttribute(member, DW_AT_byte_size);
    if (bit_size && high_bits && storage) {
      f.bit_shift = static_cast<uint32_t>(*storage * 8 - *high_bits - *bit_size);
      f.bit_width = static_cast<uint32_t>(*bit_size);
    }
    return f;
  }

  const DwarfInfo &info_;
};

std::shared_ptr<const DwarfInfo> DwarfInfo::load(const std::string &path) {
  static std::map<std::string, std::shared_ptr<const DwarfInfo>> cache;
  auto [it, inserted] = cache.try_emplace(path);
  if (!inserted)
    return it->second;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  Dwarf *dwarf = fd >= 0 ? dwarf_begin(fd, DWARF_C_READ) : nullptr;
  if (!dwarf) {
    if (fd >= 0)
      close(fd);
    return nullptr;
  }
  it->second = std::shared_ptr<const DwarfInfo>(new DwarfInfo(fd, dwarf));
  return it->second;
}

DwarfInfo::~DwarfInfo() {
  dwarf_end(dwarf_);
  close(fd_);
}

const std::vector<DwarfParameter> *DwarfInfo::parameters(const std::string &function) const {
  if (!function_offsets_)
    function_offsets_ = indexFunctions(dwarf_);
  auto offset = function_offsets_->find(function);
  Dwarf_Die die;
  if (offset == function_offsets_->end() || !dwarf_offdie(dwarf_, offset->second, &die))
    return nullptr;
  auto [it, inserted] = parameters_.try_emplace(offset->second);
  if (inserted)
    it->second = TypeReader(*this).parameters(&die);
  return &it->second;
}

} // namespace bpfscope
