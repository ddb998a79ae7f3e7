// Expected texts are bpftrace 0.17's -f json output for the same maps, with
// the newest bpftrace's "count" added to attached_probes/lost_events.
#include "runtime/json_output.h"
#include "runtime/time_series.h"

#include "runtime/output.h"
#include "sema/struct_def.h"

#include "map_fixtures.h"

#include <cstring>
#include <gtest/gtest.h>
#include <sstream>

namespace bpfscope {
namespace {

std::vector<uint8_t> words(std::initializer_list<int64_t> values) {
  std::vector<uint8_t> bytes(values.size() * 8);
  size_t at = 0;
  for (int64_t v : values) {
    std::memcpy(&bytes[at], &v, 8);
    at += 8;
  }
  return bytes;
}

std::vector<uint8_t> stringBytes(const std::string &text, uint32_t size) {
  std::vector<uint8_t> bytes(size, 0);
  std::memcpy(bytes.data(), text.data(), std::min<size_t>(text.size(), size));
  return bytes;
}

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(jsonString("a\"b\\c\n\t\r\x01"), R"("a\"b\\c\n\t\r\u0001")");
  EXPECT_EQ(jsonString(""), R"("")");
}

TEST(JsonValue, NumbersStringsTuplesStats) {
  auto minus_five = words({-5});
  EXPECT_EQ(jsonValue(Type::integer(8, true), minus_five.data()), "-5");
  auto huge = words({-1});
  // 2^64-1 does not survive a double: written as a string.
  EXPECT_EQ(jsonValue(Type::integer(8, false), huge.data()), R"("18446744073709551615")");
  auto text = stringBytes("hi", 8);
  EXPECT_EQ(jsonValue(Type::string(8), text.data()), R"("hi")");
  Type pair = Type::tuple({Type::integer(8, true), Type::string(4)});
  std::vector<uint8_t> tuple = words({1});
  auto a = stringBytes("a", 8);
  tuple.insert(tuple.end(), a.begin(), a.end());
  EXPECT_EQ(jsonValue(pair, tuple.data()), R"([1,"a"])");
  auto stats = words({30, 2}); // total, count
  EXPECT_EQ(jsonValue(Type::aggregate(TypeKind::Stats), stats.data()),
            R"({"count": 2, "average": 15, "total": 30})");
  EXPECT_EQ(jsonValue(Type::aggregate(TypeKind::Avg), stats.data(), 5), "3");
  uint8_t yes = 1;
  EXPECT_EQ(jsonValue(Type::boolean(), &yes), "true");
}

// The newest bpftrace writes a record (named tuple) as an object, spaced like
// its other objects; its members keep their own forms.
TEST(JsonValue, RecordsAreObjects) {
  Type record = Type::namedTuple({"id", "name", "pair"},
                                 {Type::integer(8, true), Type::string(8),
                                  Type::tuple({Type::integer(8, true), Type::integer(8, true)})});
  std::vector<uint8_t> data = words({110});
  auto name = stringBytes("a\"b", 8);
  data.insert(data.end(), name.begin(), name.end());
  auto pair = words({1, 2});
  data.insert(data.end(), pair.begin(), pair.end());
  EXPECT_EQ(jsonValue(record, data.data()), R"({"id": 110, "name": "a\"b", "pair": [1,2]})");
  // Arrays are JSON arrays, as in bpftrace's struct output.
  EXPECT_EQ(jsonValue(Type::array(Type::integer(8, false), 2), pair.data()), "[1,2]");
}

