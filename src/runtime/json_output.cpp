#include "runtime/json_output.h"

#include "runtime/hist_buckets.h"
#include "runtime/map_printer.h"
#include "runtime/output.h"
#include "runtime/time_series.h"
#include "runtime/value_format.h"

#include <climits>
#include <cstring>
#include <ctime>
#include <fmt/format.h>
#include <optional>

namespace bpfscope {
namespace {

std::string jsonSigned(int64_t v) {
  if (static_cast<int64_t>(static_cast<double>(v)) != v)
    return jsonString(std::to_string(v));
  return std::to_string(v);
}

std::string jsonUnsigned(uint64_t v) {
  auto as_double = static_cast<double>(v);
  // 2^64 itself is representable as a double but not as a uint64_t.
  if (as_double >= 18446744073709551615.0 || static_cast<uint64_t>(as_double) != v)
    return jsonString(std::to_string(v));
  return std::to_string(v);
}

std::string jsonNumber(uint64_t bits, bool is_signed, uint64_t div) {
  if (is_signed)
    return jsonSigned(static_cast<int64_t>(bits) / static_cast<int64_t>(div));
  return jsonUnsigned(bits / div);
}

std::string jsonStats(const Type &type, const uint8_t *data, uint64_t div) {
  return fmt::format(R"({{"count": {}, "average": {}, "total": {}}})",
                     jsonNumber(readWord(data, 1), type.is_signed, 1),
                     jsonNumber(numericValue(type, data), type.is_signed, div),
                     jsonNumber(readWord(data, 0), type.is_signed, 1));
}

// A record is an object, its members spaced like bpftrace's objects.
std::string jsonRecord(const Type &type, const uint8_t *data, uint64_t div) {
  auto offsets = type.elementOffsets();
  std::string s = "{";
  for (size_t i = 0; i < type.elements.size(); ++i)
    s += (i ? ", " : "") + jsonString(type.names[i]) + ": " +
         jsonValue(type.elements[i], data + offsets[i], div);
  return s + "}";
}

std::string jsonTuple(const Type &type, const uint8_t *data, uint64_t div) {
  if (type.isRecord())
    return jsonRecord(type, data, div);
  auto offsets = type.elementOffsets();
  std::string s = "[";
  for (size_t i = 0; i < type.elements.size(); ++i) {
    if (i)
      s += ",";
    s += jsonValue(type.elements[i], data + offsets[i], div);
  }
  return s + "]";
}

// A struct or union is an object of its members, as bpftrace writes it.
std::string jsonStruct(const Type &type, const uint8_t *data, uint64_t div) {
  std::string s = "{";
  forEachPrintedField(*type.record, data, [&](const StructField &f, const uint8_t *bytes) {
    s += (s.size() > 1 ? ", " : "") + jsonString(f.name) + ": " +
         (f.isBitfield() ? jsonUnsigned(bitfieldValue(f, bytes)) : jsonValue(f.type, bytes, div));
  });
  return s + "}";
}

// An array is a JSON array, unspaced like a tuple.
std::string jsonArray(const Type &type, const uint8_t *data, uint64_t div) {
  std::string s = "[";
  for (uint32_t i = 0; i < type.count; ++i)
    s += (i ? "," : "") + jsonValue(*type.element, data + i * type.element->size, div);
  return s + "]";
}

// The inclusive bounds of one bucket; a side is absent when the bucket is open there.
struct BucketBounds {
  std::optional<int64_t> min;
  std::optional<int64_t> max;
};

// hist: index 0 holds negatives, then [histBucketStart(i), histBucketStart(i + 1)).
// The top buckets reach past INT64_MAX, which JSON consumers read as a double: cap them.
BucketBounds histBounds(uint64_t index, uint32_t bits) {
  if (index == 0)
    return {std::nullopt, -1};
  auto capped = [](uint64_t v) {
    return v > uint64_t{INT64_MAX} ? INT64_MAX : static_cast<int64_t>(v);
  };
  return {capped(histBucketStart(index, bits)), capped(histBucketStart(index + 1, bits) - 1)};
}

// lhist: index 0 is below min, 1..N cover step-wide ranges, N+1 is max and above.
BucketBounds lhistBounds(const Type &type, uint64_t index) {
  int64_t min = type.lhist_min, step = type.lhist_step;
  int64_t buckets = step > 0 ? (type.lhist_max - min) / step : 0;
  auto i = static_cast<int64_t>(index);
  if (i == 0)
    return {std::nullopt, min - 1};
  int64_t low = min + (i - 1) * step;
  if (i > buckets)
    return {min + buckets * step, std::nullopt};
  return {low, low + step - 1};
}

std::string jsonBucket(const Type &type, uint64_t index, uint64_t count) {
  BucketBounds b =
      type.kind == TypeKind::Hist ? histBounds(index, type.hist_bits) : lhistBounds(type, index);
  std::string s = "{";
  if (b.min)
    s += "\"min\": " + jsonSigned(*b.min) + ", ";
  if (b.max)
    s += "\"max\": " + jsonSigned(*b.max) + ", ";
  return s + "\"count\": " + jsonUnsigned(count) + "}";
}

std::string jsonHistogram(const Type &type, const MapEntry &e, uint64_t div) {
  std::string s = "[";
  if (auto range = shownBuckets(type, e))
    for (uint64_t i = range->first; i <= range->second; ++i) {
      if (i != range->first)
        s += ", ";
      s += jsonBucket(type, i, bucketCount(type, e, i, div));
    }
  return s + "]";
}

// Keys as bpftrace writes them in JSON: the fields' text joined by ','.
std::string jsonKey(const MapInfo &map, const MapEntry &e) {
  auto offsets = map.key.elementOffsets();
  std::string key;
  for (size_t i = 0; i < map.key_types.size(); ++i) {
    if (i)
      key += ",";
    key += formatKey(map.key_types[i], e.key.data() + offsets[i]);
  }
  return jsonString(key);
}

// bpftrace's tseries JSON: the intervals that have a value, each with its
// start as UTC "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" (C++ chrono's text of a time point).
std::string jsonTimeSeries(const Type &type, const MapEntry &e, uint64_t last_interval) {
  std::string s = "[";
  for (const TimeSeriesPoint &p : timeSeriesPoints(type, e, last_interval)) {
    if (!p.value)
      continue;
    if (s.size() > 1)
      s += ",";
    auto seconds = static_cast<time_t>(p.wall_ns / 1000000000);
    tm utc{};
    gmtime_r(&seconds, &utc);
    char date[32];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &utc);
    std::string value =
        type.is_signed ? jsonSigned(static_cast<int64_t>(*p.value)) : jsonUnsigned(*p.value);
    s += fmt::format(R"({{"interval_start":"{}.{:09}","value":{}}})", date, p.wall_ns % 1000000000,
                     value);
  }
  return s + "]";
}

std::string jsonEntryValue(const MapInfo &map, const MapEntry &e, uint64_t div,
                           uint64_t last_interval) {
  if (map.value.isBucketed())
    return jsonHistogram(map.value, e, div);
  if (map.value.kind == TypeKind::TSeries)
    return jsonTimeSeries(map.value, e, last_interval);
  return jsonValue(map.value, e.value.data(), div);
}

const char *mapRecordType(const Type &value) {
  if (value.isBucketed())
    return "hist";
  if (value.kind == TypeKind::TSeries)
    return "tseries";
  if (value.kind == TypeKind::Stats || value.kind == TypeKind::Avg)
    return "stats";
  return "map";
}

std::string dataRecord(const char *type, const std::string &data) {
  return fmt::format(R"({{"type": "{}", "data": {}}})", type, data);
}

class JsonOutput : public Output {
public:
  using Output::Output;

