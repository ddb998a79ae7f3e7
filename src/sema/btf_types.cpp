#include "sema/btf_types.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include <cstdlib>
#include <string>

namespace bpfscope {

namespace {

bool isCharacter(const struct btf *btf, const struct btf_type *t) {
  if (!btf_is_int(t) || t->size != 1)
    return false;
  std::string_view name = btf__name_by_offset(btf, t->name_off);
  return (btf_int_encoding(t) & BTF_INT_CHAR) || name == "char" || name == "signed char" ||
         name == "unsigned char";
}

} // namespace

std::string vmlinuxBtfPath() {
  const char *path = std::getenv("BPFTRACE_BTF");
  return path && *path ? path : "/sys/kernel/btf/vmlinux";
}

std::string missingBtfMessage(const std::string &feature) {
  return feature + " need the kernel's BTF type information, and " + vmlinuxBtfPath() +
         " cannot be read (a kernel built without CONFIG_DEBUG_INFO_BTF)";
}

BtfTypes *BtfTypes::vmlinux() {
  static std::unique_ptr<BtfTypes> loaded = []() -> std::unique_ptr<BtfTypes> {
    struct btf *btf = btf__parse(vmlinuxBtfPath().c_str(), nullptr);
    if (libbpf_get_error(btf))
      return nullptr;
    return std::make_unique<BtfTypes>(btf);
  }();
  return loaded.get();
}

BtfTypes::BtfTypes(struct btf *btf) : btf_(btf) {}

BtfTypes::~BtfTypes() {
  btf__free(btf_);
}

uint32_t BtfTypes::skipQualifiers(uint32_t id) const {
  for (;;) {
    const struct btf_type *t = id ? btf__type_by_id(btf_, id) : nullptr;
    if (!t)
      return 0;
    switch (btf_kind(t)) {
    case BTF_KIND_TYPEDEF:
    case BTF_KIND_CONST:
    case BTF_KIND_VOLATILE:
    case BTF_KIND_RESTRICT:
    case BTF_KIND_TYPE_TAG:
      id = t->type;
      break;
    default:
      return id;
    }
  }
}

Type BtfTypes::typeOf(uint32_t id) {
  id = skipQualifiers(id);
  const struct btf_type *t = id ? btf__type_by_id(btf_, id) : nullptr;
  if (!t)
    return Type::none();
  switch (btf_kind(t)) {
  case BTF_KIND_INT:
  case BTF_KIND_FLOAT:
    return integerType(t);
  case BTF_KIND_PTR:
    return pointerType(t);
  case BTF_KIND_ARRAY:
    return arrayType(t);
  case BTF_KIND_STRUCT:
  case BTF_KIND_UNION:
    return Type::structure(structDef(id));
  case BTF_KIND_FWD: {
    // A forward declaration: the definition is elsewhere in the same BTF.
    int kind = btf_kflag(t) ? BTF_KIND_UNION : BTF_KIND_STRUCT;
    int real = btf__find_by_name_kind(btf_, btf__name_by_offset(btf_, t->name_off), kind);
    if (real > 0)
      return Type::structure(structDef(static_cast<uint32_t>(real)));
    return Type::none();
  }
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64: {
    Type e = Type::integer(t->size, btf_kflag(t));
    e.enumeration = enumDef(id);
    return e;
  }
  default:
    return Type::none();
  }
}

Type BtfTypes::integerType(const struct btf_type *t) {
  std::string_view name = btf__name_by_offset(btf_, t->name_off);
  if (btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_BOOL || name == "_Bool"))
    return Type::boolean();
  if (t->size > 8) // __int128: no 128-bit integers in scripts; keep the bytes
    return Type::array(Type::integer(8, false), t->size / 8);
  bool is_signed = btf_is_int(t) && (btf_int_encoding(t) & BTF_INT_SIGNED);
  return Type::integer(t->size, is_signed);
}

Type BtfTypes::pointerType(const struct btf_type *t) {
  uint32_t target = skipQualifiers(t->type);
  const struct btf_type *pointee = target ? btf__type_by_id(btf_, target) : nullptr;
  if (!pointee || btf_is_func_proto(pointee))
    return Type::pointer();
  Type element = typeOf(target);
  if (element.kind == TypeKind::None)
    return Type::pointer();
  return Type::pointerTo(std::move(element));
}

