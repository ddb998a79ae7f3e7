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

std::optional<std::string> closestMatch(std::string_view word,
                                        const std::vector<std::string> &candidates) {
  size_t limit = std::max<size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  size_t best_distance = limit + 1;
  std::vector<size_t> row;
  for (const auto &c : candidates) {
    // The distance is at least the difference in length, which rules out
    // most of a long list (every kernel function) without computing it.
    size_t length_gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (length_gap >= best_distance)
      continue;
    size_t d = boundedEditDistance(word, c, best_distance - 1, row);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates) {
  auto match = closestMatch(word, candidates);
  return match ? "did you mean '" + *match + "'?" : std::string();
}

} // namespace bpfscope