  void attachedProbes(size_t count) override {
    line(fmt::format(R"({{"type": "attached_probes", "count": {0}, "data": {{"probes": {0}}}}})",
                     count));
  }
  void printf(const std::string &text) override { line(dataRecord("printf", jsonString(text))); }
  void time(const std::string &text) override { line(dataRecord("time", jsonString(text))); }
  void cat(const std::string &text) override { line(dataRecord("cat", jsonString(text))); }
  void system(const std::string &text) override { line(dataRecord("syscall", jsonString(text))); }
  void join(const std::string &text) override { line(dataRecord("join", jsonString(text))); }
  void map(const MapInfo &map, std::vector<MapEntry> entries, uint64_t top, uint64_t div) override {
    line(jsonMap(map, std::move(entries), top, div));
  }
  void value(const Type &type, const uint8_t *data) override {
    line(dataRecord("value", jsonValue(type, data)));
  }
  void lostEvents(uint64_t count) override {
    line(fmt::format(R"({{"type": "lost_events", "count": {0}, "data": {{"events": {0}}}}})",
                     count));
  }
  // bpftrace's record; "count" only when it stands for more than one failure.
  // A report without an errno (a division by zero) gives its message.
  void helperError(const HelperError &e) override {
    std::string count = e.count > 1 ? fmt::format(R"(, "count": {})", e.count) : "";
    std::string msg = e.retcode < 0 ? std::strerror(static_cast<int>(-e.retcode)) : e.message;
    line(fmt::format(R"({{"type": "helper_error", "msg": {}, "helper": {}, "retcode": {}, )"
                     R"("filename": {}, "line": {}, "col": {}{}}})",
                     jsonString(msg), jsonString(e.helper), e.retcode, jsonString(e.file), e.line,
                     e.column, count));
  }
  void scriptMessage(const ScriptMessage &m) override {
    line(fmt::format(R"({{"type": "{}", "msg": {}, "filename": {}, "line": {}, "col": {}}})",
                     m.is_error ? "errorf" : "warnf", jsonString(m.text), jsonString(m.file),
                     m.line, m.column));
  }
  void endOfEvents() override {}
  // As bpftrace: one line per test, no summary.
  void testResult(const TestResult &r, size_t, size_t) override {
    line(dataRecord("test_result",
                    fmt::format(R"({{{}: {{"duration": {}, "passed": {}, "output": {}}}}})",
                                jsonString(r.name), r.nanoseconds, r.passed ? "true" : "false",
                                jsonString(r.output))));
  }
  void testSummary(const std::vector<TestResult> &) override {}

private:
  void line(const std::string &text) { out_ << text << "\n"; }
};

} // namespace

