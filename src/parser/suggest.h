// "Did you mean …?" for diagnostics: the candidate nearest to a misspelt name.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// The candidate with the smallest edit distance to `word`, if that distance is
// small enough to be a plausible typo (about a third of the word's length);
// of equally near ones, the first.
std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates);

// "did you mean 'X'?" or an empty string.
std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates);

// The candidates of a long list (every kernel function), indexed once for
// many look-ups: grouped by length, since names whose lengths differ by d
// are at least d edits apart, so a look-up compares the word with the names
// of its own length and a few lengths around it only. The index refers to
// the names, which must outlive it.
class SuggestionIndex {
public:
  explicit SuggestionIndex(std::vector<std::string_view> candidates);

  // closestMatch(word, candidates): the same answer.
  std::optional<std::string> closest(std::string_view word) const;
  // didYouMean(word, candidates).
  std::string didYouMean(std::string_view word) const;

private:
  // The positions in candidates_ of the names `length` long, ascending.
  const std::vector<uint32_t> &ofLength(size_t length) const;

  std::vector<std::string_view> candidates_;
  std::vector<std::vector<uint32_t>> by_length_;
};

} // namespace bpfscope
