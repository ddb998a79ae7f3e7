#include "runtime/map_reader.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bpfscope {
namespace {

std::vector<uint8_t> words(std::initializer_list<uint64_t> values) {
  std::vector<uint8_t> out(values.size() * 8);
  size_t at = 0;
  for (uint64_t v : values) {
    std::memcpy(out.data() + at, &v, 8);
    at += 8;
  }
  return out;
}

std::vector<uint8_t> concat(std::vector<uint8_t> a, const std::vector<uint8_t> &b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

uint64_t word(const std::vector<uint8_t> &bytes, size_t index) {
  uint64_t v;
  std::memcpy(&v, bytes.data() + index * 8, 8);
  return v;
}

MapInfo scalarMap(Type value) {
  Type key = storedMapKey({}, value);
  return MapInfo{"@x", {}, key, std::move(value)};
}

MapInfo keyedMap(Type key, Type value) {
  return MapInfo{"@x", {key}, key, std::move(value)};
}

TEST(MapReaderTest, CountSumsEveryCpu) {
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Count)), {8, 8, 3},
                                {{words({0}), words({1, 2, 3})}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].key, words({0}));
  EXPECT_EQ(entries[0].value, words({6}));
  EXPECT_TRUE(entries[0].buckets.empty());
}

TEST(MapReaderTest, SumWrapsNegativeValues) {
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Sum)), {8, 8, 2},
                                {{words({0}), words({static_cast<uint64_t>(-5), 2})}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(static_cast<int64_t>(word(entries[0].value, 0)), -3);
}

TEST(MapReaderTest, MinIgnoresCpusWithoutValue) {
  auto value = words({5, 1, static_cast<uint64_t>(-2), 1, static_cast<uint64_t>(-100), 0});
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Min, true)), {8, 16, 3},
                                {{words({0}), value}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].value, words({static_cast<uint64_t>(-2), 1}));
}

TEST(MapReaderTest, MaxComparesUnsignedValuesAsUnsigned) {
  auto value = words({1ull << 63, 1, 7, 1});
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Max, false)), {8, 16, 2},
                                {{words({0}), value}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].value, words({1ull << 63, 1}));
}

TEST(MapReaderTest, MaxComparesSignedValuesAsSigned) {
  auto value = words({static_cast<uint64_t>(-1), 1, static_cast<uint64_t>(-9), 1});
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Max, true)), {8, 16, 2},
                                {{words({0}), value}});
  EXPECT_EQ(entries.at(0).value, words({static_cast<uint64_t>(-1), 1}));
}

TEST(MapReaderTest, MaxWithoutAnyValidCpuIsInvalid) {
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Max)), {8, 16, 2},
                                {{words({0}), words({4, 0, 9, 0})}});
  EXPECT_EQ(entries.at(0).value, words({0, 0}));
}

TEST(MapReaderTest, AvgAndStatsSumTotalsAndCounts) {
  auto raw = std::vector<RawMapEntry>{{words({0}), words({10, 2, 20, 3, 0, 0})}};
  for (TypeKind kind : {TypeKind::Avg, TypeKind::Stats}) {
    auto entries = combineEntries(scalarMap(Type::aggregate(kind)), {8, 16, 3}, raw);
    EXPECT_EQ(entries.at(0).value, words({30, 5}));
  }
}

TEST(MapReaderTest, HistGroupsBucketsByUserKey) {
  MapInfo map = keyedMap(Type::integer(8, false), Type::aggregate(TypeKind::Hist));
  std::vector<RawMapEntry> raw = {
      {words({7, 3}), words({1, 2})},
      {words({2, 0}), words({5, 0})},
      {words({7, 5}), words({0, 4})},
  };
  auto entries = combineEntries(map, {16, 8, 2}, raw);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].key, words({2}));
  EXPECT_EQ(entries[0].buckets, (std::map<uint64_t, uint64_t>{{0, 5}}));
  EXPECT_TRUE(entries[0].value.empty());
  EXPECT_EQ(entries[1].key, words({7}));
  EXPECT_EQ(entries[1].buckets, (std::map<uint64_t, uint64_t>{{3, 3}, {5, 4}}));
}