// A struct is an object of its members, as the newest bpftrace writes
// print(*(struct foo *)p) and a struct inside a tuple or map value: bitfields
// as numbers, an anonymous member's fields in its place.
TEST(JsonValue, StructsAreObjects) {
  auto inner = std::make_shared<const StructDef>("union anon", 4, 4, [] {
    std::vector<StructField> fields(1);
    fields[0].name = "u";
    fields[0].type = Type::integer(4, false);
    return fields;
  });
  auto def = std::make_shared<const StructDef>("struct P", 16, 4, [inner] {
    std::vector<StructField> fields(4);
    fields[0].name = "m";
    fields[0].type = Type::integer(4, true);
    fields[1].name = "flags";
    fields[1].type = Type::integer(4, false);
    fields[1].offset = 4;
    fields[1].bit_shift = 2;
    fields[1].bit_width = 3;
    fields[2].type = Type::structure(inner);
    fields[2].offset = 8;
    fields[3].name = "c";
    fields[3].type = Type::string(4);
    fields[3].offset = 12;
    return fields;
  });
  uint8_t bytes[16] = {2, 0, 0, 0, 5 << 2, 0, 0, 0, 3, 0, 0, 0, 'h', 'i', 0, 0};
  EXPECT_EQ(jsonValue(Type::structure(def), bytes), R"({"m": 2, "flags": 5, "u": 3, "c": "hi"})");
  Type pair = Type::tuple({Type::integer(8, true), Type::structure(def)});
  std::vector<uint8_t> tuple = words({1});
  tuple.insert(tuple.end(), bytes, bytes + 16);
  EXPECT_EQ(jsonValue(pair, tuple.data()), R"([1,{"m": 2, "flags": 5, "u": 3, "c": "hi"}])");
}

TEST(JsonMap, ScalarAndKeyedMapsInPrintOrder) {
  MapInfo scalar = mapOf("@a", {}, Type::integer(8, true));
  EXPECT_EQ(jsonMap(scalar, {{words({0}), words({1}), {}, {}}}, 0, 1),
            R"({"type": "map", "data": {"@a": 1}})");
  MapInfo keyed = mapOf("@b", {Type::integer(8, true), Type::string(8)},
                        Type::aggregate(TypeKind::Count, false));
  auto key = [&](int64_t n, const std::string &s) {
    auto bytes = words({n});
    auto str = stringBytes(s, 8);
    bytes.insert(bytes.end(), str.begin(), str.end());
    return bytes;
  };
  std::vector<MapEntry> entries = {{key(1, "x"), words({5}), {}, {}},
                                   {key(2, "y"), words({3}), {}, {}}};
  EXPECT_EQ(jsonMap(keyed, entries, 0, 1),
            R"({"type": "map", "data": {"@b": {"2,y": 3, "1,x": 5}}})");
  EXPECT_EQ(jsonMap(keyed, entries, 1, 1), R"({"type": "map", "data": {"@b": {"1,x": 5}}})");
}

TEST(JsonMap, HistogramBucketsFromFirstToLastNonEmpty) {
  MapInfo hist = mapOf("@h", {}, Type::aggregate(TypeKind::Hist));
  MapEntry e{words({0}), {}, {{0, 1}, {1, 1}, {2, 1}, {6, 1}}, {}};
  EXPECT_EQ(jsonMap(hist, {e}, 0, 1),
            R"({"type": "hist", "data": {"@h": [{"max": -1, "count": 1}, )"
            R"({"min": 0, "max": 0, "count": 1}, {"min": 1, "max": 1, "count": 1}, )"
            R"({"min": 2, "max": 3, "count": 0}, {"min": 4, "max": 7, "count": 0}, )"
            R"({"min": 8, "max": 15, "count": 0}, {"min": 16, "max": 31, "count": 1}]}})");
  MapInfo lhist = mapOf("@l", {}, Type::lhist(0, 10, 5));
  MapEntry l{words({0}), {}, {{0, 1}, {3, 2}}, {}};
  EXPECT_EQ(jsonMap(lhist, {l}, 0, 1),
            R"({"type": "hist", "data": {"@l": [{"max": -1, "count": 1}, )"
            R"({"min": 0, "max": 4, "count": 0}, {"min": 5, "max": 9, "count": 0}, )"
            R"({"min": 10, "count": 2}]}})");
}

