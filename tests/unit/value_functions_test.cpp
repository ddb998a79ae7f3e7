// Sema of the string, byte, address and map functions: their types and the
// errors for wrong arguments; and that an error is reported once, without
// follow-on errors about the `none` type it leaves behind.
#include "check_script.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

using test::check;

size_t countErrors(const std::string &diagnostics) {
  size_t count = 0;
  for (size_t at = diagnostics.find("ERROR:"); at != std::string::npos;
       at = diagnostics.find("ERROR:", at + 1))
    ++count;
  return count;
}

TEST(ValueFunctions, TypesTheirResults) {
  auto c = check(R"(BEGIN { @a = strlen("ab"); @b = strcontains("ab", "b"); @c = strstr("ab", "b");
    @d = bswap((uint16)1); @e = buf("abc", 2); @f = ntop(1); @g = macaddr(pton("::1"));
    @h = strncmp("a", "b", 1); @i = is_err(0); @k = uptr(0); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  const CheckedProgram &p = *c.program;
  EXPECT_EQ(p.findMap("@a")->value, Type::integer(8, false));
  EXPECT_EQ(p.findMap("@b")->value, Type::boolean());
  EXPECT_EQ(p.findMap("@c")->value, Type::integer(8, true));
  EXPECT_EQ(p.findMap("@d")->value, Type::integer(2, false));
  EXPECT_EQ(p.findMap("@e")->value, Type::buffer(2));
  EXPECT_EQ(p.findMap("@f")->value, Type::inet());
  EXPECT_EQ(p.findMap("@g")->value, Type::macAddress());
  EXPECT_EQ(p.findMap("@h")->value, Type::integer(8, true));
  EXPECT_EQ(p.findMap("@i")->value, Type::boolean());
  EXPECT_EQ(p.findMap("@k")->value.kind, TypeKind::Pointer); // a map keeps a pointer's type
  EXPECT_TRUE(p.findMap("@k")->value.user_address);
}

// A string shorter than buf()'s literal length is padded to it, as bpftrace
// pads buf("ok_key", 8) to `ok_key\x00\x00`; an array is not read past its end.
TEST(ValueFunctions, BufOfAShortStringKeepsTheLength) {
  auto c = check(R"(BEGIN { @s = buf("ok_key", 8); @t = buf("ok_key", 6);
    @a = buf(pton("1.2.3.4"), 8); @n = buf("ok", 100000); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@s")->value, Type::buffer(8));
  EXPECT_EQ(c.program->findMap("@t")->value, Type::buffer(6));
  EXPECT_EQ(c.program->findMap("@a")->value, Type::buffer(4));
  EXPECT_EQ(c.program->findMap("@n")->value, Type::buffer(1024)); // at most max_strlen
}

// str(p, n) holds n characters and the NUL; a length past max_strlen is cut
// to it with the newest bpftrace's warning.
TEST(ValueFunctions, StrLengthSizesTheString) {
  auto c =
      check("config = { max_strlen = 5 } BEGIN { @a = str(0); @b = str(0, 3); @c = str(0, 10); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@a")->value, Type::string(5));
  EXPECT_EQ(c.program->findMap("@b")->value, Type::string(4));
  EXPECT_EQ(c.program->findMap("@c")->value, Type::string(5));
  EXPECT_NE(c.diagnostics.find("stdin:1:71: WARNING: length param (10) is too long and will be "
                               "shortened to 5 bytes (see BPFTRACE_MAX_STRLEN)"),
            std::string::npos)
      << c.diagnostics;
}

TEST(ValueFunctions, RejectsAnArgumentOfTheWrongType) {
  auto c = check("BEGIN { @x = strlen(1); }");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(c.diagnostics, "stdin:1:21: ERROR: strlen() needs a string here, not int64\n"
                           "BEGIN { @x = strlen(1); }\n"
                           "                    ^\n"
                           "HINT: write strlen(str(arg0))\n");
}

TEST(ValueFunctions, RejectsTheWrongNumberOfArguments) {
  auto c = check(R"(BEGIN { @x = strncmp("a", "b"); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: strncmp() takes 3 arguments, got 2"), std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("HINT: write strncmp(\"a\", \"b\", 3)"), std::string::npos);
}

TEST(ValueFunctions, NeedsLiteralsWhereTheValueIsUsedAtCompileTime) {
  auto c = check(R"(BEGIN { $n = 2; @x = strncmp("a", "b", $n); @y = pton("1.2.3"); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: strncmp()'s length must be an integer literal"),
            std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("ERROR: '1.2.3' is not an IPv4 or IPv6 address"), std::string::npos);
}

TEST(ValueFunctions, BufOfAPointerNeedsALength) {
  auto c = check("BEGIN { @x = buf(0); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: buf() of a pointer needs a length"), std::string::npos)
      << c.diagnostics;
}

TEST(ValueFunctions, ClocksAndNamespacesByName) {
  auto c = check("BEGIN { @a = nsecs(monotonic); @b = pid(init); @c = tid(curr_ns); }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@a")->value, Type::integer(8, false));
  c = check("BEGIN { @a = nsecs(bogus); }");
  EXPECT_NE(c.diagnostics.find("ERROR: nsecs() takes one of: monotonic, boot, tai, sw_tai"),
            std::string::npos)
      << c.diagnostics;
}

TEST(MapFunctions, HasKeyAndFindNeedAKey) {
  auto c = check(R"(BEGIN { @s = 1; @m[1] = 2; $a = has_key(@s); $b = find(@m, 1, 5); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: has_key() takes a map and a key"), std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("ERROR: find() stores the value it finds in a $variable"),
            std::string::npos);
}

TEST(MapFunctions, KeysGivenAsATupleNameEachKey) {
  auto c = check(R"(BEGIN { @m[1, "a"] = 2; $a = has_key(@m, (1, "a")); $d = delete(@m, (1, "b"));
    let $v; $f = find(@m, (2, "c"), $v); @n = len(@m); })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->findMap("@m")->key_types.size(), 2u);
}

TEST(MapFunctions, FindCannotReadAnAggregation) {
  auto c = check(R"(BEGIN { @h[1] = hist(2); let $v; $f = find(@h, 1, $v); })");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("reading an aggregation (hist_t)"), std::string::npos)
      << c.diagnostics;
}

TEST(CascadingErrors, AnUnknownFunctionIsReportedOnce) {
  auto c = check(R"(BEGIN { printf("%d\n", nosuch(1)); @m[nosuch2()] = 1; @n = nosuch3();
    exit(nosuch4()); if (nosuch5()) { } @c = sum(nosuch6()); @s = str(nosuch7());
    $p = nosuch8(); print($p[1] + 1); let $q = nosuch9(); @q = $q.x; })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(countErrors(c.diagnostics), 9u) << c.diagnostics;
  EXPECT_EQ(c.diagnostics.find("none"), std::string::npos) << c.diagnostics;
}

TEST(CascadingErrors, AWrongArgumentIsReportedOnce) {
  auto c = check(R"(BEGIN { printf("%d\n", strlen(1)); @x[strstr(1, "a")] = 1; })");
  EXPECT_FALSE(c.program);
  EXPECT_EQ(countErrors(c.diagnostics), 2u) << c.diagnostics;
}

} // namespace
} // namespace bpfscope
