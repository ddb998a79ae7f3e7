// "Did you mean …?" for diagnostics: the candidate nearest to a misspelt name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// The candidate with the smallest edit distance to `word`, if that distance is
// small enough to be a plausible typo (about a third of the word's length).
std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates);

// "did you mean 'X'?" or an empty string.
std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates);

} // namespace bpfscope
