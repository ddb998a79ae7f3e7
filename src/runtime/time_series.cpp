#include "runtime/time_series.h"

#include "runtime/time_format.h"

#include <algorithm>
#include <ctime>
#include <fmt/format.h>

namespace bpfscope {

namespace {

constexpr int kGraphWidth = 53;
constexpr size_t kScalePadding = 21; // the scale's minimum is left-aligned in this many columns
constexpr uint64_t kNanosPerSecond = 1000000000;

// A series value: an int64 or a uint64, as the script's value was.
struct Number {
  uint64_t bits = 0;
  bool is_signed = true;

  bool operator<(const Number &o) const {
    return is_signed ? static_cast<int64_t>(bits) < static_cast<int64_t>(o.bits) : bits < o.bits;
  }
  bool operator==(const Number &o) const { return bits == o.bits; }
  std::string text() const {
    return is_signed ? std::to_string(static_cast<int64_t>(bits)) : std::to_string(bits);
  }
};

// a - b as bpftrace's chart computes it: b is read as an int64 whatever its sign.
int64_t distance(const Number &a, const Number &b) {
  auto other = static_cast<int64_t>(b.bits);
  if (a.is_signed)
    return static_cast<int64_t>(a.bits - b.bits);
  if (other < 0)
    return static_cast<int64_t>(a.bits + (0 - b.bits));
  if (a.bits > b.bits)
    return static_cast<int64_t>(a.bits - b.bits);
  return -static_cast<int64_t>(b.bits - a.bits);
}

// The column of `v` on a track of `columns` columns from `min` to `max`, in
// single precision like bpftrace's so that points land in the same column.
int column(const Number &min, const Number &v, const Number &max, int columns) {
  return static_cast<int>(static_cast<float>(columns) * static_cast<float>(distance(min, v)) /
                          static_cast<float>(distance(min, max)));
}

// A scale with one value cannot place anything: widen it by one on each side.
void widen(Number &min, Number &max) {
  bool min_at_floor = min.is_signed ? static_cast<int64_t>(min.bits) == INT64_MIN : min.bits == 0;
  bool max_at_ceiling =
      max.is_signed ? static_cast<int64_t>(max.bits) == INT64_MAX : max.bits == UINT64_MAX;
  if (!min_at_floor)
    --min.bits;
  if (!max_at_ceiling)
    ++max.bits;
}

std::string padRight(std::string s, size_t width) {
  if (s.size() < width)
    s.append(width - s.size(), ' ');
  return s;
}

std::string padLeft(const std::string &s, size_t width) {
  return s.size() < width ? std::string(width - s.size(), ' ') + s : s;
}

std::string localTime(uint64_t wall_ns, const TimeUnit &unit) {
  auto seconds = static_cast<time_t>(wall_ns / kNanosPerSecond);
  tm local{};
  localtime_r(&seconds, &local);
  char text[16];
  strftime(text, sizeof text, "%H:%M:%S", &local);
  if (unit.digits == 0)
    return text;
  return fmt::format("{}.{:0{}}", text, wall_ns % kNanosPerSecond / unit.scale, unit.digits);
}

std::string scaleLine(size_t indent, const std::optional<Number> &min,
                      const std::optional<Number> &max) {
  return std::string(indent, ' ') + padRight(min ? min->text() : "null", kScalePadding) +
         padLeft(max ? max->text() : "null", kGraphWidth - kScalePadding) + "\n";
}

std::string track(const std::optional<Number> &value, const std::optional<Number> &min,
                  const std::optional<Number> &max, int zero_column) {
  std::string line(kGraphWidth, ' ');
  line.front() = '|';
  line.back() = '|';
  if (zero_column > 0)
    line[zero_column] = '.';
  if (!value)
    return line + " -";
  int at = kGraphWidth / 2;
  if (min && max && !(*min == *max))
    at = column(*min, *value, *max, kGraphWidth - 1);
  line[std::clamp(at, 0, kGraphWidth - 1)] = '*';
  return line + " " + value->text();
}

} // namespace

uint64_t latestInterval(const std::vector<MapEntry> &entries) {
  uint64_t latest = 0;
  for (const MapEntry &e : entries)
    if (!e.series.empty())
      latest = std::max(latest, e.series.rbegin()->first);
  return latest;
}

std::vector<TimeSeriesPoint> timeSeriesPoints(const Type &tseries, const MapEntry &entry,
                                              uint64_t last_interval) {
  std::vector<TimeSeriesPoint> points;
  uint64_t window = std::max<uint64_t>(tseries.tseries_intervals, 1);
  uint64_t first = last_interval >= window - 1 ? last_interval - window + 1 : 0;
  // The entry starts at its first interval inside the window; with none there,
  // bpftrace still shows the window's last interval, empty.
  auto start = entry.series.lower_bound(first);
  uint64_t from = start == entry.series.end() ? last_interval : std::max(first, start->first);
  for (uint64_t interval = from; interval <= last_interval; ++interval) {
    TimeSeriesPoint point{taiToWallClock(interval * tseries.tseries_interval_ns), std::nullopt};
    if (auto it = entry.series.find(interval); it != entry.series.end())
      point.value = it->second;
    points.push_back(point);
  }
  return points;
}

std::string timeSeriesChart(const std::vector<TimeSeriesPoint> &points, bool is_signed) {
  if (points.empty())
    return "<no data>";
  std::optional<Number> min, max;
  for (const auto &p : points) {
    if (!p.value)
      continue;
    Number v{*p.value, is_signed};
    if (!min || v < *min)
      min = v;
    if (!max || *max < v)
      max = v;
  }
  if (min && *min == *max)
    widen(*min, *max);

  uint64_t span = points.back().wall_ns - points.front().wall_ns;
  TimeUnit unit = durationUnit(span / (points.size() > 1 ? points.size() - 1 : 1));
  std::string time_header = "hh:mm:ss";
  size_t time_width = time_header.size();
  if (unit.digits > 0) {
    time_header += std::string(".") + unit.name;
    time_width += 1 + static_cast<size_t>(unit.digits);
  }

  Number zero{0, true};
  int zero_column = 0;
  if (min && distance(*min, zero) < 0 && distance(zero, *max) < 0)
    zero_column = column(*min, zero, *max, kGraphWidth);

  std::string out = scaleLine(time_width + 1, min, max);
  out += padRight(time_header, time_width + 1) + "|" + std::string(kGraphWidth - 2, '_') + "|\n";
  for (const auto &p : points) {
    std::optional<Number> value;
    if (p.value)
      value = Number{*p.value, is_signed};
    out += localTime(p.wall_ns, unit) + " " + track(value, min, max, zero_column) + "\n";
  }
  out += std::string(time_width + 1, ' ') + "v" + std::string(kGraphWidth - 2, '_') + "v\n";
  out += scaleLine(time_width + 1, min, max);
  return out;
}

uint64_t taiToWallClock(uint64_t tai_ns) {
  // The clocks differ by whole leap seconds (0 when no TAI offset is set);
  // rounding keeps interval starts on their exact boundaries.
  static const int64_t offset_ns = [] {
    timespec tai{}, real{};
    clock_gettime(CLOCK_TAI, &tai);
    clock_gettime(CLOCK_REALTIME, &real);
    int64_t diff = (tai.tv_sec - real.tv_sec) * static_cast<int64_t>(kNanosPerSecond) +
                   (tai.tv_nsec - real.tv_nsec);
    int64_t seconds = (diff + (diff >= 0 ? 1 : -1) * 500000000) / 1000000000;
    return seconds * static_cast<int64_t>(kNanosPerSecond);
  }();
  return tai_ns - static_cast<uint64_t>(offset_ns);
}

} // namespace bpfscope