Type BtfTypes::arrayType(const struct btf_type *t) {
  const struct btf_array *a = btf_array(t);
  uint32_t element_id = skipQualifiers(a->type);
  const struct btf_type *element = element_id ? btf__type_by_id(btf_, element_id) : nullptr;
  if (element && isCharacter(btf_, element))
    return Type::string(a->nelems);
  return Type::array(typeOf(element_id), a->nelems);
}

std::shared_ptr<const StructDef> BtfTypes::structDef(uint32_t id) {
  auto it = structs_.find(id);
  if (it == structs_.end()) {
    const struct btf_type *t = btf__type_by_id(btf_, id);
    std::string name = btf_is_union(t) ? "union" : "struct";
    std::string_view tag = btf__name_by_offset(btf_, t->name_off);
    if (!tag.empty())
      name += " " + std::string(tag);
    auto def = std::make_unique<const StructDef>(name, t->size, alignmentForSize(t->size),
                                                 [this, id] { return loadFields(id); });
    it = structs_.emplace(id, std::move(def)).first;
  }
  // Non-owning (aliasing an empty owner): a struct's fields refer back to
  // structs that refer to it, and owning references would form a cycle.
  return std::shared_ptr<const StructDef>(std::shared_ptr<const StructDef>(), it->second.get());
}

std::vector<StructField> BtfTypes::loadFields(uint32_t id) {
  const struct btf_type *t = btf__type_by_id(btf_, id);
  const struct btf_member *members = btf_members(t);
  std::vector<StructField> fields;
  for (uint32_t i = 0; i < btf_vlen(t); ++i) {
    StructField f;
    f.name = btf__name_by_offset(btf_, members[i].name_off);
    f.type = typeOf(members[i].type);
    uint32_t bit_offset = btf_member_bit_offset(t, i);
    uint32_t bits = btf_member_bitfield_size(t, i);
    f.offset = bit_offset / 8;
    if (bits) {
      f.bit_shift = bit_offset % 8;
      f.bit_width = bits;
    }
    fields.push_back(std::move(f));
  }
  return fields;
}

std::shared_ptr<const EnumDef> BtfTypes::enumDef(uint32_t id) {
  auto it = enums_.find(id);
  if (it != enums_.end())
    return it->second;
  const struct btf_type *t = btf__type_by_id(btf_, id);
  std::vector<std::pair<std::string, int64_t>> values;
  for (uint32_t i = 0; i < btf_vlen(t); ++i) {
    if (btf_is_enum(t)) {
      const struct btf_enum &e = btf_enum(t)[i];
      int64_t v = btf_kflag(t) ? static_cast<int64_t>(static_cast<int32_t>(e.val))
                               : static_cast<int64_t>(static_cast<uint32_t>(e.val));
      values.emplace_back(btf__name_by_offset(btf_, e.name_off), v);
    } else {
      const struct btf_enum64 &e = btf_enum64(t)[i];
      values.emplace_back(btf__name_by_offset(btf_, e.name_off),
                          static_cast<int64_t>(btf_enum64_value(&e)));
    }
  }
  std::string tag = btf__name_by_offset(btf_, t->name_off);
  auto def =
      std::make_shared<const EnumDef>(tag.empty() ? "enum" : "enum " + tag, std::move(values));
  enums_.emplace(id, def);
  return def;
}

bool BtfTypes::hasFunction(const std::string &name) const {
  return btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_FUNC) > 0;
}

bool BtfTypes::hasVariable(const std::string &name) const {
  return btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_VAR) > 0;
}

bool BtfTypes::isPerCpuVariable(uint32_t var_id) const {
  int section = btf__find_by_name_kind(btf_, ".data..percpu", BTF_KIND_DATASEC);
  if (section <= 0)
    return false;
  const struct btf_type *t = btf__type_by_id(btf_, static_cast<uint32_t>(section));
  const struct btf_var_secinfo *vars = btf_var_secinfos(t);
  for (uint16_t i = 0; i < btf_vlen(t); ++i)
    if (vars[i].type == var_id)
      return true;
  return false;
}

