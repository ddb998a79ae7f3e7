#include "providers/tracepoint_format.h"

#include "sema/btf_types.h"
#include "sema/scalar_types.h"

#include <charconv>
#include <map>
#include <sstream>

namespace bpfscope {
namespace {

// "const char" -> "char": qualifiers change nothing bpfscope reads.
std::string withoutQualifiers(std::string c_type) {
  for (const char *qualifier : {"const ", "volatile "})
    if (c_type.rfind(qualifier, 0) == 0)
      c_type.erase(0, std::string_view(qualifier).size());
  return c_type;
}

// Integer C types whose width and signedness the format's size/signed columns
// would misstate: syscall arguments are stored as 8-byte longs, but an `int
// dfd` of -100 must read back as -100, not 4294967196.

std::optional<Type> knownIntegerType(std::string c_type) {
  c_type = withoutQualifiers(std::move(c_type));
  if (c_type.rfind("__", 0) == 0) // the kernel's __u8, __s32, …
    c_type.erase(0, 2);
  return cIntegerTypeNamed(c_type);
}

std::optional<uint64_t> numberAfter(std::string_view line, std::string_view key) {
  size_t at = line.find(key);
  if (at == std::string_view::npos)
    return std::nullopt;
  at += key.size();
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(line.data() + at, line.data() + line.size(), n);
  if (ec != std::errc())
    return std::nullopt;
  return n;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// "const char * filename" -> ("const char *", "filename");
// "char comm[16]" -> ("char", "comm", array); "__data_loc char[] name" -> ("__data_loc char[]",
// "name").
struct Declaration {
  std::string c_type;
  std::string name;
  bool is_array = false;
};

// What a one-level pointer field points to, from its C type: an integer
// (char, __u8, …) or a struct or union of the kernel's BTF. Kernel BTF is
// parsed only for a struct pointer.
std::optional<Type> pointeeType(const std::string &pointer_c_type) {
  std::string pointee =
      withoutQualifiers(trim(pointer_c_type.substr(0, pointer_c_type.rfind('*'))));
  if (pointee.find('*') != std::string::npos)
    return std::nullopt;
  if (auto integer = knownIntegerType(pointee))
    return integer;
  if (pointee.rfind("struct ", 0) != 0 && pointee.rfind("union ", 0) != 0)
    return std::nullopt;
  BtfTypes *btf = BtfTypes::vmlinux();
  auto record = btf ? btf->find(pointee) : std::nullopt;
  if (!record || !record->isStruct())
    return std::nullopt;
  return record;
}

} // namespace

Type pointerFieldType(const std::string &c_type, bool user_pointer) {
  if (auto pointee = pointeeType(c_type))
    return Type::pointerTo(std::move(*pointee), user_pointer);
  return Type::pointer(user_pointer);
}

namespace {

Declaration splitDeclaration(const std::string &text) {
  std::string decl = trim(text);
  Declaration d;
  size_t split = decl.find_last_of(" *");
  d.name = decl.substr(split + 1);
  d.c_type = trim(decl.substr(0, split + 1));
  if (size_t bracket = d.name.find('['); bracket != std::string::npos) {
    d.is_array = true;
    d.name.erase(bracket);
  }
  return d;
}

// The text between "field:" and ';' of a field line; nullopt for other lines.
std::optional<std::string> declarationText(std::string_view line) {
  size_t field = line.find("field:");
  size_t semicolon = line.find(';');
  if (field == std::string_view::npos || semicolon == std::string_view::npos)
    return std::nullopt;
  return trim(line.substr(field + 6, semicolon - field - 6));
}

// The bytes at the start of a tracepoint's record that a program cannot
// read: they hold the kernel's pt_regs pointer (perf_trace_run_bpf_submit),
// and the verifier refuses loads there (tp_prog_is_valid_access).
constexpr uint32_t kHiddenRecordHead = 8;

std::optional<ArgField> parseFieldLine(std::string_view line, bool user_pointers) {
  auto text = declarationText(line);
  if (!text)
    return std::nullopt;
  auto offset = numberAfter(line, "offset:");
  auto size = numberAfter(line, "size:");
  auto is_signed = numberAfter(line, "signed:");
  if (!offset || !size)
    return std::nullopt;

  Declaration decl = splitDeclaration(*text);
  ArgField f;
  f.name = decl.name;
  f.c_type = decl.c_type;
  f.offset = static_cast<uint32_t>(*offset);
  f.hidden_from_programs = f.offset < kHiddenRecordHead;
  if (decl.c_type.rfind("__data_loc", 0) == 0) {
    f.data_loc = true;
    f.type = Type::integer(4, false);
  } else if (decl.is_array && decl.c_type.find("char") != std::string::npos) {
    f.type = Type::string(static_cast<uint32_t>(*size));
  } else if (decl.is_array) {
    auto element = knownIntegerType(decl.c_type);
    if (!element || element->size == 0 || *size % element->size != 0)
      return std::nullopt;
    f.type = Type::array(*element, static_cast<uint32_t>(*size / element->size));
  } else if (decl.c_type.find('*') != std::string::npos) {
    f.type = pointerFieldType(decl.c_type, user_pointers);
  } else if (auto known = knownIntegerType(decl.c_type); known && known->size <= *size) {
    f.type = *known;
  } else if (*size == 1 || *size == 2 || *size == 4 || *size == 8) {
    f.type = Type::integer(static_cast<uint32_t>(*size), is_signed.value_or(0) != 0);
  } else {
    return std::nullopt;
  }
  return f;
}

} // namespace

std::vector<std::string> tracepointFieldDeclarations(std::string_view format_text) {
  std::vector<std::string> declarations;
  std::istringstream in{std::string(format_text)};
  std::string line;
  while (std::getline(in, line))
    if (auto text = declarationText(line);
        text && splitDeclaration(*text).name.rfind("common_", 0) != 0)
      declarations.push_back(std::move(*text));
  return declarations;
}

ArgsLayout parseTracepointFormat(std::string_view format_text, bool user_pointers) {
  ArgsLayout layout;
  std::istringstream in{std::string(format_text)};
  std::string line;
  while (std::getline(in, line))
    if (auto f = parseFieldLine(line, user_pointers))
      layout.fields.push_back(std::move(*f));
  return layout;
}

} // namespace bpfscope
