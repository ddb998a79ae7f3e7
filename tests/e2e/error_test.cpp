// User errors: exit status 1, a "stdin:LINE:COL" location, "ERROR:", the
// offending source line and an underline starting at the reported column.
// The wording of messages is deliberately not asserted.

#include "harness.h"

#include <gmock/gmock.h>

#include <regex>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class ErrorTest : public E2ETest {
protected:
  void expectDiagnosticWithCaret(const std::string &program) {
    auto result = runBpfscope({"-e", program});
    EXPECT_EQ(result.exitCode, 1) << result.err;
    EXPECT_EQ(result.out, "");
    EXPECT_THAT(result.err, HasSubstr("ERROR:"));
    expectUnderlineAtReportedColumn(result.err, program);
  }

  static void expectUnderlineAtReportedColumn(const std::string &err, const std::string &program) {
    std::smatch location;
    ASSERT_TRUE(std::regex_search(err, location, std::regex(R"((^|\n)stdin:1:(\d+))")))
        << "no stdin:1:COL location in:\n"
        << err;
    size_t column = std::stoul(location[2].str());
    auto lines = splitLines(err);
    for (size_t i = 0; i + 1 < lines.size(); i++) {
      if (lines[i] != program)
        continue;
      const std::string &underline = lines[i + 1];
      EXPECT_TRUE(std::regex_match(underline, std::regex(R"( *[~^]+ *)"))) << underline;
      EXPECT_EQ(underline.find_first_not_of(' '), column - 1) << err;
      return;
    }
    ADD_FAILURE() << "source line not echoed in:\n" << err;
  }
};

TEST_F(ErrorTest, SyntaxError) {
  expectDiagnosticWithCaret(R"(BEGIN { printf("x" })");
}

TEST_F(ErrorTest, UnknownTracepoint) {
  expectDiagnosticWithCaret("tracepoint:syscalls:sys_enter_no_such_syscall { exit(); }");
}

TEST_F(ErrorTest, UnknownIdentifier) {
  expectDiagnosticWithCaret("BEGIN { @x = no_such_builtin; exit(); }");
}

TEST_F(ErrorTest, UnknownFunction) {
  expectDiagnosticWithCaret("BEGIN { @x = no_such_function(1); exit(); }");
}

TEST_F(ErrorTest, StringPlusIntegerTypeError) {
  expectDiagnosticWithCaret(R"(BEGIN { @x = "a" + 1; exit(); })");
}

} // namespace
} // namespace bpfscope::e2e