namespace {

// The kind of a type that ends a variable's layers; nullopt for pointers and
// arrays (which go on) and for functions and forward declarations.
std::optional<KernelTypeLayer::Kind> lastLayerKind(const struct btf_type *t) {
  using Kind = KernelTypeLayer::Kind;
  switch (btf_kind(t)) {
  case BTF_KIND_STRUCT:
    return Kind::Struct;
  case BTF_KIND_UNION:
    return Kind::Union;
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64:
    return Kind::Enum;
  case BTF_KIND_INT:
    return Kind::Integer;
  case BTF_KIND_FLOAT:
    return Kind::Float;
  default:
    return std::nullopt;
  }
}

} // namespace

std::optional<std::vector<KernelTypeLayer>> BtfTypes::typeLayers(uint32_t id) const {
  using Kind = KernelTypeLayer::Kind;
  std::vector<KernelTypeLayer> layers;
  for (;;) {
    id = skipQualifiers(id);
    const struct btf_type *t = id ? btf__type_by_id(btf_, id) : nullptr;
    if (!t) {
      layers.push_back({Kind::Void, 0});
      return layers;
    }
    if (btf_is_ptr(t)) {
      layers.push_back({Kind::Pointer, 8});
      id = t->type;
    } else if (btf_is_array(t)) {
      auto size = btf__resolve_size(btf_, id);
      layers.push_back({Kind::Array, size > 0 ? static_cast<uint32_t>(size) : 0});
      id = btf_array(t)->type;
    } else if (std::optional<Kind> kind = lastLayerKind(t)) {
      layers.push_back({*kind, t->size});
      return layers;
    } else {
      return std::nullopt;
    }
  }
}

std::optional<std::vector<KernelTypeLayer>>
BtfTypes::perCpuVariableLayers(const std::string &name) const {
  int id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_VAR);
  if (id <= 0 || !isPerCpuVariable(static_cast<uint32_t>(id)))
    return std::nullopt;
  return typeLayers(btf__type_by_id(btf_, static_cast<uint32_t>(id))->type);
}

std::optional<Type> BtfTypes::find(std::string_view c_name) {
  auto lookup = [&](std::string_view name, int kind) -> std::optional<Type> {
    int id = btf__find_by_name_kind(btf_, std::string(name).c_str(), kind);
    if (id <= 0)
      return std::nullopt;
    return typeOf(static_cast<uint32_t>(id));
  };
  for (auto [prefix, kinds] :
       {std::pair{std::string_view("struct "), std::vector<int>{BTF_KIND_STRUCT}},
        {"union ", {BTF_KIND_UNION}},
        {"enum ", {BTF_KIND_ENUM, BTF_KIND_ENUM64}}}) {
    if (c_name.substr(0, prefix.size()) != prefix)
      continue;
    for (int kind : kinds)
      if (auto t = lookup(c_name.substr(prefix.size()), kind))
        return t;
    return std::nullopt;
  }
  if (auto t = lookup(c_name, BTF_KIND_TYPEDEF))
    return t;
  return lookup(c_name, BTF_KIND_INT);
}

void BtfTypes::indexEnumConstants() {
  if (enum_constants_)
    return;
  enum_constants_.emplace();
  for (uint32_t id = 1; id < btf__type_cnt(btf_); ++id) {
    const struct btf_type *t = btf__type_by_id(btf_, id);
    if (!btf_is_any_enum(t))
      continue;
    auto def = enumDef(id);
    for (const auto &value : def->values())
      enum_constants_->emplace(value.first, def);
  }
}

std::shared_ptr<const EnumDef> BtfTypes::enumOfConstant(const std::string &name) {
  indexEnumConstants();
  auto it = enum_constants_->find(name);
  return it == enum_constants_->end() ? nullptr : it->second;
}

std::optional<int64_t> BtfTypes::enumConstant(const std::string &name) {
  auto def = enumOfConstant(name);
  if (!def)
    return std::nullopt;
  for (const auto &[enumerator, value] : def->values())
    if (enumerator == name)
      return value;
  return std::nullopt;
}

std::vector<std::string> BtfTypes::structNames() {
  std::vector<std::string> names;
  for (uint32_t id = 1; id < btf__type_cnt(btf_); ++id) {
    const struct btf_type *t = btf__type_by_id(btf_, id);
    if ((btf_is_struct(t) || btf_is_union(t)) && t->name_off)
      names.push_back(std::string(btf_is_union(t) ? "union " : "struct ") +
                      btf__name_by_offset(btf_, t->name_off));
  }
  return names;
}

} // namespace bpfscope
