#include "sema/typed_access.h"

#include "parser/suggest.h"
#include "sema/btf_types.h"
#include "sema/header_constants.h"
#include "sema/scalar_types.h"
#include "sema/struct_def.h"

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

namespace bpfscope {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

uint32_t alignUp(uint32_t value, uint32_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

// A C array member: `char comm[16]` is a string, as in bpftrace.
Type arrayOf(const Type &element, uint32_t count) {
  if (element.isInteger() && element.size == 1)
    return Type::string(count);
  return Type::array(element, count);
}

// Script-defined structs are read into BPF memory, which holds far less.
constexpr uint32_t kMaxDefinedTypeBytes = 1 << 20;

// A member's name is new in its struct, its array fits in kMaxDefinedTypeBytes
// and its bitfield width is within its integer type.
bool validMember(const ast::CField &member, const Type &type, const std::string &owner,
                 std::set<std::string> &names, const ReportError &error) {
  if (!names.insert(member.name).second) {
    error(member.span, owner + " already has a member '" + member.name + "'", "");
    return false;
  }
  uint64_t elements = 1;
  for (uint64_t count : member.array_counts)
    elements =
        std::min<uint64_t>(elements * std::max<uint64_t>(count, 1), kMaxDefinedTypeBytes + 1);
  if (!member.array_counts.empty() && elements > kMaxDefinedTypeBytes / std::max(type.size, 1u)) {
    error(member.span, "array '" + member.name + "' is too large",
          "types defined in the script are at most " + std::to_string(kMaxDefinedTypeBytes) +
              " bytes");
    return false;
  }
  uint64_t type_bits = uint64_t{type.size} * 8;
  if (member.bit_width && (!type.isInteger() || *member.bit_width == 0 ||
                           *member.bit_width > type_bits || !member.array_counts.empty())) {
    error(member.span, "invalid bitfield '" + member.name + "'",
          type.isInteger() ? "its width must be between 1 and " + std::to_string(type_bits)
                           : "a bitfield must have an integer type");
    return false;
  }
  return true;
}

bool isTupleIndex(const std::string &field) {
  return !field.empty() &&
         std::all_of(field.begin(), field.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Type tupleMemberType(const Type &tuple, const ast::FieldAccess &f, const ReportError &error) {
  if (tuple.isRecord()) {
    for (size_t i = 0; i < tuple.names.size(); ++i)
      if (tuple.names[i] == f.field)
        return tuple.elements[i];
    error(f.field_span, "record " + tuple.name() + " has no field '" + f.field + "'",
          didYouMean(f.field, tuple.names));
    return Type::none();
  }
  if (!isTupleIndex(f.field)) {
    error(f.field_span, "a tuple's elements are read by index", "write .0, .1, …");
    return Type::none();
  }
  size_t i = std::stoul(f.field);
  if (i >= tuple.elements.size()) {
    error(f.field_span,
          "index " + f.field + " is out of range for a tuple of " +
              std::to_string(tuple.elements.size()) + " element(s)",
          "");
    return Type::none();
  }
  return tuple.elements[i];
}

// Memory reached through a user pointer stays user memory (uprobe arguments).
Type inAddressSpace(Type t, bool user) {
  t.user_address = user;
  return t;
}

} // namespace

// ------------------------------------------------------------ ScriptTypes

// bpftrace lets a cast name a struct or union without its keyword
// ((task_struct *)curtask) when no typedef has that name.
std::optional<Type> ScriptTypes::resolveBase(std::string_view base) const {
  if (auto t = resolveExactly(base))
    return t;
  if (base.find(' ') != std::string_view::npos)
    return std::nullopt;
  for (std::string_view keyword : {"struct ", "union "})
    if (auto t = resolveExactly(std::string(keyword) + std::string(base)))
      return t;
  return std::nullopt;
}

std::optional<Type> ScriptTypes::preambleType(std::string_view name) const {
  if (auto it = types_.find(name); it != types_.end())
    return it->second;
  return std::nullopt;
}

std::optional<Type> ScriptTypes::resolveExactly(std::string_view base) const {
  if (auto t = scalarTypeNamed(base, max_strlen_))
    return t;
  if (auto t = cIntegerTypeNamed(base))
    return t;
  if (auto it = types_.find(base); it != types_.end())
    return it->second;
  if (base == "void")
    return Type::none();
  BtfTypes *btf = BtfTypes::vmlinux();
  if (!btf)
    return std::nullopt;
  return btf->find(base);
}

std::optional<Type> ScriptTypes::resolve(std::string_view type_name) const {
  std::string_view rest = trim(type_name);
  std::optional<uint32_t> count;
  if (!rest.empty() && rest.back() == ']') {
    size_t open = rest.rfind('[');
    if (open == std::string_view::npos)
      return std::nullopt;
    count = static_cast<uint32_t>(std::stoul(std::string(rest.substr(open + 1))));
    rest = trim(rest.substr(0, open));
  }
  int stars = 0;
  while (!rest.empty() && rest.back() == '*') {
    ++stars;
    rest = trim(rest.substr(0, rest.size() - 1));
  }
  std::optional<Type> t = resolveBase(rest);
  if (!t)
    return std::nullopt;
  for (int i = 0; i < stars; ++i)
    t = t->kind == TypeKind::None ? Type::pointer() : Type::pointerTo(*t);
  // uint8[4] names an array; only a C char array (char[16]) is a string.
  bool scalar_name = scalarTypeNamed(rest, max_strlen_).has_value();
  if (count)
    t = scalar_name && stars == 0 ? Type::array(*t, *count) : arrayOf(*t, *count);
  return t;
}

std::optional<Type> ScriptTypes::resolveOrReport(std::string_view type_name, Span span,
                                                 const ReportError &error) const {
  if (auto t = resolve(type_name))
    return t;
  std::string base(trim(type_name.substr(0, type_name.find_first_of("*["))));
  std::string hint;
  if (base.starts_with("struct ") || base.starts_with("union ")) {
    std::vector<std::string> names;
    for (const auto &[name, t] : types_)
      names.push_back(name);
    if (BtfTypes *btf = BtfTypes::vmlinux())
      for (std::string &name : btf->structNames())
        names.push_back(std::move(name));
    hint = didYouMean(base, names);
    if (hint.empty() && !BtfTypes::vmlinux()) {
      error(span, "unknown type '" + base + "': " + missingBtfMessage("kernel struct types"),
            "define the type in the script's preamble");
      return std::nullopt;
    }
  }
  error(span, "unknown type '" + base + "'", hint);
  return std::nullopt;
}

std::optional<int64_t> ScriptTypes::constant(const std::string &name) const {
  if (auto it = constants_.find(name); it != constants_.end())
    return it->second;
  if (BtfTypes *btf = BtfTypes::vmlinux())
    if (auto value = btf->enumConstant(name))
      return value;
  return headerConstant(name);
}

// The script's own enums print by name, anonymous ones too, as in bpftrace;
// of the kernel's only the named ones do: its anonymous enums
// (`enum { TASK_COMM_LEN = 16 }`) are how C spells integer constants.
std::shared_ptr<const EnumDef> ScriptTypes::enumOfConstant(const std::string &name) const {
  if (auto it = constant_enums_.find(name); it != constant_enums_.end())
    return it->second;
  BtfTypes *btf = constants_.count(name) ? nullptr : BtfTypes::vmlinux();
  std::shared_ptr<const EnumDef> def = btf ? btf->enumOfConstant(name) : nullptr;
  bool named = def && def->name().size() > std::string_view("enum ").size();
  return named ? def : nullptr;
}

void ScriptTypes::define(const ast::Program &program, uint32_t max_strlen,
                         const ReportError &error) {
  max_strlen_ = max_strlen;
  for (const ast::CDefine &d : program.c_defines)
    constants_[d.name] = d.value;
  for (const ast::CTypeDefinition &def : program.c_types) {
    if (def.kind == "enum")
      defineEnum(def, error);
    else
      defineStruct(def, error);
  }
}

void ScriptTypes::defineEnum(const ast::CTypeDefinition &def, const ReportError &error) {
  std::vector<std::pair<std::string, int64_t>> values;
  int64_t next = 0;
  for (const ast::CEnumValue &v : def.values) {
    if (constants_.count(v.name)) {
      error(v.span, "'" + v.name + "' is already defined", "give each enumerator its own name");
      return;
    }
    int64_t value = v.value.value_or(next);
    values.emplace_back(v.name, value);
    constants_[v.name] = value;
    next = value + 1;
  }
  std::string name = "enum " + def.name;
  Type t = Type::integer(8, true);
  t.enumeration = std::make_shared<const EnumDef>(name, std::move(values));
  for (const ast::CEnumValue &v : def.values)
    constant_enums_[v.name] = t.enumeration;
  types_[name] = t;
}

void ScriptTypes::defineStruct(const ast::CTypeDefinition &def, const ReportError &error) {
  std::string name = def.kind + " " + def.name;
  if (types_.count(name)) {
    error(def.span, name + " is already defined", "");
    return;
  }
  if (std::optional<Type> t = layOut(def.kind == "union", name, def.fields, def.span, error))
    types_[name] = *t;
}

// A member's type: named, or an anonymous struct or union laid out here.
std::optional<Type> ScriptTypes::memberType(const ast::CField &member,
                                            const ReportError &error) const {
  if (member.inline_kind.empty())
    return resolveOrReport(member.type_name, member.span, error);
  return layOut(member.inline_kind == "union", member.inline_kind + " (anonymous)",
                member.inline_fields, member.span, error);
}

// An unnamed member's fields are the outer struct's: their names must be new there.
bool ScriptTypes::claimMemberNames(const ast::CField &member, const Type &type,
                                   const std::string &owner, std::set<std::string> &names,
                                   const ReportError &error) {
  if (!member.name.empty())
    return validMember(member, type, owner, names, error);
  for (const std::string &inner : type.record->fieldNames()) {
    if (!names.insert(inner).second) {
      error(member.span, owner + " already has a member '" + inner + "'", "");
      return false;
    }
  }
  return true;
}

// C layout: each member at its natural alignment; union members all at 0;
// consecutive bitfields share their declared type's storage unit.
std::optional<Type> ScriptTypes::layOut(bool is_union, const std::string &name,
                                        const std::vector<ast::CField> &members, Span span,
                                        const ReportError &error) const {
  std::vector<StructField> fields;
  uint32_t end = 0, alignment = 1, bit_cursor = 0;
  std::set<std::string> member_names;
  for (const ast::CField &member : members) {
    std::optional<Type> t = memberType(member, error);
    if (!t || !claimMemberNames(member, *t, name, member_names, error))
      return std::nullopt;
    for (auto count = member.array_counts.rbegin(); count != member.array_counts.rend(); ++count)
      t = arrayOf(*t, static_cast<uint32_t>(*count));
    StructField f;
    f.name = member.name;
    f.type = *t;
    uint32_t a = t->alignment();
    alignment = std::max(alignment, a);
    if (member.bit_width && !is_union) {
      uint32_t unit_bits = t->size * 8;
      uint32_t unit_start = bit_cursor / unit_bits * unit_bits;
      if (bit_cursor + *member.bit_width > unit_start + unit_bits)
        bit_cursor = unit_start + unit_bits;
      f.offset = bit_cursor / 8;
      f.bit_shift = bit_cursor % 8;
      f.bit_width = *member.bit_width;
      bit_cursor += *member.bit_width;
      end = std::max(end, alignUp(bit_cursor, 8) / 8);
    } else {
      f.offset = is_union ? 0 : alignUp(std::max(end, alignUp(bit_cursor, 8) / 8), a);
      end = is_union ? std::max(end, t->size) : f.offset + t->size;
      bit_cursor = end * 8;
    }
    if (end > kMaxDefinedTypeBytes) {
      error(span, name + " is too large",
            "types defined in the script are at most " + std::to_string(kMaxDefinedTypeBytes) +
                " bytes");
      return std::nullopt;
    }
    fields.push_back(std::move(f));
  }
  uint32_t size = alignUp(end, alignment);
  auto def_ptr = std::make_shared<const StructDef>(name, size, alignment,
                                                   [fields = std::move(fields)] { return fields; });
  return Type::structure(def_ptr);
}

// ------------------------------------------------------------ access typing

const Type *structOf(const Type &base) {
  if (base.isStruct())
    return &base;
  const Type *pointee = base.pointee();
  return pointee && pointee->isStruct() ? pointee : nullptr;
}

Type fieldAccessType(const Type &base, const ast::FieldAccess &f, const ReportError &error) {
  if (base.kind == TypeKind::Tuple)
    return tupleMemberType(base, f, error);
  const Type *s = structOf(base);
  if (!s) {
    std::string hint;
    if (base.isPointer())
      hint = "cast it to a struct pointer first, e.g. (struct task_struct *)p";
    error(f.field_span, "a value of type " + base.name() + " has no fields", hint);
    return Type::none();
  }
  std::optional<StructField> field = s->record->find(f.field);
  if (!field) {
    error(f.field_span, s->record->name() + " has no field '" + f.field + "'",
          didYouMean(f.field, s->record->fieldNames()));
    return Type::none();
  }
  if (field->type.kind == TypeKind::None) {
    error(f.field_span,
          "field '" + f.field + "' of " + s->record->name() + " has a type bpfscope cannot read",
          "");
    return Type::none();
  }
  return inAddressSpace(field->type, base.user_address);
}

// $t[0]: like $t.0, the index must be a literal.
Type tupleIndexType(const Type &tuple, const ast::Index &e, const ReportError &error) {
  auto *lit = e.index->as<ast::IntegerLiteral>();
  if (!lit) {
    error(e.index->span, "a tuple index must be an integer literal", "write $t[0] or $t.0");
    return Type::none();
  }
  if (lit->value >= tuple.elements.size()) {
    error(e.index->span,
          "index " + std::to_string(lit->value) + " is out of bounds for " + tuple.name(), "");
    return Type::none();
  }
  return tuple.elements[lit->value];
}

Type indexType(const Type &base, const Type &index, const ast::Index &e, const ReportError &error) {
  if (index.kind != TypeKind::Integer && index.kind != TypeKind::Bool) {
    error(e.index->span, "an index must be an integer, not " + index.name(), "");
    return Type::none();
  }
  if (base.isArray()) {
    if (auto *lit = e.index->as<ast::IntegerLiteral>(); lit && lit->value >= base.count) {
      error(e.index->span,
            "index " + std::to_string(lit->value) + " is out of bounds for " + base.name(), "");
      return Type::none();
    }
    return inAddressSpace(*base.element, base.user_address);
  }
  if (const Type *pointee = base.pointee())
    return inAddressSpace(*pointee, base.user_address);
  if (base.kind == TypeKind::Tuple)
    return tupleIndexType(base, e, error);
  if (base.isString())
    return Type::integer(1, true); // a char; past the end reads as 0
  error(e.base->span, "a value of type " + base.name() + " cannot be indexed",
        base.isPointer() ? "cast it to a typed pointer first, e.g. (int32 *)p" : "");
  return Type::none();
}

Type dereferenceType(const Type &pointer, const ast::Unary &u, const ReportError &error) {
  if (const Type *pointee = pointer.pointee())
    return inAddressSpace(*pointee, pointer.user_address);
  // As in bpftrace, *arg0 and *uptr(addr) read a 64-bit integer there.
  if (pointer.isInteger() || pointer.isPointer())
    return inAddressSpace(Type::integer(8, true), pointer.user_address);
  error(u.span, "cannot dereference a value of type " + pointer.name(),
        "dereference a pointer or an address, e.g. *(int32 *)p");
  return Type::none();
}

bool isIntegerArrayOfWordSize(const Type &t) {
  return t.isArray() && (t.element->isInteger() || t.element->kind == TypeKind::Bool) &&
         (t.size == 1 || t.size == 2 || t.size == 4 || t.size == 8);
}

bool checkTypedCast(const Type &target, const Type &operand, Span span, const ReportError &error) {
  bool scalar_operand = operand.isInteger() || operand.isPointer();
  if (target.isPointer() && scalar_operand)
    return true;
  if (isIntegerArrayOfWordSize(target) && operand.isInteger())
    return true; // an integer's bytes, little-endian
  if (target.isArray() && target.element->isInteger() && target.element->size == 1 &&
      operand.isString() && operand.size == target.size)
    return true; // (int8[])"abc": a string's bytes, its NUL included
  error(span, "cannot cast " + operand.name() + " to " + target.name(),
        target.isStruct() ? "cast to a pointer instead, e.g. (" + target.name() + " *)" : "");
  return false;
}

std::optional<uint64_t> offsetOfPath(const Type &type, const std::vector<std::string> &path,
                                     Span span, const ReportError &error) {
  uint64_t offset = 0;
  Type current = type;
  for (const std::string &name : path) {
    if (!current.isStruct()) {
      error(span, current.name() + " is not a struct; it has no field '" + name + "'", "");
      return std::nullopt;
    }
    std::optional<StructField> f = current.record->find(name);
    if (!f) {
      error(span, current.record->name() + " has no field '" + name + "'",
            didYouMean(name, current.record->fieldNames()));
      return std::nullopt;
    }
    offset += f->offset;
    current = f->type;
  }
  return offset;
}

std::optional<StructField> accessedField(const ast::FieldAccess &f) {
  const Type *s = structOf(f.base->type);
  if (!s)
    return std::nullopt;
  return s->record->find(f.field);
}

bool isBitfield(const ast::FieldAccess &f) {
  std::optional<StructField> field = accessedField(f);
  return field && field->isBitfield();
}

bool isMemoryLocation(const ast::Expr &e) {
  if (auto *f = e.as<ast::FieldAccess>()) {
    const Type &base = f->base->type;
    if (base.isStruct())
      return isMemoryLocation(*f->base);
    return structOf(base) != nullptr;
  }
  if (auto *i = e.as<ast::Index>())
    return i->base->type.isPointer() || isMemoryLocation(*i->base);
  if (auto *u = e.as<ast::Unary>())
    return u->op == ast::UnaryOp::Deref;
  return false;
}

// ------------------------------------------------------------ task builtins

bool isTaskBuiltin(std::string_view name) {
  return name == "curtask" || isTaskField(name);
}

bool isTaskField(std::string_view name) {
  return name == "ppid" || name == "pcomm" || name == "leader_tid" || name == "leader_comm";
}

Type taskBuiltinType(std::string_view name) {
  if (name == "ppid" || name == "leader_tid")
    return Type::integer(4, false);
  if (name == "pcomm" || name == "leader_comm")
    return Type::string(16);
  BtfTypes *btf = BtfTypes::vmlinux();
  std::optional<Type> task = btf ? btf->find("struct task_struct") : std::nullopt;
  return task ? Type::pointerTo(*task) : Type::integer(8, false);
}

} // namespace bpfscope
