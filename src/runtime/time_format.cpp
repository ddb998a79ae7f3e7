#include "runtime/time_format.h"

#include <fmt/format.h>

namespace bpfscope {

namespace {

constexpr uint64_t kNanosPerSecond = 1'000'000'000;

uint64_t clockNanos(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * kNanosPerSecond + static_cast<uint64_t>(ts.tv_nsec);
}

// Wall-clock time at boot, measured once: boot-clock timestamps add to it.
uint64_t bootWallClockNanos() {
  static const uint64_t at_boot = clockNanos(CLOCK_REALTIME) - clockNanos(CLOCK_BOOTTIME);
  return at_boot;
}

} // namespace

std::string strftimeText(const std::string &format, const tm &when) {
  // strftime returns 0 both for an empty result and for a too small buffer.
  for (size_t size = 256; size <= 65536; size *= 4) {
    std::string text(size, '\0');
    size_t length = strftime(text.data(), text.size(), format.c_str(), &when);
    if (length > 0 || format.empty()) {
      text.resize(length);
      return text;
    }
  }
  return {};
}

std::string expandFractions(const std::string &format, uint64_t nanoseconds) {
  std::string out;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%' || i + 1 == format.size()) {
      out += format[i];
      continue;
    }
    char conversion = format[++i];
    if (conversion == 'f')
      out += fmt::format("{:06}", nanoseconds / 1000);
    else if (conversion == 'l')
      out += fmt::format("{:03}", nanoseconds / 1'000'000);
    else if (conversion == 'k')
      out += fmt::format("{:09}", nanoseconds);
    else
      out += {'%', conversion}; // "%%" stays whole for strftime
  }
  return out;
}

TimeUnit durationUnit(uint64_t nanoseconds) {
  if (nanoseconds >= kNanosPerSecond)
    return {0, kNanosPerSecond, "s"};
  if (nanoseconds >= 1000000)
    return {3, 1000000, "ms"};
  if (nanoseconds >= 1000)
    return {6, 1000, "μs"};
  return {9, 1, "ns"};
}

std::string formatBootTime(const std::string &format, uint64_t boot_ns) {
  uint64_t wall = bootWallClockNanos() + boot_ns;
  auto seconds = static_cast<time_t>(wall / kNanosPerSecond);
  tm local{};
  localtime_r(&seconds, &local);
  return strftimeText(expandFractions(format, wall % kNanosPerSecond), local);
}

} // namespace bpfscope