TEST(JsonMap, HistogramWithSubBucketsHasTheirBounds) {
  MapInfo hist = mapOf("@h", {}, Type::hist(1));
  MapEntry e{{}, {}, {{4, 1}, {5, 2}, {6, 3}}, {}};
  EXPECT_EQ(jsonMap(hist, {e}, 0, 1),
            R"({"type": "hist", "data": {"@h": [{"min": 3, "max": 3, "count": 1}, )"
            R"({"min": 4, "max": 5, "count": 2}, {"min": 6, "max": 7, "count": 3}]}})");
}

TEST(JsonMap, TimeSeriesListsTheIntervalsWithAValue) {
  MapInfo series = mapOf("@t", {}, Type::tseries(1000000000, 3, TSeriesAgg::Sum, true));
  MapEntry e;
  e.series = {{1700000000, static_cast<uint64_t>(-4)}, {1700000002, 9}};
  std::string first = "2023-11-14 22:13:20.000000000", third = "2023-11-14 22:13:22.000000000";
  if (taiToWallClock(0) != 0) // the machine's TAI offset moves the wall-clock times
    GTEST_SKIP() << "CLOCK_TAI differs from CLOCK_REALTIME here";
  EXPECT_EQ(jsonMap(series, {e}, 0, 1),
            R"({"type": "tseries", "data": {"@t": [{"interval_start":")" + first +
                R"(","value":-4},{"interval_start":")" + third + R"(","value":9}]}})");
}

TEST(JsonMap, StatsAndAvgAreStatsRecords) {
  MapInfo stats = mapOf("@s", {Type::string(4)}, Type::aggregate(TypeKind::Stats));
  MapEntry e{stringBytes("k", 4), words({4, 1}), {}, {}};
  EXPECT_EQ(jsonMap(stats, {e}, 0, 1),
            R"({"type": "stats", "data": {"@s": {"k": {"count": 1, "average": 4, "total": 4}}}})");
  MapInfo avg = mapOf("@v", {}, Type::aggregate(TypeKind::Avg));
  EXPECT_EQ(jsonMap(avg, {{words({0}), words({12, 2}), {}, {}}}, 0, 1),
            R"({"type": "stats", "data": {"@v": 6}})");
}

TEST(JsonOutput, RunRecordsOneObjectPerLine) {
  std::ostringstream out;
  auto json = makeJsonOutput(out, BufferMode::Full);
  json->attachedProbes(2);
  json->printf("x\n");
  json->lostEvents(3);
  json->endOfEvents();
  json->helperError({"stdin",
                     1,
                     9,
                     "probe_read_user_str",
                     -14,
                     "Failed to probe_read_user_str: Bad address (-14)",
                     {}});
  EXPECT_EQ(out.str(),
            "{\"type\": \"attached_probes\", \"count\": 2, \"data\": {\"probes\": 2}}\n"
            "{\"type\": \"printf\", \"data\": \"x\\n\"}\n"
            "{\"type\": \"lost_events\", \"count\": 3, \"data\": {\"events\": 3}}\n"
            "{\"type\": \"helper_error\", \"msg\": \"Bad address\", \"helper\": "
            "\"probe_read_user_str\", \"retcode\": -14, \"filename\": \"stdin\", \"line\": 1, "
            "\"col\": 9}\n");
}

// The counted failures of a discarded delete(): one record says how many.
TEST(JsonOutput, HelperErrorOfSeveralFailuresHasACount) {
  std::ostringstream out;
  auto json = makeJsonOutput(out, BufferMode::Full);
  json->helperError({"stdin", 2, 5, "map_delete_elem", -2, {}, {}, 3});
  json->endOfEvents();
  EXPECT_EQ(out.str(), "{\"type\": \"helper_error\", \"msg\": \"No such file or directory\", "
                       "\"helper\": \"map_delete_elem\", \"retcode\": -2, \"filename\": "
                       "\"stdin\", \"line\": 2, \"col\": 5, \"count\": 3}\n");
}

} // namespace
} // namespace bpfscope
