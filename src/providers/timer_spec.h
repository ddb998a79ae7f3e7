// The rate of a timer probe (interval, profile), in every spelling bpftrace
// accepts: UNIT:N (interval:s:1, profile:hz:99) or a single part, either N
// nanoseconds (interval:1000000000) or N with its unit attached (interval:1s,
// profile:99hz, interval:100ms).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

struct TimerSpec {
  std::string unit; // ns, us, ms, s or hz
  uint64_t count = 0;

  bool isFrequency() const { return unit == "hz"; }
  uint64_t periodNs() const;
};

// nullopt when `parts` (the attach point after the provider) is no timer
// spec, with *error saying why in words naming `kind` ("interval").
std::optional<TimerSpec> parseTimerSpec(const std::vector<std::string> &parts,
                                        const std::string &kind, std::string *error);

} // namespace bpfscope