std::string jsonString(std::string_view text) {
  std::string s = "\"";
  for (char c : text) {
    switch (c) {
    case '"':
      s += "\\\"";
      break;
    case '\\':
      s += "\\\\";
      break;
    case '\n':
      s += "\\n";
      break;
    case '\r':
      s += "\\r";
      break;
    case '\t':
      s += "\\t";
      break;
    default:
      if (static_cast<unsigned char>(c) < 0x20)
        s += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
      else
        s += c;
    }
  }
  return s + "\"";
}

std::string jsonValue(const Type &type, const uint8_t *data, uint64_t div) {
  if (div == 0)
    div = 1;
  switch (type.kind) {
  case TypeKind::Integer:
  case TypeKind::Count:
  case TypeKind::Sum:
  case TypeKind::Min:
  case TypeKind::Max:
  case TypeKind::Avg:
    return jsonNumber(numericValue(type, data), isSignedNumber(type), div);
  case TypeKind::Bool:
    return data[0] ? "true" : "false";
  case TypeKind::Pointer:
    return jsonUnsigned(readWord(data, 0));
  case TypeKind::String:
    return jsonString(formatString(type, data));
  case TypeKind::Tuple:
    return jsonTuple(type, data, div);
  case TypeKind::Array:
    return jsonArray(type, data, div);
  case TypeKind::Struct:
    return jsonStruct(type, data, div);
  case TypeKind::Stats:
    return jsonStats(type, data, div);
  default:
    return jsonString(formatValue(type, data, div));
  }
}

std::string jsonMap(const MapInfo &map, std::vector<MapEntry> entries, uint64_t top, uint64_t div) {
  if (div == 0)
    div = 1;
  std::string data = jsonString(map.name) + ": ";
  uint64_t last_interval = latestInterval(entries);
  auto shown = entriesInPrintOrder(map, std::move(entries), top);
  if (map.key_types.empty()) {
    data += shown.empty() ? "null" : jsonEntryValue(map, shown.front(), div, last_interval);
  } else {
    data += "{";
    for (size_t i = 0; i < shown.size(); ++i) {
      if (i)
        data += ", ";
      data += jsonKey(map, shown[i]) + ": " + jsonEntryValue(map, shown[i], div, last_interval);
    }
    data += "}";
  }
  return dataRecord(mapRecordType(map.value), "{" + data + "}");
}

std::unique_ptr<Output> makeJsonOutput(std::ostream &out, BufferMode mode) {
  return std::make_unique<JsonOutput>(out, mode);
}

} // namespace bpfscope
