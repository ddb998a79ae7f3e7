// hardware:EVENT[:COUNT] (alias h:) — a CPU performance counter on every CPU;
// the program runs every COUNT events. Names, aliases and default counts are
// bpftrace's. Machines without a PMU (virtual machines often) refuse these:
// the attach error says so and points to software:cpu-clock and profile.
#include "providers/perf_counter.h"
#include "providers/providers.h"

namespace bpfscope {

const Provider &hardwareProvider() {
  static const PerfCounterProvider provider(
      "hardware", "h", PERF_TYPE_HARDWARE,
      {
          {"backend-stalls", "", PERF_COUNT_HW_STALLED_CYCLES_BACKEND, 1000000},
          {"branch-instructions", "branches", PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 100000},
          {"branch-misses", "", PERF_COUNT_HW_BRANCH_MISSES, 100000},
          {"bus-cycles", "", PERF_COUNT_HW_BUS_CYCLES, 100000},
          {"cache-misses", "", PERF_COUNT_HW_CACHE_MISSES, 1000000},
          {"cache-references", "", PERF_COUNT_HW_CACHE_REFERENCES, 1000000},
          {"cpu-cycles", "cycles", PERF_COUNT_HW_CPU_CYCLES, 1000000},
          {"frontend-stalls", "", PERF_COUNT_HW_STALLED_CYCLES_FRONTEND, 1000000},
          {"instructions", "", PERF_COUNT_HW_INSTRUCTIONS, 1000000},
          {"ref-cycles", "", PERF_COUNT_HW_REF_CPU_CYCLES, 1000000},
      });
  return provider;
}

} // namespace bpfscope
