// bpftrace's C-like printf format strings, parsed and checked against their
// argument types at compile time. The rules and the rendering in user space
// are in runtime/printf_format.h.
#pragma once

#include "sema/types.h"

#include <string>
#include <vector>

namespace bpfscope {

struct FormatSpec {
  bool left_align = false;
  bool show_sign = false;
  bool space_sign = false;
  bool alternate_form = false;
  bool zero_pad = false;
  bool star = false; // '*' width or precision, which bpftrace cannot honour
  int width = -1;
  int precision = -1;
  std::string length;     // "", "hh", "h", "l", "ll", "j", "z", "t", "L", ...
  std::string conversion; // "d", "s", "x", ..., "rx"
};

struct ParsedFormat {
  // literals.size() == specs.size() + 1: text before each spec, then the tail.
  std::vector<std::string> literals;
  std::vector<FormatSpec> specs;
};

ParsedFormat parsePrintfFormat(const std::string &format);

// r, rx and rh: a buf() argument printed raw, as hex or as hex bytes.
bool isBufferConversion(const std::string &conversion);

// Checks a format string against its argument types. Returns "" when fine,
// otherwise the message (e.g. "printf: %d needs an integer argument, got
// string[16]"); `arg_index_out` (may be null) gets the offending argument's
// index, or -1 when no single argument is to blame.
std::string checkPrintfFormat(const std::string &format, const std::vector<Type> &arg_types,
                              int *arg_index_out);

} // namespace bpfscope
