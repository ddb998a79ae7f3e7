#include "runtime/printf_format.h"

#include "runtime/value_format.h"
#include "sema/gfp_flags.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

namespace bpfscope {

namespace {

// The argument as a 64-bit number; bools are 0/1.
uint64_t integerBits(const Type &type, const uint8_t *data) {
  if (type.kind == TypeKind::Bool)
    return data[0] != 0;
  if (type.kind == TypeKind::Integer || type.kind == TypeKind::Pointer)
    return readInteger(data, type.size, type.is_signed);
  return 0;
}

bool isFullWidth(const std::string &length) {
  return length == "l" || length == "ll" || length == "j" || length == "z" || length == "t";
}

// C's argument narrowing: no length modifier means int, as in C.
long long narrowSigned(uint64_t bits, const std::string &length) {
  if (length == "hh")
    return static_cast<signed char>(bits);
  if (length == "h")
    return static_cast<short>(bits);
  if (isFullWidth(length))
    return static_cast<long long>(bits);
  return static_cast<int>(bits);
}

unsigned long long narrowUnsigned(uint64_t bits, const std::string &length) {
  if (length == "hh")
    return static_cast<unsigned char>(bits);
  if (length == "h")
    return static_cast<unsigned short>(bits);
  if (isFullWidth(length))
    return bits;
  return static_cast<unsigned int>(bits);
}

// Stream state equivalent to the specifier's flags, as bpftrace sets it.
void applyFlags(std::ostringstream &ss, const FormatSpec &spec) {
  ss << (spec.left_align ? std::left : std::right);
  if (spec.width > 0)
    ss.width(spec.width);
  if (spec.zero_pad)
    ss.fill('0');
  if (spec.conversion == "o")
    ss << std::oct;
  else if (spec.conversion == "x")
    ss << std::hex << std::nouppercase;
  else if (spec.conversion == "X")
    ss << std::hex << std::uppercase;
  if (spec.alternate_form)
    ss << std::showbase;
  if (spec.show_sign)
    ss << std::showpos;
}

void writeAsString(std::ostringstream &ss, const Type &type, const uint8_t *data) {
  if (type.kind == TypeKind::Integer && !type.enumeration) {
    uint64_t bits = readInteger(data, type.size, type.is_signed);
    if (type.is_signed)
      ss << static_cast<int64_t>(bits);
    else
      ss << bits;
    return;
  }
  ss << formatValue(type, data);
}

// %d, %i or %u alone (no flags, width or length): a plain decimal, written
// without a stream, the common case at high event rates.
bool isPlainDecimal(const FormatSpec &spec) {
  return (spec.conversion == "d" || spec.conversion == "i" || spec.conversion == "u") &&
         spec.length.empty() && spec.width <= 0 && !spec.left_align && !spec.show_sign &&
         !spec.alternate_form && !spec.zero_pad;
}

void appendDecimal(std::string &out, const FormatSpec &spec, uint64_t bits) {
  char digits[24];
  auto [end, error] = spec.conversion == "u"
                          ? std::to_chars(digits, digits + sizeof digits, narrowUnsigned(bits, ""))
                          : std::to_chars(digits, digits + sizeof digits, narrowSigned(bits, ""));
  out.append(digits, end);
}

void appendSpec(std::string &out, const FormatSpec &spec, const Type &type, const uint8_t *data) {
  if (isPlainDecimal(spec)) {
    appendDecimal(out, spec, integerBits(type, data));
    return;
  }
  std::ostringstream ss;
  applyFlags(ss, spec);
  const std::string &conv = spec.conversion;
  uint64_t bits = integerBits(type, data);
  if (conv == "d" || conv == "i")
    ss << narrowSigned(bits, spec.length);
  else if (conv == "u" || conv == "o" || conv == "x" || conv == "X")
    ss << narrowUnsigned(bits, spec.length);
  else if (conv == "c")
    ss << static_cast<char>(bits);
  else if (conv == "p")
    ss << reinterpret_cast<const void *>(static_cast<uintptr_t>(bits));
  else if (conv == "gr")
    ss << gfpFlagNames(bits);
  else if (conv == "s")
    writeAsString(ss, type, data);
  else if (isBufferConversion(conv))
    ss << formatBuffer(type, data, conv);
  out += ss.str();
}

} // namespace

PrintfRenderer::PrintfRenderer(const std::string &format, const std::vector<Type> &arg_types)
    : parsed_(parsePrintfFormat(format)), arg_types_(arg_types),
      offsets_(Type::tuple(arg_types).elementOffsets()) {}

std::string PrintfRenderer::render(const uint8_t *args) const {
  std::string out = parsed_.literals[0];
  for (size_t i = 0; i < parsed_.specs.size(); ++i) {
    if (i < arg_types_.size())
      appendSpec(out, parsed_.specs[i], arg_types_[i], args + offsets_[i]);
    out += parsed_.literals[i + 1];
  }
  return out;
}

std::string renderPrintf(const std::string &format, const std::vector<Type> &arg_types,
                         const uint8_t *args) {
  return PrintfRenderer(format, arg_types).render(args);
}

} // namespace bpfscope
