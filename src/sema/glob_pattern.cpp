#include "sema/glob_pattern.h"

#include <optional>

namespace bpfscope {
namespace {

// The class whose '[' is at pattern[open], and the index after its ']';
// nullopt when the pattern ends first.
std::optional<std::pair<GlobToken, size_t>> parseClass(const std::string &pattern, size_t open) {
  GlobToken token;
  token.kind = GlobToken::Kind::Class;
  size_t i = open + 1;
  token.negated = i < pattern.size() && pattern[i] == '!';
  if (token.negated)
    ++i;
  bool first = true;
  while (i < pattern.size() && (first || pattern[i] != ']')) {
    auto low = static_cast<uint8_t>(pattern[i]);
    auto high = low;
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      high = static_cast<uint8_t>(pattern[i + 2]);
      i += 2;
    }
    token.ranges.emplace_back(low, high);
    ++i;
    first = false;
  }
  if (i >= pattern.size())
    return std::nullopt;
  return std::make_pair(std::move(token), i + 1);
}

} // namespace

std::vector<GlobToken> parseGlob(const std::string &pattern) {
  std::vector<GlobToken> tokens;
  size_t i = 0;
  while (i < pattern.size()) {
    char c = pattern[i];
    if (c == '[') {
      if (auto cls = parseClass(pattern, i)) {
        tokens.push_back(std::move(cls->first));
        i = cls->second;
        continue;
      }
    }
    GlobToken token;
    if (c == '?')
      token.kind = GlobToken::Kind::AnyChar;
    else if (c == '*')
      token.kind = GlobToken::Kind::AnyRun;
    else
      token.literal = static_cast<uint8_t>(c);
    tokens.push_back(std::move(token));
    ++i;
  }
  return tokens;
}

} // namespace bpfscope
