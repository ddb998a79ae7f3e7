#include "sema/printf_spec.h"

#include <algorithm>
#include <cctype>

namespace bpfscope {

namespace {

constexpr int kMaxFieldWidth = 1 << 16;

bool isDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool setFlag(FormatSpec &spec, char c) {
  switch (c) {
  case '-':
    spec.left_align = true;
    return true;
  case '+':
    spec.show_sign = true;
    return true;
  case ' ':
    spec.space_sign = true;
    return true;
  case '#':
    spec.alternate_form = true;
    return true;
  case '0':
    spec.zero_pad = true;
    return true;
  default:
    return false;
  }
}

// A width or precision at `pos`: digits or '*'; -1 when absent.
int parseNumber(const std::string &s, size_t &pos, bool &star) {
  if (pos < s.size() && s[pos] == '*') {
    ++pos;
    star = true;
    return -1;
  }
  if (pos >= s.size() || !isDigit(s[pos]))
    return -1;
  int n = 0;
  for (; pos < s.size() && isDigit(s[pos]); ++pos)
    n = std::min(n * 10 + (s[pos] - '0'), kMaxFieldWidth);
  return n;
}

// The conversion at `pos`, "" if none. The buffer conversions rx and rh carry
// their modifier after the 'r'; gr is one conversion, not %g and an 'r'.
std::string parseConversion(const std::string &s, size_t &pos) {
  static const std::string kSingle = "diouxXeEfFgGaAcspn%";
  if (pos >= s.size())
    return "";
  if (s.compare(pos, 2, "gr") == 0) { // GFP flags by name (sema/gfp_flags.h)
    pos += 2;
    return "gr";
  }
  if (s[pos] == 'r') {
    bool modified = pos + 1 < s.size() && (s[pos + 1] == 'x' || s[pos + 1] == 'h');
    std::string conv = s.substr(pos, modified ? 2 : 1);
    pos += conv.size();
    return conv;
  }
  if (kSingle.find(s[pos]) == std::string::npos)
    return "";
  return std::string(1, s[pos++]);
}

// Parses the specifier whose '%' is at `pos`; on success moves `pos` past it.
bool parseSpec(const std::string &s, size_t &pos, FormatSpec &spec) {
  size_t at = pos + 1;
  while (at < s.size() && setFlag(spec, s[at]))
    ++at;
  spec.width = parseNumber(s, at, spec.star);
  if (at < s.size() && s[at] == '.') {
    ++at;
    spec.precision = std::max(parseNumber(s, at, spec.star), 0);
  }
  while (at < s.size() && std::string("hlLjzt").find(s[at]) != std::string::npos)
    spec.length += s[at++];
  spec.conversion = parseConversion(s, at);
  if (spec.conversion.empty())
    return false;
  pos = at;
  return true;
}

bool isIntegerLike(const Type &type) {
  return type.kind == TypeKind::Integer || type.kind == TypeKind::Bool ||
         type.kind == TypeKind::Pointer;
}

bool needsIntegerArg(const std::string &conv) {
  if (conv == "gr")
    return true;
  return conv.size() == 1 && std::string("diouxXcp").find(conv[0]) != std::string::npos;
}

std::string checkSpec(const FormatSpec &spec, const Type &arg) {
  const std::string &conv = spec.conversion;
  if (spec.star)
    return "printf: '*' width and precision are not supported";
  if (arg.kind == TypeKind::None)
    return "printf: %" + conv + " cannot print a value of type none";
  if (needsIntegerArg(conv)) {
    if (!isIntegerLike(arg))
      return "printf: %" + conv + " needs an integer argument, got " + arg.name();
    return "";
  }
  if (conv == "s")
    return "";
  if (isBufferConversion(conv) && arg.kind == TypeKind::Buffer)
    return "";
  if (isBufferConversion(conv))
    return "printf: %" + conv + " needs a buffer argument, got " + arg.name();
  return "printf: unsupported format specifier %" + conv;
}

std::string checkArgCount(size_t specs, size_t args) {
  if (args == specs)
    return "";
  return "printf: " + std::string(args < specs ? "not enough" : "too many") +
         " arguments for format string (" + std::to_string(args) + " supplied, " +
         std::to_string(specs) + " expected)";
}

} // namespace

bool isBufferConversion(const std::string &conv) {
  return conv[0] == 'r';
}

ParsedFormat parsePrintfFormat(const std::string &format) {
  ParsedFormat parsed;
  std::string literal;
  size_t pos = 0;
  while (pos < format.size()) {
    FormatSpec spec;
    if (format[pos] != '%' || !parseSpec(format, pos, spec)) {
      literal += format[pos++];
      continue;
    }
    if (spec.conversion == "%") {
      literal += '%';
      continue;
    }
    parsed.literals.push_back(std::move(literal));
    literal.clear();
    parsed.specs.push_back(std::move(spec));
  }
  parsed.literals.push_back(std::move(literal));
  return parsed;
}

std::string checkPrintfFormat(const std::string &format, const std::vector<Type> &arg_types,
                              int *arg_index_out) {
  auto set_index = [&](int i) {
    if (arg_index_out)
      *arg_index_out = i;
  };
  set_index(-1);
  ParsedFormat parsed = parsePrintfFormat(format);
  if (auto err = checkArgCount(parsed.specs.size(), arg_types.size()); !err.empty()) {
    if (arg_types.size() > parsed.specs.size())
      set_index(static_cast<int>(parsed.specs.size()));
    return err;
  }
  for (size_t i = 0; i < parsed.specs.size(); ++i) {
    if (auto err = checkSpec(parsed.specs[i], arg_types[i]); !err.empty()) {
      set_index(static_cast<int>(i));
      return err;
    }
  }
  return "";
}

} // namespace bpfscope
