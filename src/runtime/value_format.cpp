#include "runtime/value_format.h"

#include "runtime/cgroups.h"
#include "runtime/stack_format.h"
#include "runtime/time_format.h"
#include "runtime/user_names.h"
#include "sema/struct_def.h"

#include <arpa/inet.h>
#include <cstring>
#include <fmt/format.h>

namespace bpfscope {

uint64_t readInteger(const uint8_t *data, uint32_t size, bool is_signed) {
  switch (size) {
  case 1: {
    uint8_t v = data[0];
    return is_signed ? static_cast<uint64_t>(static_cast<int8_t>(v)) : v;
  }
  case 2: {
    uint16_t v;
    std::memcpy(&v, data, sizeof(v));
    return is_signed ? static_cast<uint64_t>(static_cast<int16_t>(v)) : v;
  }
  case 4: {
    uint32_t v;
    std::memcpy(&v, data, sizeof(v));
    return is_signed ? static_cast<uint64_t>(static_cast<int32_t>(v)) : v;
  }
  default: {
    uint64_t v;
    std::memcpy(&v, data, sizeof(v));
    return v;
  }
  }
}

uint64_t readWord(const uint8_t *data, uint32_t index) {
  return readInteger(data + index * sizeof(uint64_t), sizeof(uint64_t), false);
}

namespace {

std::string &stringTruncTrailer() {
  static std::string trailer = kStringTruncTrailer;
  return trailer;
}

} // namespace

void setStringTruncTrailer(std::string trailer) {
  stringTruncTrailer() = std::move(trailer);
}

std::string formatString(const Type &type, const uint8_t *data) {
  const char *text = reinterpret_cast<const char *>(data);
  std::string s(text, strnlen(text, type.size));
  if (s.size() == type.size)
    s += stringTruncTrailer();
  return s;
}

uint64_t bitfieldValue(const StructField &field, const uint8_t *data) {
  uint64_t bits = readInteger(data, field.bitfieldStorageBytes(), false) >> field.bit_shift;
  uint64_t mask = field.bit_width >= 64 ? ~0ULL : (1ULL << field.bit_width) - 1;
  return bits & mask;
}

void forEachPrintedField(const StructDef &def, const uint8_t *data,
                         const std::function<void(const StructField &, const uint8_t *)> &visit) {
  for (const StructField &f : def.fields()) {
    if (f.name.empty() && f.type.isStruct())
      forEachPrintedField(*f.type.record, data + f.offset, visit);
    else if (f.type.kind != TypeKind::None)
      visit(f, data + f.offset);
  }
}

namespace {

// How values print where they appear: `div` from print(@m, top, div); stacks
// indent less inside map keys.
struct Style {
  uint64_t div = 1;
  int stack_indent = kStackValueIndent;
};

std::string formatStyled(const Type &type, const uint8_t *data, const Style &style);

// A 64-bit number divided as bpftrace divides it: in the signedness of its type.
std::string formatNumber(uint64_t bits, bool is_signed, uint64_t div) {
  if (is_signed)
    return std::to_string(static_cast<int64_t>(bits) / static_cast<int64_t>(div));
  return std::to_string(bits / div);
}

// avg/stats store {total, count}; the average is their integer quotient.
uint64_t averageBits(const Type &type, const uint8_t *data) {
  uint64_t total = readWord(data, 0), count = readWord(data, 1);
  if (count == 0)
    return 0;
  if (type.is_signed)
    return static_cast<uint64_t>(static_cast<int64_t>(total) / static_cast<int64_t>(count));
  return total / count;
}

std::string formatStats(const Type &type, const uint8_t *data, uint64_t div) {
  return fmt::format("{{ .count = {}, .average = {}, .total = {} }}",
                     formatNumber(readWord(data, 1), type.is_signed, 1),
                     formatNumber(numericValue(type, data), type.is_signed, div),
                     formatNumber(readWord(data, 0), type.is_signed, 1));
}

// A record prints like a struct: { .name = value, … }
std::string formatRecord(const Type &type, const uint8_t *data, const Style &style) {
  auto offsets = type.elementOffsets();
  std::string s = "{ ";
  for (size_t i = 0; i < type.elements.size(); ++i)
    s += (i ? ", ." : ".") + type.names[i] + " = " +
         formatStyled(type.elements[i], data + offsets[i], style);
  return s + " }";
}

std::string formatStruct(const Type &type, const uint8_t *data) {
  std::string s = "{ ";
  forEachPrintedField(*type.record, data, [&s](const StructField &f, const uint8_t *bytes) {
    s += (s.size() > 2 ? ", ." : ".") + f.name + " = " +
         (f.isBitfield() ? std::to_string(bitfieldValue(f, bytes)) : formatValue(f.type, bytes));
  });
  return s + " }";
}

// Arrays print as [1,2,3], without spaces.
std::string formatArray(const Type &type, const uint8_t *data) {
  std::string s = "[";
  for (uint32_t i = 0; i < type.count; ++i)
    s += (i ? "," : "") + formatValue(*type.element, data + i * type.element->size);
  return s + "]";
}

// An enum value prints as its enumerator's name when it has one.
std::string formatEnum(const Type &type, const uint8_t *data) {
  int64_t value = static_cast<int64_t>(readInteger(data, type.size, type.is_signed));
  return type.enumeration->nameOf(value).value_or(std::to_string(value));
}

// ntop()'s {family, address}: IPv4 or IPv6 text as inet_ntop writes it.
std::string formatInet(const uint8_t *data) {
  int family = static_cast<int>(readInteger(data, 8, true));
  char text[INET6_ADDRSTRLEN] = "";
  if (!inet_ntop(family, data + 8, text, sizeof(text)))
    return "";
  return text;
}

std::string formatMacAddress(const uint8_t *data) {
  return fmt::format("{:02X}:{:02X}:{:02X}:{:02X}:{:02X}:{:02X}", data[0], data[1], data[2],
                     data[3], data[4], data[5]);
}

std::string formatTuple(const Type &type, const uint8_t *data, const Style &style) {
  if (type.isRecord())
    return formatRecord(type, data, style);
  auto offsets = type.elementOffsets();
  std::string s = "(";
  for (size_t i = 0; i < type.elements.size(); ++i) {
    if (i)
      s += ", ";
    s += formatStyled(type.elements[i], data + offsets[i], style);
  }
  return s + ")";
}

std::string formatStyled(const Type &type, const uint8_t *data, const Style &style) {
  uint64_t div = style.div == 0 ? 1 : style.div;
  if (type.kind == TypeKind::Integer && type.enumeration)
    return formatEnum(type, data);
  switch (type.kind) {
  case TypeKind::None:
  case TypeKind::Hist:
  case TypeKind::LHist:
  case TypeKind::TSeries:
    return "";
  case TypeKind::Integer:
  case TypeKind::Count:
  case TypeKind::Sum:
  case TypeKind::Min:
  case TypeKind::Max:
  case TypeKind::Avg:
    return formatNumber(numericValue(type, data), isSignedNumber(type), div);
  case TypeKind::Bool:
    return data[0] ? "true" : "false";
  case TypeKind::String:
    return formatString(type, data);
  case TypeKind::Pointer:
    return fmt::format("0x{:x}", readWord(data, 0));
  case TypeKind::Tuple:
    return formatTuple(type, data, style);
  case TypeKind::Struct:
    return formatStruct(type, data);
  case TypeKind::Array:
    return formatArray(type, data);
  case TypeKind::Stats:
    return formatStats(type, data, div);
  case TypeKind::Stack:
    return formatStack(type, data, style.stack_indent, Symbolizer::process());
  case TypeKind::Symbol:
    return formatSymbol(type, data, Symbolizer::process());
  case TypeKind::Timestamp:
    return formatBootTime(type.time_format, readWord(data, 0));
  case TypeKind::UserName:
    return userNameOf(static_cast<uint32_t>(readWord(data, 0)));
  case TypeKind::CgroupPath:
    return cgroupPathOf(readWord(data, 0), type.cgroup_filter);
  case TypeKind::Buffer:
    return formatBuffer(type, data, "r");
  case TypeKind::Inet:
    return formatInet(data);
  case TypeKind::MacAddr:
    return formatMacAddress(data);
  }
  return "";
}

} // namespace

std::string formatBuffer(const Type &type, const uint8_t *data, const std::string &conversion) {
  uint32_t capacity = type.size - kBufferHeaderSize;
  uint32_t length = std::min<uint32_t>(readInteger(data, 4, false), capacity);
  const uint8_t *bytes = data + kBufferHeaderSize;
  std::string s;
  for (uint32_t i = 0; i < length; ++i) {
    if (conversion == "rh")
      s += fmt::format("{}{:02x}", i ? " " : "", bytes[i]);
    else if (conversion == "r" && bytes[i] >= 32 && bytes[i] <= 126)
      s += static_cast<char>(bytes[i]);
    else
      s += fmt::format("\\x{:02x}", bytes[i]);
  }
  return s;
}

uint64_t numericValue(const Type &type, const uint8_t *data) {
  switch (type.kind) {
  case TypeKind::Integer:
    return readInteger(data, type.size, type.is_signed);
  case TypeKind::Count:
  case TypeKind::Sum:
  case TypeKind::Min:
  case TypeKind::Max:
    return readWord(data, 0);
  case TypeKind::Avg:
  case TypeKind::Stats:
    return averageBits(type, data);
  default:
    return 0;
  }
}

bool isSignedNumber(const Type &type) {
  return type.kind != TypeKind::Count && type.is_signed;
}

std::string formatValue(const Type &type, const uint8_t *data, uint64_t div) {
  return formatStyled(type, data, {div, kStackValueIndent});
}

std::string formatKey(const Type &type, const uint8_t *data) {
  return formatStyled(type, data, {1, kStackKeyIndent});
}

} // namespace bpfscope
