#include "providers/kernel_btf.h"

#include "providers/tracepoint_format.h"
#include "sema/btf_types.h"

#include <bpf/btf.h>
#include <fnmatch.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace bpfscope {

namespace fs = std::filesystem;

namespace {

constexpr const char *kBtfDir = "/sys/kernel/btf";
constexpr const char *kRawTracepointPrefix = "btf_trace_";

} // namespace

KernelBtf::~KernelBtf() {
  btf__free(btf_);
}

const KernelBtf *KernelBtf::forModule(const std::string &module) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<KernelBtf>> loaded;
  std::lock_guard lock(mutex);
  auto load = [&](const std::string &name, ::btf *base) -> const KernelBtf * {
    auto it = loaded.find(name);
    if (it != loaded.end())
      return it->second.get();
    std::string path = name == "vmlinux" ? vmlinuxBtfPath() : std::string(kBtfDir) + "/" + name;
    ::btf *btf = base ? btf__parse_split(path.c_str(), base) : btf__parse(path.c_str(), nullptr);
    std::unique_ptr<KernelBtf> entry(btf ? new KernelBtf(btf) : nullptr);
    return loaded.emplace(name, std::move(entry)).first->second.get();
  };
  const KernelBtf *vmlinux = load("vmlinux", nullptr);
  if (module == "vmlinux")
    return vmlinux;
  bool plain_name = !module.empty() && module.find('/') == std::string::npos && module[0] != '.';
  return plain_name && vmlinux ? load(module, vmlinux->btf_) : nullptr;
}

std::vector<std::string> KernelBtf::modules() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(kBtfDir, ec)) {
    std::string name = entry.path().filename().string();
    if (name != "vmlinux")
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.insert(names.begin(), "vmlinux");
  return names;
}

std::optional<KernelPrototype> KernelBtf::function(const std::string &name) const {
  int id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_FUNC);
  if (id <= 0)
    return std::nullopt;
  return prototype(static_cast<int>(btf__type_by_id(btf_, id)->type), 0);
}

// The function __bpf_trace_NAME(void *data, ARGS…) names the arguments;
// btf_trace_NAME, `typedef void (*)(void *ctx, ARGS…)`, has their types only.
std::optional<KernelPrototype> KernelBtf::rawTracepoint(const std::string &name) const {
  int named = btf__find_by_name_kind(btf_, ("__bpf_trace_" + name).c_str(), BTF_KIND_FUNC);
  if (named > 0)
    return prototype(static_cast<int>(btf__type_by_id(btf_, named)->type), 1);
  std::string typedef_name = kRawTracepointPrefix + name;
  int id = btf__find_by_name_kind(btf_, typedef_name.c_str(), BTF_KIND_TYPEDEF);
  if (id <= 0)
    return std::nullopt;
  const btf_type *pointer = btf__type_by_id(btf_, btf__type_by_id(btf_, id)->type);
  if (!pointer || !btf_is_ptr(pointer))
    return std::nullopt;
  return prototype(static_cast<int>(pointer->type), 1);
}

std::optional<KernelPrototype> KernelBtf::prototype(int proto_id, size_t skip_params) const {
  const btf_type *proto = btf__type_by_id(btf_, proto_id);
  if (!proto || !btf_is_func_proto(proto))
    return std::nullopt;
  KernelPrototype result;
  const btf_param *params = btf_params(proto);
  for (size_t i = skip_params; i < btf_vlen(proto); ++i) {
    const char *param_name = btf__name_by_offset(btf_, params[i].name_off);
    std::string name = param_name && *param_name ? param_name : "arg" + std::to_string(i);
    result.params.push_back(value(std::move(name), static_cast<int>(params[i].type)));
  }
  if (proto->type != 0)
    result.result = value("", static_cast<int>(proto->type));
  return result;
}

// A pointer argument keeps its pointee's type (args.sk.__sk_common), as
// tracepoint fields do.
KernelValue KernelBtf::value(std::string name, int type_id) const {
  std::string c_type = cTypeName(type_id);
  Type type = scriptType(type_id);
  if (type.isPointer())
    type = pointerFieldType(c_type, false);
  return KernelValue{std::move(name), std::move(c_type), std::move(type), isObjectPointer(type_id)};
}

bool KernelBtf::isObjectPointer(int type_id) const {
  const btf_type *t = skipModifiers(static_cast<uint32_t>(type_id));
  if (!t || !btf_is_ptr(t))
    return false;
  const btf_type *pointee = skipModifiers(t->type);
  return pointee && !btf_is_int(pointee);
}

const btf_type *KernelBtf::skipModifiers(uint32_t type_id) const {
  const btf_type *t = type_id ? btf__type_by_id(btf_, type_id) : nullptr;
  while (t && (btf_is_mod(t) || btf_is_typedef(t)))
    t = t->type ? btf__type_by_id(btf_, t->type) : nullptr;
  return t;
}

