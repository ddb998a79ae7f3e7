#include "providers/timer_spec.h"

#include "providers/perf_event.h"

#include <array>
#include <string_view>

namespace bpfscope {
namespace {

constexpr std::array<std::string_view, 5> kUnits = {"ns", "us", "ms", "s", "hz"};

bool isUnit(std::string_view unit) {
  for (std::string_view u : kUnits)
    if (u == unit)
      return true;
  return false;
}

std::optional<TimerSpec> checked(const std::string &unit, const std::string &count_text,
                                 const std::string &kind, std::string *error) {
  auto count = parsePositiveCount(count_text);
  if (isUnit(unit) && count)
    return TimerSpec{unit, *count};
  if (error)
    *error = !isUnit(unit) ? "unknown " + kind + " unit '" + unit + "'"
                           : kind + " count '" + count_text + "' is not a positive integer";
  return std::nullopt;
}

} // namespace

uint64_t TimerSpec::periodNs() const {
  constexpr uint64_t kNsPerSecond = 1'000'000'000;
  if (unit == "s")
    return count * kNsPerSecond;
  if (unit == "ms")
    return count * 1'000'000;
  if (unit == "us")
    return count * 1'000;
  if (unit == "hz")
    return kNsPerSecond / count;
  return count;
}

std::optional<TimerSpec> parseTimerSpec(const std::vector<std::string> &parts,
                                        const std::string &kind, std::string *error) {
  if (parts.size() == 2)
    return checked(parts[0], parts[1], kind, error);
  if (parts.size() != 1) {
    if (error)
      *error = kind + " probe needs a rate";
    return std::nullopt;
  }
  // "1s", "100ms", "99hz", "5000": the count, then its unit (ns by default).
  const std::string &text = parts[0];
  size_t digits = text.find_first_not_of("0123456789");
  std::string unit = digits == std::string::npos ? "ns" : text.substr(digits);
  return checked(unit, text.substr(0, digits), kind, error);
}

} // namespace bpfscope
