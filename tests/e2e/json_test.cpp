// -f json: every line of output is one JSON object in bpftrace's schema.

#include "harness.h"

#include <gmock/gmock.h>

#include <cctype>
#include <string_view>

namespace bpfscope::e2e {
namespace {

// A strict recursive-descent JSON recognizer (RFC 8259), enough to prove
// each line parses; the exact text is asserted separately.
class JsonRecognizer {
public:
  explicit JsonRecognizer(std::string_view text) : s_(text) {}

  bool wholeDocument() {
    bool ok = value();
    skipSpace();
    return ok && at_ == s_.size();
  }

private:
  void skipSpace() {
    while (at_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[at_])))
      ++at_;
  }
  bool eat(char c) {
    skipSpace();
    if (at_ < s_.size() && s_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  bool literal(std::string_view word) {
    if (s_.substr(at_, word.size()) != word)
      return false;
    at_ += word.size();
    return true;
  }
  bool value() {
    skipSpace();
    if (at_ >= s_.size())
      return false;
    char c = s_[at_];
    if (c == '{')
      return object();
    if (c == '[')
      return array();
    if (c == '"')
      return string();
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c)))
      return number();
    return literal("true") || literal("false") || literal("null");
  }
  bool object() {
    eat('{');
    if (eat('}'))
      return true;
    do {
      skipSpace();
      if (!string() || !eat(':') || !value())
        return false;
    } while (eat(','));
    return eat('}');
  }
  bool array() {
    eat('[');
    if (eat(']'))
      return true;
    do {
      if (!value())
        return false;
    } while (eat(','));
    return eat(']');
  }
  bool string() {
    if (at_ >= s_.size() || s_[at_] != '"')
      return false;
    for (++at_; at_ < s_.size(); ++at_) {
      char c = s_[at_];
      if (c == '"') {
        ++at_;
        return true;
      }
      if (static_cast<unsigned char>(c) < 0x20)
        return false;
      if (c == '\\') {
        ++at_;
        if (at_ >= s_.size() ||
            std::string_view("\"\\/bfnrtu").find(s_[at_]) == std::string_view::npos)
          return false;
      }
    }
    return false;
  }
  bool number() {
    size_t start = at_;
    if (s_[at_] == '-')
      ++at_;
    if (at_ >= s_.size() || !std::isdigit(static_cast<unsigned char>(s_[at_])))
      return false;
    if (s_[at_] == '0' && at_ + 1 < s_.size() &&
        std::isdigit(static_cast<unsigned char>(s_[at_ + 1])))
      return false;
    while (at_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[at_])))
      ++at_;
    return at_ > start;
  }

  std::string_view s_;
  size_t at_ = 0;
};

void expectEveryLineIsJson(const std::string &out) {
  for (const auto &line : splitLines(out))
    EXPECT_TRUE(JsonRecognizer(line).wholeDocument()) << "not JSON: " << line;
}

class JsonTest : public E2ETest {};

TEST_F(JsonTest, RecognizerRejectsBrokenJson) {
  EXPECT_TRUE(JsonRecognizer(R"({"a": [1, -2, "x\n"], "b": {}})").wholeDocument());
  EXPECT_FALSE(JsonRecognizer(R"({"a": 1,})").wholeDocument());
  EXPECT_FALSE(JsonRecognizer("").wholeDocument());
  EXPECT_FALSE(JsonRecognizer(R"({"a": 01})").wholeDocument());
}

TEST_F(JsonTest, AsyncRecordsAndMaps) {
  auto result = runBpfscope({"-f", "json", "-e", R"(BEGIN {
  @a = 1; @b[1, "x"] = 2; @h = hist(5); @s = stats(4); @v = avg(6); @l = lhist(5, 0, 10, 2);
  printf("hi \"%d\"\n", 5); print(@b); print(7); print("s"); cat("/proc/sys/kernel/ostype");
  exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  expectEveryLineIsJson(result.out);
  EXPECT_EQ(result.out,
            R"({"type": "attached_probes", "count": 1, "data": {"probes": 1}}
{"type": "printf", "data": "hi \"5\"\n"}
{"type": "map", "data": {"@b": {"1,x": 2}}}
{"type": "value", "data": 7}
{"type": "value", "data": "s"}
{"type": "cat", "data": "Linux\n"}
{"type": "map", "data": {"@a": 1}}
{"type": "map", "data": {"@b": {"1,x": 2}}}
{"type": "hist", "data": {"@h": [{"min": 4, "max": 7, "count": 1}]}}
{"type": "hist", "data": {"@l": [{"min": 4, "max": 5, "count": 1}]}}
{"type": "stats", "data": {"@s": {"count": 1, "average": 4, "total": 4}}}
{"type": "stats", "data": {"@v": 6}}
)");
}

TEST_F(JsonTest, HistogramEdgesAndKeyedValues) {
  auto result = runBpfscope({"-f", "json", "-q", "-e", R"(BEGIN {
  @h = hist(-1); @h = hist(0); @h = hist(1); @h = hist(9);
  @l = lhist(-5, 0, 10, 5); @l = lhist(50, 0, 10, 5);
  @p["k"] = stats(3); @t[1] = "a\tb"; time("%%"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  expectEveryLineIsJson(result.out);
  EXPECT_EQ(result.out,
            R"({"type": "time", "data": "%"}
{"type": "hist", "data": {"@h": [{"max": -1, "count": 1}, {"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 1}, {"min": 2, "max": 3, "count": 0}, {"min": 4, "max": 7, "count": 0}, {"min": 8, "max": 15, "count": 1}]}}
{"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, {"min": 0, "max": 4, "count": 0}, {"min": 5, "max": 9, "count": 0}, {"min": 10, "count": 1}]}}
{"type": "stats", "data": {"@p": {"k": {"count": 1, "average": 3, "total": 3}}}}
{"type": "map", "data": {"@t": {"1": "a\tb"}}}
)");
}

TEST_F(JsonTest, IntervalOutputStaysJson) {
  auto result =
      runBpfscope({"-f", "json", "-e", R"(interval:ms:100 { @n = count(); print(@n); time(); }
interval:ms:350 { exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  expectEveryLineIsJson(result.out);
  EXPECT_THAT(result.out, ::testing::HasSubstr("{\"type\": \"map\", \"data\": {\"@n\": 1}}\n"));
}

} // namespace
} // namespace bpfscope::e2e
