// `bpfscope --help` and man/bpfscope.8 stay short, clean and in step: every
// option the tool accepts is documented in the man page, and the page
// renders without groff warnings.

#include "harness.h"

#include <fstream>
#include <iterator>
#include <regex>

namespace bpfscope::e2e {
namespace {

std::string manPageSource() {
  std::ifstream page(BPFSCOPE_E2E_MAN_PAGE);
  return {std::istreambuf_iterator<char>(page), std::istreambuf_iterator<char>()};
}

// The options --help lists, e.g. "-l", "--list", "--dry-run".
std::vector<std::string> helpOptions(const std::string &help) {
  std::vector<std::string> options;
  static const std::regex option(R"((?:^|[ ,])(--?[A-Za-z][-A-Za-z]*))");
  for (const auto &line : splitLines(help)) {
    if (line.rfind("  -", 0) != 0)
      continue; // only the option table, not the examples
    for (std::sregex_iterator it(line.begin(), line.end(), option), end; it != end; ++it)
      options.push_back((*it)[1]);
  }
  return options;
}

// roff spells '-' as "\-" in option names.
std::string roffSpelling(const std::string &option) {
  return std::regex_replace(option, std::regex("-"), R"(\-)");
}

TEST(DocsTest, HelpIsShortAndShowsUsage) {
  auto result = runBpfscope({"--help"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLine(result.out, "  bpfscope [OPTIONS] -e PROGRAM [ARGS...]")) << result.out;
  EXPECT_LE(splitLines(result.out).size(), 40u) << result.out;
  for (const auto &line : splitLines(result.out))
    EXPECT_LE(line.size(), 120u) << line;
}

TEST(DocsTest, ManPageDocumentsEveryOptionOfHelp) {
  auto help = runBpfscope({"--help"}).out;
  auto options = helpOptions(help);
  EXPECT_GE(options.size(), 20u) << help;
  const std::string page = manPageSource();
  for (const auto &option : options)
    EXPECT_NE(page.find(roffSpelling(option)), std::string::npos)
        << option << " is missing from " << BPFSCOPE_E2E_MAN_PAGE;
}

TEST(DocsTest, ManPageRendersWithoutWarnings) {
  if (shellOutput("command -v groff").empty())
    GTEST_SKIP() << "groff is not installed";
  std::string warnings =
      shellOutput(std::string("groff -ww -z -man '") + BPFSCOPE_E2E_MAN_PAGE + "'");
  EXPECT_EQ(warnings, "");
}

} // namespace
} // namespace bpfscope::e2e
