// Attach-point text split into parts as bpftrace reads it: quotes protect ':'
// and are dropped, a backslash inside quotes escapes.
#include "parser/quoted_split.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using Parts = std::vector<std::string>;

TEST(AttachPointParts, SplitsAtColons) {
  EXPECT_EQ(attachPointParts("usdt:/bin/app:prov:name"),
            (Parts{"usdt", "/bin/app", "prov", "name"}));
  EXPECT_EQ(attachPointParts("usdt:bin::name"), (Parts{"usdt", "bin", "", "name"}));
}

TEST(AttachPointParts, QuotesProtectColonsAndAreDropped) {
  EXPECT_EQ(attachPointParts(R"x(uprobe:bin:cpp:"ns::f(int)")x"),
            (Parts{"uprobe", "bin", "cpp", "ns::f(int)"}));
  EXPECT_EQ(attachPointParts(R"(usdt:"./my app":prov:"na"me)"),
            (Parts{"usdt", "./my app", "prov", "name"}));
}

// sys/sdt.h's DTRACE_PROBE1(test, "probe1", a) names the probe "probe1" with
// its quotes: bpftrace's tests write it as "\"probe1\"".
TEST(AttachPointParts, EscapedQuotesInsideQuotesAreKept) {
  EXPECT_EQ(attachPointParts(R"(usdt:bin:test:"\"probe1\"")"),
            (Parts{"usdt", "bin", "test", "\"probe1\""}));
  EXPECT_EQ(attachPointParts(R"(usdt:bin:p:"a\\b")"), (Parts{"usdt", "bin", "p", "a\\b"}));
}

} // namespace
} // namespace bpfscope
