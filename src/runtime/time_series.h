// tseries() maps as bpftrace shows them: the last `intervals` intervals up to
// the latest one any key wrote, each key from its own first interval in that
// window, and bpftrace's text chart of each series.
#pragma once

#include "runtime/map_snapshot.h"
#include "sema/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

// One interval of a series: when it starts (wall clock, ns since the Unix
// epoch) and its value, absent when nothing was recorded in it.
struct TimeSeriesPoint {
  uint64_t wall_ns = 0;
  std::optional<uint64_t> value; // an int64's bits when the series is signed
};

// The latest interval any entry wrote (0 when none did).
uint64_t latestInterval(const std::vector<MapEntry> &entries);

// The points of one entry in the window that ends at `last_interval`.
std::vector<TimeSeriesPoint> timeSeriesPoints(const Type &tseries, const MapEntry &entry,
                                              uint64_t last_interval);

// bpftrace's chart: a value scale, one row per interval (local time, a
// 53-column track with `*` at the value and `.` at zero, the value), a footer.
std::string timeSeriesChart(const std::vector<TimeSeriesPoint> &points, bool is_signed);

// A TAI timestamp (bpf_ktime_get_tai_ns) on the wall clock.
uint64_t taiToWallClock(uint64_t tai_ns);

} // namespace bpfscope
