// globmatch()'s patterns: `?` (any one character), `*` (any run, empty
// included), `[abc]`, `[a-z]`, `[!abc]` (a class, negated by `!`; a `]` right
// after `[` or `[!` belongs to the class), any other character itself. A `[`
// without its `]` is the character `[`, as in the kernel's glob_match().
// The pattern is known at compile time; codegen turns it into a matcher over
// the string's characters (codegen/glob_match.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace bpfscope {

struct GlobToken {
  enum class Kind { Literal, AnyChar, AnyRun, Class };
  Kind kind = Kind::Literal;
  uint8_t literal = 0;
  bool negated = false;                            // [!…]
  std::vector<std::pair<uint8_t, uint8_t>> ranges; // inclusive; a single character is c-c
};

std::vector<GlobToken> parseGlob(const std::string &pattern);

// The matcher keeps one bit per position between tokens in a 64-bit word.
inline constexpr size_t kMaxGlobTokens = 63;

} // namespace bpfscope
