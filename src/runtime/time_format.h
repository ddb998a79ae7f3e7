// Wall-clock text for time() and strftime(): strftime(3) plus bpftrace's
// extensions for the fraction of the second, %f (microseconds, 6 digits),
// %l (milliseconds, 3 digits) and %k (nanoseconds, 9 digits).
#pragma once

#include <cstdint>
#include <ctime>
#include <string>

namespace bpfscope {

// strftime(3) of `when` into a string of any length.
std::string strftimeText(const std::string &format, const tm &when);

// The local wall-clock time of a boot-clock timestamp (bpf_ktime_get_boot_ns,
// `nsecs`), formatted with `format` and the fraction extensions.
std::string formatBootTime(const std::string &format, uint64_t boot_ns);

// The largest of s, ms, μs and ns that `nanoseconds` reaches, as bpftrace
// picks units for durations (tseries rows, test times).
struct TimeUnit {
  int digits;     // of the second's fraction, at this precision
  uint64_t scale; // nanoseconds per unit
  const char *name;
};
TimeUnit durationUnit(uint64_t nanoseconds);

// Replaces %f, %l and %k by the digits of `nanoseconds` (below one second).
std::string expandFractions(const std::string &format, uint64_t nanoseconds);

} // namespace bpfscope