TEST(MapReaderTest, ScalarLhistIsKeyedByTheBucketAlone) {
  MapInfo map = scalarMap(Type::lhist(0, 100, 10));
  auto entries =
      combineEntries(map, {8, 8, 1}, {{words({1}), words({2})}, {words({11}), words({1})}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_TRUE(entries[0].key.empty());
  EXPECT_EQ(entries[0].buckets, (std::map<uint64_t, uint64_t>{{1, 2}, {11, 1}}));
}

// tseries slots are {value, meta, interval}; two CPUs, two buckets.
TEST(MapReaderTest, TimeSeriesKeepsEachBucketsLatestInterval) {
  auto combine = [&](TSeriesAgg agg, bool is_signed, std::vector<uint8_t> cpus) {
    MapInfo map = scalarMap(Type::tseries(100, 5, agg, is_signed));
    return combineEntries(map, {8, 24, 2}, {{words({3}), cpus}}).at(0).series;
  };
  auto minus = [](int64_t v) { return static_cast<uint64_t>(v); };
  // CPU 0 wrote interval 13, CPU 1 the older interval 8 of the same bucket: only 13 counts.
  auto stale = words({5, 1, 13, 9, 1, 8});
  EXPECT_EQ(combine(TSeriesAgg::Sum, true, stale), (std::map<uint64_t, uint64_t>{{13, 5}}));
  auto both = words({5, 2, 13, minus(-7), 1, 13});
  EXPECT_EQ(combine(TSeriesAgg::Sum, true, both), (std::map<uint64_t, uint64_t>{{13, minus(-2)}}));
  EXPECT_EQ(combine(TSeriesAgg::Avg, true, both), (std::map<uint64_t, uint64_t>{{13, 0}}));
  EXPECT_EQ(combine(TSeriesAgg::Min, true, both), (std::map<uint64_t, uint64_t>{{13, minus(-7)}}));
  EXPECT_EQ(combine(TSeriesAgg::Max, true, both), (std::map<uint64_t, uint64_t>{{13, 5}}));
  EXPECT_EQ(combine(TSeriesAgg::Max, false, both), (std::map<uint64_t, uint64_t>{{13, minus(-7)}}));
  // Without an aggregation, meta is the time of the write: the later one wins.
  EXPECT_EQ(combine(TSeriesAgg::Last, true, both), (std::map<uint64_t, uint64_t>{{13, 5}}));
  EXPECT_TRUE(combine(TSeriesAgg::Sum, true, words({0, 0, 0, 0, 0, 0})).empty());
}

TEST(MapReaderTest, HistBucketFollowsPaddingAfterAShortKey) {
  // A string[5] key padded to 8 bytes before the bucket index.
  MapInfo map = keyedMap(Type::string(5), Type::aggregate(TypeKind::Hist));
  std::vector<uint8_t> key = {'a', 'b', 'c', 'd', 0, 0, 0, 0};
  auto entries = combineEntries(map, {16, 8, 1}, {{concat(key, words({4})), words({9})}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].key, (std::vector<uint8_t>{'a', 'b', 'c', 'd', 0}));
  EXPECT_EQ(entries[0].buckets, (std::map<uint64_t, uint64_t>{{4, 9}}));
}

TEST(MapReaderTest, PlainValuesAreCopiedAsStored) {
  MapInfo map = keyedMap(Type::string(4), Type::string(3));
  std::vector<uint8_t> key = {'k', 'e', 'y', 0};
  std::vector<uint8_t> value = {'a', 'b', 0};
  auto entries = combineEntries(map, {4, 3, 1}, {{key, value}});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].key, key);
  EXPECT_EQ(entries[0].value, value);
}

TEST(MapReaderTest, EntriesAreOrderedByKeyBytes) {
  MapInfo map = keyedMap(Type::integer(8, false), Type::integer(8, true));
  auto entries = combineEntries(
      map, {8, 8, 1},
      {{words({3}), words({30})}, {words({1}), words({10})}, {words({2}), words({20})}});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].value, words({10}));
  EXPECT_EQ(entries[1].value, words({20}));
  EXPECT_EQ(entries[2].value, words({30}));
}

TEST(MapReaderTest, TruncatedElementsAreSkipped) {
  auto entries = combineEntries(scalarMap(Type::aggregate(TypeKind::Count)), {8, 8, 2},
                                {{{1, 2, 3}, words({1, 1})}});
  EXPECT_TRUE(entries.empty());
}

} // namespace
} // namespace bpfscope
