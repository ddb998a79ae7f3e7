#include "runtime/test_report.h"

#include "runtime/time_format.h"

#include <algorithm>
#include <fmt/format.h>

namespace bpfscope {
namespace {

constexpr const char *kGreen = "\033[32m";
constexpr const char *kRed = "\033[31m";
constexpr const char *kPlain = "\033[0m";

std::string tag(const char *colour, const char *label) {
  return fmt::format("{}[{}]{} ", colour, label, kPlain);
}

std::string tests(size_t n) {
  return n == 1 ? "test" : "tests";
}

// "(2 μs)": the time in the largest unit it reaches, whole units.
std::string duration(uint64_t nanoseconds) {
  TimeUnit unit = durationUnit(nanoseconds);
  return fmt::format("({} {})", nanoseconds / unit.scale, unit.name);
}

// A failed test's output, without its empty lines, as bpftrace shows it.
std::string nonEmptyLines(const std::string &output) {
  std::string lines;
  size_t begin = 0;
  while (begin < output.size()) {
    size_t end = std::min(output.find('\n', begin), output.size());
    if (end > begin)
      lines += output.substr(begin, end - begin) + "\n";
    begin = end + 1;
  }
  return lines;
}

} // namespace

std::string testResultText(const TestResult &result, size_t index, size_t count) {
  std::string text;
  if (index == 0)
    text += tag(kGreen, "==========") + fmt::format("Running {} tests.\n", count);
  text += tag(kGreen, " RUN      ") + result.name + "\n";
  if (result.passed)
    text += tag(kGreen, "       OK ");
  else
    text += nonEmptyLines(result.output) + tag(kRed, "  FAILED  ");
  return text + result.name + " " + duration(result.nanoseconds) + "\n";
}

std::string testSummaryText(const std::vector<TestResult> &results) {
  size_t passed =
      std::count_if(results.begin(), results.end(), [](const TestResult &r) { return r.passed; });
  size_t failed = results.size() - passed;
  std::string text = tag(kGreen, "==========") +
                     fmt::format("{} {} ran.\n", results.size(), tests(results.size())) +
                     tag(kGreen, "  PASSED  ") + fmt::format("{} {}.\n", passed, tests(passed));
  if (failed == 0)
    return text;
  text += tag(kRed, "  FAILED  ") + fmt::format("{} {}, listed below:\n", failed, tests(failed));
  for (const auto &result : results)
    if (!result.passed)
      text += tag(kRed, "  FAILED  ") + result.name + "\n";
  return text;
}

} // namespace bpfscope
