#include "runtime/printf_format.h"

#include <cstring>
#include <gtest/gtest.h>
#include <variant>

namespace bpfscope {
namespace {

using Arg = std::variant<int64_t, std::string>;

// Packs arguments the way codegen lays out a printf record.
std::vector<uint8_t> pack(const std::vector<Type> &types, const std::vector<Arg> &args) {
  Type record = Type::tuple(types);
  std::vector<uint8_t> bytes(record.size, 0);
  auto offsets = record.elementOffsets();
  for (size_t i = 0; i < args.size(); ++i) {
    if (auto *n = std::get_if<int64_t>(&args[i]))
      std::memcpy(&bytes[offsets[i]], n, types[i].size);
    else
      std::memcpy(&bytes[offsets[i]], std::get<std::string>(args[i]).data(),
                  std::get<std::string>(args[i]).size());
  }
  return bytes;
}

std::string render(const std::string &format, const std::vector<Type> &types,
                   const std::vector<Arg> &args) {
  int index = 0;
  std::string error = checkPrintfFormat(format, types, &index);
  EXPECT_EQ(error, "") << format;
  return renderPrintf(format, types, pack(types, args).data());
}

const Type kI64 = Type::integer(8, true);
const Type kU64 = Type::integer(8, false);

// bpftrace 0.17: printf("[%d] [%ld] [%u] [%lu] [%x] [%lx] [%c%c] [%5s|%-5s] [%hhd] [%p]
// [%5d|%-5d]\n", 1<<40, 1<<40, -5, -5, -5, -5, 65, 66, "ab", "cd", 300, 4096, 42, 42)
TEST(PrintfFormat, MatchesBpftrace017) {
  std::vector<Type> types = {
      kI64, kI64, kI64, kI64, kI64, kI64, kI64, kI64, Type::string(3), Type::string(3),
      kI64, kI64, kI64, kI64};
  EXPECT_EQ(render("[%d] [%ld] [%u] [%lu] [%x] [%lx] [%c%c] [%5s|%-5s] [%hhd] [%p] [%5d|%-5d]\n",
                   types,
                   {int64_t{1} << 40, int64_t{1} << 40, int64_t{-5}, int64_t{-5}, int64_t{-5},
                    int64_t{-5}, int64_t{65}, int64_t{66}, "ab", "cd", int64_t{300}, int64_t{4096},
                    int64_t{42}, int64_t{42}}),
            "[0] [1099511627776] [4294967291] [18446744073709551611] [fffffffb] "
            "[fffffffffffffffb] [AB] [   ab|cd   ] [44] [0x1000] [   42|42   ]\n");
}

// The event loop renders every record of a printf with one renderer; plain
// %d/%i/%u take the stream-free path and must print what the streams would.
TEST(PrintfFormat, RendererRendersEachRecordAlike) {
  std::vector<Type> types = {kI64, kI64, kU64, Type::integer(4, true)};
  PrintfRenderer renderer("pid %d tid %i u %u s %d\n", types);
  EXPECT_EQ(
      renderer.render(pack(types, {int64_t{42}, int64_t{-7}, int64_t{-1}, int64_t{-3}}).data()),
      "pid 42 tid -7 u 4294967295 s -3\n");
  EXPECT_EQ(
      renderer.render(
          pack(types, {int64_t{1} << 40, int64_t{0}, int64_t{5}, int64_t{2147483647}}).data()),
      "pid 0 tid 0 u 5 s 2147483647\n");
}

// bpftrace's runtime test printf_length_modifiers.
TEST(PrintfFormat, LengthModifiersNarrow) {
  int64_t x = 0x12345678abcdef;
  EXPECT_EQ(render("%hhx %hx %x %jx\n", {kI64, kI64, kI64, kI64}, {x, x, x, x}),
            "ef cdef 78abcdef 12345678abcdef\n");
  EXPECT_EQ(render("%hhu %hd %lld %zu %llu", {kI64, kI64, kI64, kI64, kI64},
                   {int64_t{-1}, int64_t{70000}, int64_t{-5}, int64_t{-1}, int64_t{7}}),
            "255 4464 -5 18446744073709551615 7");
}

TEST(PrintfFormat, SmallArgumentsAreWidenedBySign) {
  std::vector<Type> types = {Type::integer(1, true), Type::integer(2, false),
                             Type::integer(4, true)};
  EXPECT_EQ(render("%d %d %lx", types, {int64_t{-3}, int64_t{65535}, int64_t{-1}}),
            "-3 65535 ffffffffffffffff");
}

TEST(PrintfFormat, Flags) {
  std::vector<Type> types(8, kI64);
  EXPECT_EQ(render("[%+d] [%+d] [%#x] [%#X] [%#o] [%o] [%05d] [%-5d]", types,
                   {int64_t{5}, int64_t{-5}, int64_t{255}, int64_t{255}, int64_t{8}, int64_t{8},
                    int64_t{42}, int64_t{7}}),
            "[+5] [-5] [0xff] [0XFF] [010] [10] [00042] [7    ]");
  // bpftrace pads with the fill character on the padding side, sign included.
  EXPECT_EQ(render("[%05d] [%+u]", {kI64, kI64}, {int64_t{-42}, int64_t{5}}), "[00-42] [5]");
  // A space flag and integer precision are accepted and have no effect.
  EXPECT_EQ(render("[% d] [%.3d]", {kI64, kI64}, {int64_t{5}, int64_t{5}}), "[5] [5]");
}

TEST(PrintfFormat, PercentAndStrayPercent) {
  EXPECT_EQ(render("100%% done %d%%", {kI64}, {int64_t{3}}), "100% done 3%");
  EXPECT_EQ(render("50%, %k stays", {}, {}), "50%, %k stays");
  EXPECT_EQ(render("trailing %", {}, {}), "trailing %");
}

TEST(PrintfFormat, Chars) {
  EXPECT_EQ(render("%c%c%c%c|%3c|%-3c|", {kI64, kI64, kI64, kI64, kI64, kI64},
                   {int64_t{0x41}, int64_t{0x42}, int64_t{0x43}, int64_t{0x44}, int64_t{'x'},
                    int64_t{'y'}}),
            "ABCD|  x|y  |");
}

TEST(PrintfFormat, Strings) {
  Type s16 = Type::string(16);
  EXPECT_EQ(render("[%s] [%10s] [%-10s] [%s]", {s16, s16, s16, Type::string(4)},
                   {"abc", "abc", "abc", "full"}),
            "[abc] [       abc] [abc       ] [full..]");
  // %s prints any value, integers in full.
  Type tuple = Type::tuple({kI64, Type::string(3)});
  std::string tuple_bytes(tuple.size, '\0');
  tuple_bytes[0] = 1;
  tuple_bytes.replace(8, 2, "ab");
  EXPECT_EQ(render("%s %s %5s %s", {kI64, kU64, kI64, tuple},
                   {int64_t{1} << 40, int64_t{-1}, int64_t{-7}, tuple_bytes}),
            "1099511627776 18446744073709551615    -7 (1, ab)");
}

TEST(PrintfFormat, BoolsAndPointers) {
  std::vector<Type> types = {Type::boolean(), Type::boolean(), Type::pointer(), Type::pointer()};
  EXPECT_EQ(render("%d %s %p %p", types, {int64_t{1}, int64_t{0}, int64_t{0}, int64_t{0xbeef}}),
            "1 false 0 0xbeef");
}

TEST(PrintfFormat, ParsesSpecifiers) {
  ParsedFormat p = parsePrintfFormat("a%-+#012.3lldb%%c%rx");
  ASSERT_EQ(p.specs.size(), 2u);
  EXPECT_EQ(p.literals, (std::vector<std::string>{"a", "b%c", ""}));
  const FormatSpec &s = p.specs[0];
  EXPECT_TRUE(s.left_align && s.show_sign && s.alternate_form && s.zero_pad);
  EXPECT_FALSE(s.space_sign);
  EXPECT_EQ(s.width, 12);
  EXPECT_EQ(s.precision, 3);
  EXPECT_EQ(s.length, "ll");
  EXPECT_EQ(s.conversion, "d");
  EXPECT_EQ(p.specs[1].conversion, "rx");
}

std::string check(const std::string &format, const std::vector<Type> &types, int *index) {
  return checkPrintfFormat(format, types, index);
}

TEST(PrintfFormat, CheckCountsArguments) {
  int index = 7;
  EXPECT_EQ(check("%d %d %d", {kI64, kI64}, &index),
            "printf: not enough arguments for format string (2 supplied, 3 expected)");
  EXPECT_EQ(index, -1);
  EXPECT_EQ(check("%d", {kI64, kI64, kI64}, &index),
            "printf: too many arguments for format string (3 supplied, 1 expected)");
  EXPECT_EQ(index, 1);
  EXPECT_EQ(check("100%% %d", {kI64}, &index), "");
  EXPECT_EQ(index, -1);
}

TEST(PrintfFormat, CheckTypes) {
  int index = -1;
  EXPECT_EQ(check("%s %d", {kI64, Type::string(16)}, &index),
            "printf: %d needs an integer argument, got string[16]");
  EXPECT_EQ(index, 1);
  EXPECT_EQ(check("%c", {Type::string(4)}, &index),
            "printf: %c needs an integer argument, got string[4]");
  EXPECT_EQ(check("%x", {Type::tuple({kI64})}, &index),
            "printf: %x needs an integer argument, got (int64)");
  EXPECT_EQ(check("%d %u %p %c", {Type::boolean(), kU64, Type::pointer(), kI64}, &index), "");
  EXPECT_EQ(check("%s %s %s", {Type::boolean(), Type::pointer(), Type::tuple({kI64})}, nullptr),
            "");
}

TEST(PrintfFormat, CheckRejectsUnsupported) {
  int index = -1;
  EXPECT_EQ(check("%d %f", {kI64, kI64}, &index), "printf: unsupported format specifier %f");
  EXPECT_EQ(index, 1);
  EXPECT_EQ(check("%r", {Type::string(4)}, &index),
            "printf: %r needs a buffer argument, got string[4]");
  EXPECT_EQ(check("%*d", {kI64}, &index), "printf: '*' width and precision are not supported");
  EXPECT_EQ(check("%s", {Type::none()}, &index), "printf: %s cannot print a value of type none");
}

} // namespace
} // namespace bpfscope
