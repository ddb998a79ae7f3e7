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

#include "sema/printf_spec.h"
#include "sema/types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bpfscope {

// A format already accepted by checkPrintfFormat, parsed once, and the
// offsets of its arguments in the record: the event loop renders each
// printf's records with one of these rather than parsing the format again
// per record.
class PrintfRenderer {
public:
  PrintfRenderer(const std::string &format, const std::vector<Type> &arg_types);
  std::string render(const uint8_t *args) const;

private:
  ParsedFormat parsed_;
  std::vector<Type> arg_types_;
  std::vector<uint32_t> offsets_;
};

// Renders a format already accepted by checkPrintfFormat, once.
std::string renderPrintf(const std::string &format, const std::vector<Type> &arg_types,
                         const uint8_t *args);

} // namespace bpfscope
