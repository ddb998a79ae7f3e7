// "Did you mean": the length-indexed search must give the answers of a plain
// scan over the whole list, ties included, on a kernel-sized list.
#include "parser/suggest.h"
#include "providers/kernel_functions.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace bpfscope {
namespace {

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The rule as first written: the first candidate strictly nearer than any
// before it, within a third of the word's length.
std::optional<std::string> scanEveryCandidate(std::string_view word,
                                              const std::vector<std::string> &candidates) {
  size_t best_distance = std::max<size_t>(1, word.size() / 3) + 1;
  std::optional<std::string> best;
  for (const auto &c : candidates)
    if (size_t d = editDistance(word, c); d < best_distance) {
      best_distance = d;
      best = c;
    }
  return best;
}

// Names like the kernel's: words from a small vocabulary joined by '_', so
// that many are a few edits apart and ties are common.
std::vector<std::string> kernelLikeNames(size_t count, std::mt19937 &random) {
  static const std::vector<std::string> words = {
      "vfs", "read", "write", "do", "sys",   "open", "tcp", "send", "msg", "sched", "task",
      "mm",  "page", "fault", "io", "uring", "net",  "dev", "x",    "ab",  "lock",  "unlock"};
  std::vector<std::string> names;
  for (size_t i = 0; i < count; ++i) {
    std::string name = words[random() % words.size()];
    for (size_t parts = random() % 4; parts > 0; --parts)
      name += "_" + words[random() % words.size()];
    names.push_back(name);
  }
  return names;
}

// A typo of `name`: a letter dropped, doubled, changed or two swapped.
std::string misspell(std::string name, std::mt19937 &random) {
  size_t at = random() % name.size();
  switch (random() % 4) {
  case 0:
    name.erase(at, 1);
    break;
  case 1:
    name.insert(at, 1, name[at]);
    break;
  case 2:
    name[at] = static_cast<char>('a' + random() % 26);
    break;
  default:
    if (at + 1 < name.size())
      std::swap(name[at], name[at + 1]);
  }
  return name;
}

TEST(Suggest, IndexAnswersAsAScanOfEveryCandidate) {
  std::mt19937 random(42);
  std::vector<std::string> names = kernelLikeNames(5000, random);
  SuggestionIndex index({names.begin(), names.end()});
  for (int i = 0; i < 500; ++i) {
    std::string word = misspell(names[random() % names.size()], random);
    ASSERT_EQ(index.closest(word), scanEveryCandidate(word, names)) << word;
  }
  for (std::string word : {"", "x", "zz", "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq"})
    EXPECT_EQ(index.closest(word), scanEveryCandidate(word, names)) << word;
}

// Of equally near candidates the first in the list wins, whatever its length.
TEST(Suggest, TiesGoToTheFirstCandidate) {
  EXPECT_EQ(closestMatch("abcd", {"abcde", "abc", "abce"}), "abcde");
  EXPECT_EQ(closestMatch("abcd", {"abce", "abcde", "abc"}), "abce");
  EXPECT_EQ(closestMatch("abcd", {"abcdxy", "abxd"}), "abxd");
  EXPECT_EQ(closestMatch("abcdef", {"xyzdef"}), std::nullopt);
}

// The suggestions bpfscope gave for misspelt kernel functions before the
// index, on this machine's list of functions.
TEST(Suggest, KernelFunctionSuggestionsAreUnchanged) {
  if (kprobeFunctions().empty())
    GTEST_SKIP() << "neither available_filter_functions nor /proc/kallsyms is readable";
  std::vector<std::string> names;
  for (const auto &f : kprobeFunctions())
    names.push_back(f.name);
  for (std::string word : {"vfs_raed", "tcp_sendmsgg", "schedul", "security_file_opn"}) {
    auto scanned = scanEveryCandidate(word, names);
    EXPECT_EQ(suggestKprobeFunction(word), scanned ? "did you mean '" + *scanned + "'?" : "")
        << word;
  }
  EXPECT_EQ(suggestKprobeFunction("vfs_raed"), "did you mean 'vfs_read'?");
  EXPECT_EQ(suggestKprobeFunction("do_nanoslep"), "did you mean 'do_nanosleep'?");
}

} // namespace
} // namespace bpfscope