// The C spelling bpftrace prints in -lv: "const char *", "struct file *".
std::string KernelBtf::cTypeName(int type_id) const {
  const btf_type *t = type_id ? btf__type_by_id(btf_, type_id) : nullptr;
  if (!t)
    return "void";
  std::string name = btf__name_by_offset(btf_, t->name_off);
  switch (btf_kind(t)) {
  case BTF_KIND_PTR:
    return cTypeName(static_cast<int>(t->type)) + " *";
  case BTF_KIND_CONST:
    return "const " + cTypeName(static_cast<int>(t->type));
  case BTF_KIND_VOLATILE:
    return "volatile " + cTypeName(static_cast<int>(t->type));
  case BTF_KIND_TYPE_TAG:
  case BTF_KIND_RESTRICT:
    return cTypeName(static_cast<int>(t->type));
  case BTF_KIND_STRUCT:
    return "struct " + name;
  case BTF_KIND_UNION:
    return "union " + name;
  case BTF_KIND_ENUM:
  case BTF_KIND_ENUM64:
    return "enum " + name;
  case BTF_KIND_FUNC_PROTO:
    return "void"; // a function pointer prints as "void *"
  case BTF_KIND_ARRAY:
    return cTypeName(static_cast<int>(btf_array(t)->type)) + "[" +
           std::to_string(btf_array(t)->nelems) + "]";
  default:
    return name.empty() ? "void" : name;
  }
}

Type KernelBtf::scriptType(int type_id) const {
  int resolved = btf__resolve_type(btf_, type_id);
  const btf_type *t = resolved > 0 ? btf__type_by_id(btf_, resolved) : nullptr;
  if (!t)
    return Type::none();
  if (btf_is_ptr(t))
    return Type::pointer(false);
  if (btf_is_int(t)) {
    bool is_signed = btf_int_encoding(t) & BTF_INT_SIGNED;
    return Type::integer(t->size, is_signed);
  }
  if (btf_is_any_enum(t))
    return Type::integer(t->size, btf_kflag(t));
  return Type::none();
}

std::vector<std::string>
KernelBtf::namesOf(const std::function<bool(const btf_type *)> &wanted) const {
  std::vector<std::string> names;
  uint32_t first = btf__base_btf(btf_) ? btf__type_cnt(btf__base_btf(btf_)) : 1;
  for (uint32_t id = first; id < btf__type_cnt(btf_); ++id) {
    const btf_type *t = btf__type_by_id(btf_, id);
    if (t->name_off && wanted(t))
      names.emplace_back(btf__name_by_offset(btf_, t->name_off));
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::vector<std::string> KernelBtf::functionNames() const {
  return namesOf([](const btf_type *t) { return btf_is_func(t); });
}

std::vector<std::string> KernelBtf::typeNames(const std::string &kind) const {
  return namesOf([&](const btf_type *t) {
    if (kind == "struct")
      return btf_is_struct(t);
    if (kind == "union")
      return btf_is_union(t);
    return kind == "enum" && btf_is_any_enum(t);
  });
}

namespace {

void appendFormatted(void *text, const char *format, va_list args) {
  va_list again;
  va_copy(again, args);
  int length = vsnprintf(nullptr, 0, format, again);
  va_end(again);
  if (length <= 0)
    return;
  std::string piece(static_cast<size_t>(length) + 1, '\0');
  vsnprintf(piece.data(), piece.size(), format, args);
  piece.pop_back();
  *static_cast<std::string *>(text) += piece;
}

} // namespace

// btf_dump writes the types the definition needs before it; the definition
// is the last block that opens with `kind name {`.
std::optional<std::string> KernelBtf::typeDefinition(const std::string &kind,
                                                     const std::string &name) const {
  int id = -1;
  if (kind == "struct")
    id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_STRUCT);
  else if (kind == "union")
    id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_UNION);
  else if (kind == "enum") {
    id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_ENUM);
    if (id <= 0)
      id = btf__find_by_name_kind(btf_, name.c_str(), BTF_KIND_ENUM64);
  }
  if (id <= 0)
    return std::nullopt;
  std::string text;
  btf_dump *dump = btf_dump__new(btf_, appendFormatted, &text, nullptr);
  if (!dump)
    return std::nullopt;
  int failed = btf_dump__dump_type(dump, static_cast<uint32_t>(id));
  btf_dump__free(dump);
  std::string header = kind + " " + name + " {";
  size_t start = text.rfind("\n" + header);
  start = start == std::string::npos ? text.rfind(header, 0) : start + 1;
  if (failed || start == std::string::npos)
    return std::nullopt;
  return text.substr(start);
}

std::vector<std::string> KernelBtf::rawTracepointNames() const {
  std::vector<std::string> names;
  uint32_t first = btf__base_btf(btf_) ? btf__type_cnt(btf__base_btf(btf_)) : 1;
  std::string_view prefix = kRawTracepointPrefix;
  for (uint32_t id = first; id < btf__type_cnt(btf_); ++id) {
    const btf_type *t = btf__type_by_id(btf_, id);
    if (!btf_is_typedef(t))
      continue;
    std::string_view name = btf__name_by_offset(btf_, t->name_off);
    if (name.substr(0, prefix.size()) == prefix)
      names.emplace_back(name.substr(prefix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

bool listKernelTypes(const std::string &pattern, bool definitions, std::ostream &out) {
  size_t space = pattern.find(' ');
  std::string kind = pattern.substr(0, space);
  if (space == std::string::npos || (kind != "struct" && kind != "union" && kind != "enum"))
    return false;
  const KernelBtf *btf = KernelBtf::forModule("vmlinux");
  if (!btf)
    return true;
  std::string names = pattern.substr(space + 1);
  for (const std::string &name : btf->typeNames(kind)) {
    if (fnmatch(names.c_str(), name.c_str(), 0) != 0)
      continue;
    if (!definitions)
      out << kind << " " << name << "\n";
    else if (auto definition = btf->typeDefinition(kind, name))
      out << *definition;
  }
  return true;
}

} // namespace bpfscope
