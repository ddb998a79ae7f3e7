// Rendering of single values the way bpftrace prints them in map keys, map
// values and print(): integers in decimal, strings unquoted, tuples
// `(1, abc)`, bools true/false, pointers 0x-hex, aggregations as numbers
// (stats as `{ .count = 2, .average = 15, .total = 30 }`), stacks and
// symbols resolved (runtime/stack_format.h).
#pragma once

#include "sema/struct_def.h"
#include "sema/types.h"

#include <cstdint>
#include <functional>
#include <string>

namespace bpfscope {

// Appended to a string that fills its whole buffer (no NUL): it was most
// likely truncated (bpftrace's default str_trunc_trailer).
inline constexpr const char *kStringTruncTrailer = "..";

// The trailer formatString appends from now on: the config variable
// str_trunc_trailer, set once before the run prints anything.
void setStringTruncTrailer(std::string trailer);

// Reads a little-endian integer of 1, 2, 4 or 8 bytes, widened to 64 bits
// (sign-extended when `is_signed`). The result holds the two's-complement bits.
uint64_t readInteger(const uint8_t *data, uint32_t size, bool is_signed);
// The 64-bit word `index` of a value made of words (avg/stats, pointers, stacks).
uint64_t readWord(const uint8_t *data, uint32_t index);

// The number an integer or count/sum/min/max/avg/stats value stands for
// (for avg/stats: the average), as two's-complement bits; read it signed when
// isSignedNumber(type). 0 for other kinds.
uint64_t numericValue(const Type &type, const uint8_t *data);
// Count is always unsigned, whatever the aggregate's signedness says.
bool isSignedNumber(const Type &type);

// The text of a String value: bytes up to the first NUL, plus the trailer
// when no NUL was found.
std::string formatString(const Type &type, const uint8_t *data);

// Calls visit(field, its bytes) for each member a struct value shows, in
// order; the members of an anonymous struct or union member show in its
// place, as bpftrace prints them.
void forEachPrintedField(const StructDef &def, const uint8_t *data,
                         const std::function<void(const StructField &, const uint8_t *)> &visit);
// A bitfield member's value, from the bytes at the member's offset.
uint64_t bitfieldValue(const StructField &field, const uint8_t *data);

// A Buffer's bytes as printf's %r (printable ASCII as is, other bytes as
// \xNN), %rx (every byte as \xNN) or %rh (hex pairs separated by spaces).
std::string formatBuffer(const Type &type, const uint8_t *data, const std::string &conversion);

// One value in `type`'s layout. `div` divides numbers as print(@m, top, div)
// does: integers, count/sum/min/max, the average of avg/stats, and the
// numbers inside tuples. Hist/LHist values have no single-value form ("").
std::string formatValue(const Type &type, const uint8_t *data, uint64_t div = 1);
// A map key's text: as formatValue, but stacks indent their frames by 4, not 8.
std::string formatKey(const Type &type, const uint8_t *data);

} // namespace bpfscope
