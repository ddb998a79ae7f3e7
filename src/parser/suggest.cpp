#include "parser/suggest.h"

#include <algorithm>
#include <numeric>

namespace bpfscope {

// Levenshtein distance, or bound + 1 as soon as it must exceed bound: once
// every entry of a row is past the bound no later row can come back under
// it, so most of a long candidate list (every kernel function) costs a few
// rows each.
static size_t boundedEditDistance(std::string_view a, std::string_view b, size_t bound,
                                  std::vector<size_t> &row) {
  row.resize(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t row_min = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    if (row_min > bound)
      return bound + 1;
  }
  return row[b.size()];
}

SuggestionIndex::SuggestionIndex(std::vector<std::string_view> candidates)
    : candidates_(std::move(candidates)) {
  for (uint32_t i = 0; i < candidates_.size(); ++i) {
    size_t length = candidates_[i].size();
    if (by_length_.size() <= length)
      by_length_.resize(length + 1);
    by_length_[length].push_back(i);
  }
}

const std::vector<uint32_t> &SuggestionIndex::ofLength(size_t length) const {
  static const std::vector<uint32_t> none;
  return length < by_length_.size() ? by_length_[length] : none;
}

// The nearest candidate, and of equally near ones the first in the list, as
// one pass over the list in order would find. Lengths are visited by their
// distance `gap` from the word's, which bounds the edit distance from below:
// once the gap exceeds the best distance found, no name is left to look at.
std::optional<std::string> SuggestionIndex::closest(std::string_view word) const {
  size_t accepted = std::max<size_t>(1, word.size() / 3); // the largest distance still wanted
  std::optional<uint32_t> best;
  std::vector<size_t> row;
  auto consider = [&](uint32_t i, size_t gap) {
    // A name after the best one must be strictly nearer to replace it.
    bool earlier = !best || i < *best;
    if (!earlier && accepted == 0)
      return;
    size_t bound = earlier ? accepted : accepted - 1;
    if (gap > bound)
      return;
    size_t d = boundedEditDistance(word, candidates_[i], bound, row);
    if (d <= bound) {
      best = i;
      accepted = d;
    }
  };
  for (size_t gap = 0; gap <= accepted; ++gap) {
    for (uint32_t i : ofLength(word.size() + gap))
      consider(i, gap);
    if (gap > 0 && gap <= word.size())
      for (uint32_t i : ofLength(word.size() - gap))
        consider(i, gap);
  }
  return best ? std::optional(std::string(candidates_[*best])) : std::nullopt;
}

std::string SuggestionIndex::didYouMean(std::string_view word) const {
  auto match = closest(word);
  return match ? "did you mean '" + *match + "'?" : std::string();
}

std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates) {
  return SuggestionIndex({candidates.begin(), candidates.end()}).closest(word);
}

std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates) {
  return SuggestionIndex({candidates.begin(), candidates.end()}).didYouMean(word);
}

} // namespace bpfscope
