// Expected texts are bpftrace 0.17's output for the script in each comment,
// adjusted to the newest bpftrace (no trailing space after a hist header,
// `{ .count = … }` stats, no blank line after avg/stats maps, `[v]` for
// one-wide lhist buckets) and with ties ordered by key.
#include "runtime/map_printer.h"

#include "map_fixtures.h"

#include <cstring>
#include <gtest/gtest.h>
#include <sstream>
#include <variant>

namespace bpfscope {
namespace {

using Field = std::variant<int64_t, std::string>;

std::vector<uint8_t> pack(const Type &tuple, const std::vector<Field> &fields) {
  std::vector<uint8_t> bytes(tuple.size, 0);
  auto offsets = tuple.elementOffsets();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (auto *n = std::get_if<int64_t>(&fields[i]))
      std::memcpy(&bytes[offsets[i]], n, tuple.elements[i].size);
    else
      std::memcpy(&bytes[offsets[i]], std::get<std::string>(fields[i]).data(),
                  std::get<std::string>(fields[i]).size());
  }
  return bytes;
}

MapEntry entry(const MapInfo &m, std::vector<Field> key, std::vector<Field> value) {
  MapEntry e;
  e.key = m.key_types.empty() ? std::vector<uint8_t>(8, 0) : pack(m.key, key);
  Type value_layout =
      m.value.size == 16
          ? Type::tuple({Type::integer(8, true), Type::integer(8, true)})
          : Type::tuple({m.value.kind == TypeKind::Integer ? m.value : Type::integer(8, true)});
  if (m.value.kind == TypeKind::String || m.value.kind == TypeKind::Tuple)
    value_layout = m.value.kind == TypeKind::String ? Type::tuple({m.value}) : m.value;
  e.value = pack(value_layout, value);
  return e;
}

MapEntry histEntry(const MapInfo &m, std::vector<Field> key, std::map<uint64_t, uint64_t> buckets) {
  MapEntry e;
  e.key = pack(m.key, key);
  e.buckets = std::move(buckets);
  return e;
}

std::string print(const MapInfo &m, std::vector<MapEntry> entries, uint64_t top = 0,
                  uint64_t div = 1) {
  std::ostringstream out;
  printMap(out, m, std::move(entries), top, div);
  return out.str();
}

const Type kInt64 = Type::integer(8, true);
const Type kStr = Type::string(16);

// @c = count(); @c = count();
TEST(MapPrinter, ScalarCount) {
  auto m = mapOf("@c", {}, Type::aggregate(TypeKind::Count));
  EXPECT_EQ(print(m, {entry(m, {}, {int64_t{2}})}), "@c: 2\n");
}

// @s[1] = sum(5); @s[2] = sum(-3); @s[3] = sum(10);
TEST(MapPrinter, KeyedSumSortsByValue) {
  auto m = mapOf("@s", {kInt64}, Type::aggregate(TypeKind::Sum));
  EXPECT_EQ(print(m, {entry(m, {int64_t{1}}, {int64_t{5}}), entry(m, {int64_t{2}}, {int64_t{-3}}),
                      entry(m, {int64_t{3}}, {int64_t{10}})}),
            "@s[2]: -3\n@s[1]: 5\n@s[3]: 10\n");
}

// @k["abc", 3] = count(); @k["abc", 1] = count(); @k["b", 2] = count() x2;
TEST(MapPrinter, MultipleKeysTiesByKey) {
  auto m = mapOf("@k", {kStr, kInt64}, Type::aggregate(TypeKind::Count));
  EXPECT_EQ(print(m, {entry(m, {"b", int64_t{2}}, {int64_t{2}}),
                      entry(m, {"abc", int64_t{3}}, {int64_t{1}}),
                      entry(m, {"abc", int64_t{1}}, {int64_t{1}})}),
            "@k[abc, 1]: 1\n@k[abc, 3]: 1\n@k[b, 2]: 2\n");
}

// @v["b"] = "x"; @v["a"] = "y"; @s = "hello"; @t = (1, "ab", 3);
TEST(MapPrinter, NonNumericValuesSortByKey) {
  auto m = mapOf("@v", {kStr}, Type::string(8));
  EXPECT_EQ(print(m, {entry(m, {"b"}, {"x"}), entry(m, {"a"}, {"y"})}), "@v[a]: y\n@v[b]: x\n");
  auto s = mapOf("@s", {}, Type::string(8));
  EXPECT_EQ(print(s, {entry(s, {}, {"hello"})}), "@s: hello\n");
  auto t = mapOf("@t", {}, Type::tuple({kInt64, Type::string(3), kInt64}));
  EXPECT_EQ(print(t, {entry(t, {}, {int64_t{1}, "ab", int64_t{3}})}), "@t: (1, ab, 3)\n");
}

// Like the newest bpftrace, the outer parentheses of a rendered key are
// dropped, even from a single string key (0.17 printed `@[(x)]`).
TEST(MapPrinter, KeyParenthesesAreStripped) {
  auto m = mapOf("@", {kStr}, kInt64);
  EXPECT_EQ(print(m, {entry(m, {"(x)"}, {int64_t{1}}), entry(m, {")a("}, {int64_t{2}})}),
            "@[x]: 1\n@[)a(]: 2\n");
}

// @u[(int8)-3] = 1; @u[(int8)2] = 2;
TEST(MapPrinter, SmallSignedKeys) {
  auto m = mapOf("@u", {Type::integer(1, true)}, kInt64);
  EXPECT_EQ(print(m, {entry(m, {int64_t{2}}, {int64_t{2}}), entry(m, {int64_t{-3}}, {int64_t{1}})}),
            "@u[-3]: 1\n@u[2]: 2\n");
}

// @u[(uint8)200] = 1; @u[(uint8)2] = 1; (keys of one byte: 200 after 2)
TEST(MapPrinter, SmallUnsignedKeysTieByValue) {
  auto m = mapOf("@u", {Type::integer(1, false)}, kInt64);
  EXPECT_EQ(
      print(m, {entry(m, {int64_t{200}}, {int64_t{1}}), entry(m, {int64_t{2}}, {int64_t{1}})}),
      "@u[2]: 1\n@u[200]: 1\n");
}

// @a = avg(10); @a = avg(21); @b[1] = avg(10); @b[2] = avg(3);
TEST(MapPrinter, AvgHasNoTrailingBlankLine) {
  auto a = mapOf("@a", {}, Type::aggregate(TypeKind::Avg));
  EXPECT_EQ(print(a, {entry(a, {}, {int64_t{31}, int64_t{2}})}), "@a: 15\n");
  auto b = mapOf("@b", {kInt64}, Type::aggregate(TypeKind::Avg));
  EXPECT_EQ(print(b, {entry(b, {int64_t{1}}, {int64_t{10}, int64_t{1}}),
                      entry(b, {int64_t{2}}, {int64_t{3}, int64_t{1}})}),
            "@b[2]: 3\n@b[1]: 10\n");
}

// @st = stats(10); @st = stats(20); @k["x"] = stats(10); @k["y"] = stats(-20);
TEST(MapPrinter, Stats) {
  auto st = mapOf("@st", {}, Type::aggregate(TypeKind::Stats));
  EXPECT_EQ(print(st, {entry(st, {}, {int64_t{30}, int64_t{2}})}),
            "@st: { .count = 2, .average = 15, .total = 30 }\n");
  auto k = mapOf("@k", {kStr}, Type::aggregate(TypeKind::Stats));
  EXPECT_EQ(print(k, {entry(k, {"x"}, {int64_t{10}, int64_t{1}}),
                      entry(k, {"y"}, {int64_t{-20}, int64_t{1}})}),
            "@k[y]: { .count = 1, .average = -20, .total = -20 }\n"
            "@k[x]: { .count = 1, .average = 10, .total = 10 }\n");
}

// @mn = min(5); @mn = min(-2); @mx[1] = max(3); @mx[2] = max(-1); @mx[3] = max(100);
TEST(MapPrinter, MinMax) {
  auto mn = mapOf("@mn", {}, Type::aggregate(TypeKind::Min));
  EXPECT_EQ(print(mn, {entry(mn, {}, {int64_t{-2}, int64_t{1}})}), "@mn: -2\n");
  auto mx = mapOf("@mx", {kInt64}, Type::aggregate(TypeKind::Max));
  EXPECT_EQ(print(mx, {entry(mx, {int64_t{1}}, {int64_t{3}, int64_t{1}}),
                       entry(mx, {int64_t{2}}, {int64_t{-1}, int64_t{1}}),
                       entry(mx, {int64_t{3}}, {int64_t{100}, int64_t{1}})}),
            "@mx[2]: -1\n@mx[1]: 3\n@mx[3]: 100\n");
}

// hist(-1), hist(0), hist(1) x2, hist(3), hist(5), hist(1024), hist(1500),
// hist(1048576), hist(2000000)
TEST(MapPrinter, HistWithNegativesZeroAndSuffixes) {
  auto m = mapOf("@h", {}, Type::aggregate(TypeKind::Hist));
  std::string zero_row = "                                                    |\n";
  std::string full = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n";
  std::string half = "@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n";
  std::string expected = "@h:\n"
                         "(..., 0)               1 |" +
                         half + "[0]                    1 |" + half + "[1]                    2 |" +
                         full + "[2, 4)                 1 |" + half + "[4, 8)                 1 |" +
                         half;
  for (const char *label :
       {"[8, 16)", "[16, 32)", "[32, 64)", "[64, 128)", "[128, 256)", "[256, 512)", "[512, 1K)"})
    expected += std::string(label) + std::string(23 - std::strlen(label), ' ') + "0 |" + zero_row;
  expected += "[1K, 2K)               2 |" + full;
  for (const char *label : {"[2K, 4K)", "[4K, 8K)", "[8K, 16K)", "[16K, 32K)", "[32K, 64K)",
                            "[64K, 128K)", "[128K, 256K)", "[256K, 512K)", "[512K, 1M)"})
    expected += std::string(label) + std::string(23 - std::strlen(label), ' ') + "0 |" + zero_row;
  expected += "[1M, 2M)               2 |" + full + "\n";
  EXPECT_EQ(
      print(m, {histEntry(m, {}, {{0, 1}, {1, 1}, {2, 2}, {3, 1}, {4, 1}, {12, 2}, {22, 2}})}),
      expected);
}

// hist(0) x7, hist(1) x3, hist(3) x5, hist(4): bars truncate like bpftrace's.
TEST(MapPrinter, HistBarWidths) {
  auto m = mapOf("@h", {}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{1, 7}, {2, 3}, {3, 5}, {4, 1}})}),
            "@h:\n"
            "[0]                    7 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[1]                    3 |@@@@@@@@@@@@@@@@@@@@@@                              |\n"
            "[2, 4)                 5 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@               |\n"
            "[4, 8)                 1 |@@@@@@@                                             |\n"
            "\n");
}

