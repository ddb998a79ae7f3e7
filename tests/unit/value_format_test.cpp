#include "runtime/value_format.h"

#include <cstring>
#include <gtest/gtest.h>

namespace bpfscope {
namespace {

template <typename T> std::vector<uint8_t> bytesOf(T v) {
  std::vector<uint8_t> b(sizeof(T));
  std::memcpy(b.data(), &v, sizeof(T));
  return b;
}

std::vector<uint8_t> stringBytes(const std::string &s, size_t size) {
  std::vector<uint8_t> b(size, 0);
  std::memcpy(b.data(), s.data(), std::min(s.size(), size));
  return b;
}

TEST(ValueFormat, IntegersBySizeAndSign) {
  EXPECT_EQ(formatValue(Type::integer(1, true), bytesOf<int8_t>(-3).data()), "-3");
  EXPECT_EQ(formatValue(Type::integer(1, false), bytesOf<int8_t>(-3).data()), "253");
  EXPECT_EQ(formatValue(Type::integer(2, true), bytesOf<int16_t>(-300).data()), "-300");
  EXPECT_EQ(formatValue(Type::integer(4, false), bytesOf<uint32_t>(4000000000u).data()),
            "4000000000");
  EXPECT_EQ(formatValue(Type::integer(8, true), bytesOf<int64_t>(INT64_MIN).data()),
            "-9223372036854775808");
  EXPECT_EQ(formatValue(Type::integer(8, false), bytesOf<uint64_t>(UINT64_MAX).data()),
            "18446744073709551615");
}

TEST(ValueFormat, DivideFollowsSignedness) {
  EXPECT_EQ(formatValue(Type::integer(8, true), bytesOf<int64_t>(-7).data(), 2), "-3");
  EXPECT_EQ(formatValue(Type::integer(8, false), bytesOf<uint64_t>(7).data(), 2), "3");
  EXPECT_EQ(formatValue(Type::integer(8, false), bytesOf<uint64_t>(7).data(), 0), "7");
}

TEST(ValueFormat, StringsStopAtNulAndMarkTruncation) {
  EXPECT_EQ(formatValue(Type::string(8), stringBytes("abc", 8).data()), "abc");
  EXPECT_EQ(formatValue(Type::string(8), stringBytes("", 8).data()), "");
  EXPECT_EQ(formatValue(Type::string(4), stringBytes("abcd", 4).data()), "abcd..");
  // A char[N] field that its N characters fill prints the same way.
  EXPECT_EQ(formatValue(Type::string(3), stringBytes("abc", 3).data()), "abc..");
}

TEST(ValueFormat, BoolAndPointer) {
  uint8_t t = 1, f = 0;
  EXPECT_EQ(formatValue(Type::boolean(), &t), "true");
  EXPECT_EQ(formatValue(Type::boolean(), &f), "false");
  EXPECT_EQ(formatValue(Type::pointer(), bytesOf<uint64_t>(0xffff8881).data()), "0xffff8881");
}

TEST(ValueFormat, TupleWithPadding) {
  // (int8, string[3], int64): offsets 0, 1, 8
  Type t = Type::tuple({Type::integer(1, true), Type::string(3), Type::integer(8, true)});
  std::vector<uint8_t> data(t.size, 0);
  data[0] = 1;
  std::memcpy(&data[1], "ab", 2);
  int64_t three = 3;
  std::memcpy(&data[8], &three, 8);
  EXPECT_EQ(formatValue(t, data.data()), "(1, ab, 3)");
  EXPECT_EQ(formatValue(t, data.data(), 2), "(0, ab, 1)");
}

std::vector<uint8_t> pairOf(int64_t a, uint64_t b) {
  auto v = bytesOf(a), w = bytesOf(b);
  v.insert(v.end(), w.begin(), w.end());
  return v;
}

TEST(ValueFormat, Aggregations) {
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Count), bytesOf<uint64_t>(5).data()), "5");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Sum), bytesOf<int64_t>(-5).data()), "-5");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Sum, false), bytesOf<int64_t>(-5).data()),
            "18446744073709551611");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Min), pairOf(-2, 1).data()), "-2");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Avg), pairOf(31, 2).data()), "15");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Avg), pairOf(-31, 2).data()), "-15");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Avg), pairOf(0, 0).data()), "0");
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Stats), pairOf(30, 2).data()),
            "{ .count = 2, .average = 15, .total = 30 }");
  // div divides only the average.
  EXPECT_EQ(formatValue(Type::aggregate(TypeKind::Stats), pairOf(30, 2).data(), 10),
            "{ .count = 2, .average = 1, .total = 30 }");
}

} // namespace
} // namespace bpfscope
