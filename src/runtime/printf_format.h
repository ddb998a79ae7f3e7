// bpftrace's C-like printf, checked at compile time and rendered in user
// space from the packed argument record (layout: Type::tuple(arg_types)).
// Output follows the newest bpftrace, which formats with C++ streams:
//  - %d %i take the low 32 bits (as C does for an int), %u %o %x %X likewise
//    unsigned; hh/h narrow to 8/16 bits, l ll j z t use all 64 bits;
//  - %c prints the low byte as a character, %p prints 0x-hex (0 for null);
//  - %s prints any value (strings, integers in decimal, tuples, bools);
//  - flags: '-' left-aligns, '+' signs signed numbers, '#' adds 0/0x/0X,
//    '0' pads with zeros on the padding side (so "%05d" of -42 is "00-42");
//    ' ' and precision are accepted and ignored;
//  - %% is a literal '%', and a '%' that starts no valid specifier is literal.
#pragma once

#include "sema/types.h"

#include <cstdint>
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

// Checks a format string against its argument types. Returns "" when fine,
// otherwise the message (e.g. "printf: %d needs an integer argument, got
// string[16]"); `arg_index_out` (may be null) gets the offending argument's
// index, or -1 when no single argument is to blame.
std::string checkPrintfFormat(const std::string &format, const std::vector<Type> &arg_types,
                              int *arg_index_out);

// Renders a format already accepted by checkPrintfFormat.
std::string renderPrintf(const std::string &format, const std::vector<Type> &arg_types,
                         const uint8_t *args);

} // namespace bpfscope