// Largest buckets: [2^63, 2^64) is `[8E, 16E)`.
TEST(MapPrinter, HistTopBucket) {
  auto m = mapOf("@h", {}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{65, 1}})}),
            "@h:\n"
            "[8E, 16E)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

// hist(x, 2): four buckets per power of two, single values up to 7.
TEST(MapPrinter, HistWithSubBuckets) {
  auto m = mapOf("@h", {}, Type::hist(2));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{8, 1}, {9, 2}, {13, 4}})}),
            "@h:\n"
            "[7]                    1 |@@@@@@@@@@@@@                                       |\n"
            "[8, 10)                2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[10, 12)               0 |                                                    |\n"
            "[12, 14)               0 |                                                    |\n"
            "[14, 16)               0 |                                                    |\n"
            "[16, 20)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
  EXPECT_EQ(print(m, {histEntry(m, {}, {{44, 1}, {45, 1}})}),
            "@h:\n"
            "[3584, 4K)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[4K, 5K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

// @h["a"] = hist(5); @h["b"] = hist(5); @h["b"] = hist(100); @h["c"] = hist(0) x3;
TEST(MapPrinter, KeyedHistsByTotalCount) {
  auto m = mapOf("@h", {kStr}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(print(m, {histEntry(m, {"c"}, {{1, 3}}), histEntry(m, {"a"}, {{4, 1}}),
                      histEntry(m, {"b"}, {{4, 1}, {8, 1}})}),
            "@h[a]:\n"
            "[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"
            "@h[b]:\n"
            "[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[8, 16)                0 |                                                    |\n"
            "[16, 32)               0 |                                                    |\n"
            "[32, 64)               0 |                                                    |\n"
            "[64, 128)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n"
            "@h[c]:\n"
            "[0]                    3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

// @x[comm, 1] = hist(2000);
TEST(MapPrinter, MultiKeyHistHeader) {
  auto m = mapOf("@x", {kStr, kInt64}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(print(m, {histEntry(m, {"bpftrace", int64_t{1}}, {{12, 1}})}),
            "@x[bpftrace, 1]:\n"
            "[1K, 2K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

// lhist(v, 0, 100, 10) for v in -5, 5, 25, 25, 100, 150
TEST(MapPrinter, LhistUnderAndOverflow) {
  auto m = mapOf("@l", {}, Type::lhist(0, 100, 10));
  std::string zero = "0 |                                                    |\n";
  EXPECT_EQ(print(m, {histEntry(m, {}, {{0, 1}, {1, 1}, {3, 2}, {11, 2}})}),
            "@l:\n"
            "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[0, 10)                1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[10, 20)               " +
                zero +
                "[20, 30)               2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
                "[30, 40)               " +
                zero + "[40, 50)               " + zero + "[50, 60)               " + zero +
                "[60, 70)               " + zero + "[70, 80)               " + zero +
                "[80, 90)               " + zero + "[90, 100)              " + zero +
                "[100, ...)             2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
                "\n");
}

// @m = lhist(100, 0, 100, 10); @n = lhist(-3, 0, 10, 1);
TEST(MapPrinter, LhistOnlyOuterBuckets) {
  auto m = mapOf("@m", {}, Type::lhist(0, 100, 10));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{11, 1}})}),
            "@m:\n"
            "[100, ...)             1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
  auto n = mapOf("@n", {}, Type::lhist(0, 10, 1));
  EXPECT_EQ(print(n, {histEntry(n, {}, {{0, 1}})}),
            "@n:\n"
            "(..., 0)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

// @k = lhist(3000, 0, 10240, 1024); @k = lhist(5000, 0, 10240, 1024);
TEST(MapPrinter, LhistKiloLabelsWhenStepIsMultipleOf1024) {
  auto m = mapOf("@k", {}, Type::lhist(0, 10240, 1024));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{3, 1}, {5, 1}})}),
            "@k:\n"
            "[2K, 3K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "[3K, 4K)               0 |                                                    |\n"
            "[4K, 5K)               1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
  // Step 1000: 1024 stays a plain number.
  auto p = mapOf("@p", {}, Type::lhist(0, 4000, 1000));
  EXPECT_EQ(print(p, {histEntry(p, {}, {{2, 1}})}),
            "@p:\n"
            "[1000, 2000)           1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

// lhist(v, 0, 10, 1) for v in 5, 7, 7, 12: one-wide buckets show one value.
TEST(MapPrinter, LhistStepOne) {
  auto m = mapOf("@l", {}, Type::lhist(0, 10, 1));
  std::string zero = "0 |                                                    |\n";
  EXPECT_EQ(print(m, {histEntry(m, {}, {{6, 1}, {8, 2}, {11, 1}})}),
            "@l:\n"
            "[5]                    1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
            "[6]                    " +
                zero +
                "[7]                    2 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
                "[8]                    " +
                zero + "[9]                    " + zero +
                "[10, ...)              1 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |\n"
                "\n");
}

// @[1] = count(); @[2] = count() x2; @[3] = count() x3; print(@, 2); print(@, 0, 2);
TEST(MapPrinter, TopAndDiv) {
  auto m = mapOf("@", {kInt64}, Type::aggregate(TypeKind::Count));
  std::vector<MapEntry> entries = {entry(m, {int64_t{3}}, {int64_t{3}}),
                                   entry(m, {int64_t{1}}, {int64_t{1}}),
                                   entry(m, {int64_t{2}}, {int64_t{2}})};
  EXPECT_EQ(print(m, entries, 2), "@[2]: 2\n@[3]: 3\n");
  EXPECT_EQ(print(m, entries, 0, 2), "@[1]: 0\n@[2]: 1\n@[3]: 1\n");
  EXPECT_EQ(print(m, entries, 10), "@[1]: 1\n@[2]: 2\n@[3]: 3\n");
}

// print(@, 2, 10) of avg 10, 20, 30, 40 (bpftrace's print_avg_map_args test).
TEST(MapPrinter, TopAndDivOnAvg) {
  auto m = mapOf("@", {kStr}, Type::aggregate(TypeKind::Avg));
  std::vector<MapEntry> entries;
  for (auto [k, v] : {std::pair{"a", 10}, {"b", 20}, {"c", 30}, {"d", 40}})
    entries.push_back(entry(m, {k}, {int64_t{v}, int64_t{1}}));
  EXPECT_EQ(print(m, entries, 2, 10), "@[c]: 3\n@[d]: 4\n");
}

// @h[1] = hist(5); @h[2] = hist(5); @h[2] = hist(6) x2; print(@h, 1, 2);
TEST(MapPrinter, TopAndDivOnHist) {
  auto m = mapOf("@h", {kInt64}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(
      print(m, {histEntry(m, {int64_t{1}}, {{4, 1}}), histEntry(m, {int64_t{2}}, {{4, 3}})}, 1, 2),
      "@h[2]:\n"
      "[4, 8)                 1 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
      "\n");
}

TEST(MapPrinter, DivDoesNotApplyToLhist) {
  auto m = mapOf("@l", {}, Type::lhist(0, 100, 10));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{1, 3}})}, 0, 2),
            "@l:\n"
            "[0, 10)                3 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|\n"
            "\n");
}

TEST(MapPrinter, EmptyMapPrintsNothing) {
  auto m = mapOf("@x", {kInt64}, Type::aggregate(TypeKind::Count));
  EXPECT_EQ(print(m, {}), "");
  auto h = mapOf("@h", {}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(print(h, {}), "");
}

TEST(MapPrinter, HistWithOnlyZeroBucketsPrintsHeader) {
  auto m = mapOf("@h", {}, Type::aggregate(TypeKind::Hist));
  EXPECT_EQ(print(m, {histEntry(m, {}, {{3, 0}})}), "@h:\n\n");
}

} // namespace
} // namespace bpfscope
