#include "sema/seq_printf_format.h"

#include "sema/printf_spec.h"

namespace bpfscope {
namespace {

bool isIntegerConversion(const std::string &conversion) {
  return conversion == "d" || conversion == "i" || conversion == "u" || conversion == "x" ||
         conversion == "X";
}

bool isKernelConversion(const std::string &conversion) {
  return isIntegerConversion(conversion) || conversion == "c" || conversion == "s";
}

std::string escapedLiteral(const std::string &text) {
  std::string escaped;
  for (char c : text) {
    escaped += c;
    if (c == '%')
      escaped += '%';
  }
  return escaped;
}

bool passesAsWord(const Type &type) {
  return type.isInteger() || type.isPointer() || type.kind == TypeKind::Bool;
}

} // namespace

std::string seqPrintfProblem(const std::string &caller, const std::string &format,
                             const std::vector<Type> &arg_types) {
  if (arg_types.size() > kMaxSeqPrintfArgs)
    return caller + " takes at most " + std::to_string(kMaxSeqPrintfArgs) + " arguments, not " +
           std::to_string(arg_types.size());
  ParsedFormat parsed = parsePrintfFormat(format);
  for (size_t i = 0; i < parsed.specs.size() && i < arg_types.size(); ++i) {
    const FormatSpec &spec = parsed.specs[i];
    std::string what = "%" + spec.conversion;
    if (!isKernelConversion(spec.conversion))
      return caller + " cannot print " + what +
             ": the kernel formats the text, and knows %d %i %u %x %X %c and %s";
    if (spec.alternate_form || spec.precision >= 0 || spec.star)
      return caller + " takes no '#', precision or '*' (in " + what +
             "): the kernel formats the text";
    bool fits = spec.conversion == "s" ? arg_types[i].isString() : passesAsWord(arg_types[i]);
    if (!fits)
      return caller + " cannot print a " + arg_types[i].name() + " with " + what +
             ": the kernel formats the text";
  }
  return "";
}

std::string kernelSeqFormat(const std::string &format) {
  ParsedFormat parsed = parsePrintfFormat(format);
  std::string text = escapedLiteral(parsed.literals.front());
  for (size_t i = 0; i < parsed.specs.size(); ++i) {
    const FormatSpec &spec = parsed.specs[i];
    text += '%';
    text += spec.left_align ? "-" : "";
    text += spec.show_sign ? "+" : "";
    text += spec.space_sign ? " " : "";
    text += spec.zero_pad ? "0" : "";
    text += spec.width >= 0 ? std::to_string(spec.width) : "";
    text += isIntegerConversion(spec.conversion) ? "ll" : "";
    text += spec.conversion;
    text += escapedLiteral(parsed.literals[i + 1]);
  }
  return text;
}

} // namespace bpfscope
