#include "runtime/map_printer.h"

#include "runtime/hist_buckets.h"
#include "runtime/time_series.h"
#include "runtime/value_format.h"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

namespace bpfscope {

namespace {

// Keys order like bpftrace's: integers by their value as a signed 64-bit
// number (a uint64 above INT64_MAX before the others, a narrower unsigned
// key by its value), strings bytewise, multiple keys field by field; other
// kinds bytewise so that the order is at least deterministic.
int compareKeyField(const Type &type, const uint8_t *a, const uint8_t *b) {
  if (type.isInteger()) {
    auto x = static_cast<int64_t>(readInteger(a, type.size, type.is_signed));
    auto y = static_cast<int64_t>(readInteger(b, type.size, type.is_signed));
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  return std::memcmp(a, b, type.size);
}

bool keyLess(const MapInfo &map, const MapEntry &a, const MapEntry &b) {
  if (map.key_types.empty())
    return false;
  auto offsets = map.key.elementOffsets();
  for (size_t i = 0; i < map.key_types.size(); ++i) {
    int c = compareKeyField(map.key_types[i], a.key.data() + offsets[i], b.key.data() + offsets[i]);
    if (c != 0)
      return c < 0;
  }
  return false;
}

uint64_t totalCount(const MapEntry &e) {
  uint64_t total = 0;
  for (const auto &[index, count] : e.buckets)
    total += count;
  return total;
}

uint64_t lastWrittenInterval(const MapEntry &e) {
  return e.series.empty() ? 0 : e.series.rbegin()->first;
}

bool valueLess(const Type &type, const MapEntry &a, const MapEntry &b) {
  if (type.isBucketed())
    return totalCount(a) < totalCount(b);
  if (type.kind == TypeKind::TSeries) // least recently updated first
    return lastWrittenInterval(a) < lastWrittenInterval(b);
  uint64_t x = numericValue(type, a.value.data()), y = numericValue(type, b.value.data());
  if (isSignedNumber(type))
    return static_cast<int64_t>(x) < static_cast<int64_t>(y);
  return x < y;
}

bool sortsByValue(const Type &type) {
  return type.isInteger() || type.isAggregate();
}

void sortEntries(const MapInfo &map, std::vector<MapEntry> &entries) {
  std::stable_sort(entries.begin(), entries.end(),
                   [&](const MapEntry &a, const MapEntry &b) { return keyLess(map, a, b); });
  if (!sortsByValue(map.value))
    return;
  std::stable_sort(entries.begin(), entries.end(), [&](const MapEntry &a, const MapEntry &b) {
    return valueLess(map.value, a, b);
  });
}

// `@m` or `@m[k1, k2]`. Like bpftrace, the parentheses around the rendered key
// are dropped, which also strips them from a single string key "(x)".
std::string entryName(const MapInfo &map, const MapEntry &e) {
  if (map.key_types.empty())
    return map.name;
  std::string key = map.key_types.size() == 1 ? formatKey(map.key_types[0], e.key.data())
                                              : formatKey(map.key, e.key.data());
  if (key.size() >= 2 && key.front() == '(' && key.back() == ')')
    key = key.substr(1, key.size() - 2);
  return map.name + "[" + key + "]";
}

// hist(n, k): bucket 0 holds negatives, buckets 1..2^(k+1) one value each,
// the others a range (runtime/hist_buckets.h).
std::string histLabel(uint64_t index, uint32_t bits) {
  if (index == 0)
    return "(..., 0)";
  if (histBucketIsSingleValue(index, bits))
    return "[" + std::to_string(index - 1) + "]";
  return "[" + histBucketStartLabel(index, bits) + ", " + histBucketStartLabel(index + 1, bits) +
         ")";
}

// lhist bounds get K/M suffixes only when the step is a multiple of 1024.
std::string lhistBound(int64_t n, int64_t step) {
  constexpr int64_t kilo = 1024, mega = 1024 * 1024;
  if (step % kilo != 0 || n == 0)
    return std::to_string(n);
  if (n % mega == 0)
    return std::to_string(n / mega) + "M";
  if (n % kilo == 0)
    return std::to_string(n / kilo) + "K";
  return std::to_string(n);
}

// Bucket 0 is below min, 1..N cover [min+(i-1)*step, min+i*step), N+1 is
// from min+N*step up. One-wide buckets (step 1) show their single value.
std::string lhistLabel(const Type &type, uint64_t index) {
  int64_t min = type.lhist_min, step = type.lhist_step;
  int64_t buckets = step > 0 ? (type.lhist_max - min) / step : 0;
  if (index == 0)
    return "(..., " + lhistBound(min, step) + ")";
  auto i = static_cast<int64_t>(index);
  int64_t low = min + (i - 1) * step;
  if (i > buckets)
    return "[" + lhistBound(min + buckets * step, step) + ", ...)";
  if (step == 1)
    return "[" + lhistBound(low, step) + "]";
  return "[" + lhistBound(low, step) + ", " + lhistBound(low + step, step) + ")";
}

struct HistRow {
  std::string label;
  uint64_t count;
};

// The highest bucket index a histogram can have: the last one below 2^64 for
// hist, the overflow bucket for lhist. Larger indexes cannot come from our BPF code.
uint64_t lastBucketIndex(const Type &type) {
  if (type.kind == TypeKind::Hist)
    return lastHistBucket(type.hist_bits);
  return type.lhist_step > 0 ? (type.lhist_max - type.lhist_min) / type.lhist_step + 1 : 1;
}

std::vector<HistRow> histRows(const Type &type, const MapEntry &e, uint64_t div) {
  std::vector<HistRow> rows;
  auto range = shownBuckets(type, e);
  if (!range)
    return rows;
  for (uint64_t i = range->first; i <= range->second; ++i)
    rows.push_back(
        {type.kind == TypeKind::Hist ? histLabel(i, type.hist_bits) : lhistLabel(type, i),
         bucketCount(type, e, i, div)});
  return rows;
}

void printHistogram(std::ostream &out, const Type &type, const MapEntry &e, uint64_t div) {
  constexpr int kBarWidth = 52;
  auto rows = histRows(type, e, div);
  uint64_t max_count = 0;
  for (const auto &row : rows)
    max_count = std::max(max_count, row.count);
  for (const auto &row : rows) {
    // Single-precision like bpftrace, so that bars truncate identically.
    int bar = max_count == 0 ? 0
                             : static_cast<int>(static_cast<float>(row.count) /
                                                static_cast<float>(max_count) * kBarWidth);
    out << fmt::format("{:<16}{:>8} |{:<52}|\n", row.label, row.count, std::string(bar, '@'));
  }
}

} // namespace

std::optional<std::pair<uint64_t, uint64_t>> shownBuckets(const Type &type, const MapEntry &e) {
  std::optional<std::pair<uint64_t, uint64_t>> range;
  for (const auto &[index, count] : e.buckets) {
    if (count == 0 || index > lastBucketIndex(type))
      continue;
    if (!range)
      range.emplace(index, index);
    range->second = index;
  }
  return range;
}

uint64_t bucketCount(const Type &type, const MapEntry &e, uint64_t index, uint64_t div) {
  // bpftrace ignores div for linear histograms.
  uint64_t divisor = type.kind == TypeKind::Hist && div != 0 ? div : 1;
  auto it = e.buckets.find(index);
  return it == e.buckets.end() ? 0 : it->second / divisor;
}

std::vector<MapEntry> entriesInPrintOrder(const MapInfo &map, std::vector<MapEntry> entries,
                                          uint64_t top) {
  // Short buffers would otherwise be read past their end.
  for (auto &e : entries) {
    e.key.resize(std::max<size_t>(e.key.size(), map.key.size));
    e.value.resize(std::max<size_t>(e.value.size(), map.value.size));
  }
  sortEntries(map, entries);
  if (top != 0 && entries.size() > top)
    entries.erase(entries.begin(), entries.end() - static_cast<std::ptrdiff_t>(top));
  return entries;
}

void printMap(std::ostream &out, const MapInfo &map, std::vector<MapEntry> entries, uint64_t top,
              uint64_t div) {
  if (div == 0)
    div = 1;
  uint64_t last_interval = latestInterval(entries);
  for (const MapEntry &e : entriesInPrintOrder(map, std::move(entries), top)) {
    if (map.value.isBucketed()) {
      out << entryName(map, e) << ":\n";
      printHistogram(out, map.value, e, div);
      out << "\n";
    } else if (map.value.kind == TypeKind::TSeries) {
      out << entryName(map, e) << ":\n"
          << timeSeriesChart(timeSeriesPoints(map.value, e, last_interval), map.value.is_signed)
          << "\n";
    } else {
      out << entryName(map, e) << ": " << formatValue(map.value, e.value.data(), div) << "\n";
    }
  }
}

} // namespace bpfscope
