// software:EVENT[:COUNT] (alias s:) — a kernel software perf counter on every
// CPU; the program runs every COUNT events. Names, aliases and default counts
// are bpftrace's.
#include "providers/perf_counter.h"
#include "providers/providers.h"

namespace bpfscope {

const Provider &softwareProvider() {
  static const PerfCounterProvider provider(
      "software", "s", PERF_TYPE_SOFTWARE,
      {
          {"alignment-faults", "", PERF_COUNT_SW_ALIGNMENT_FAULTS, 1},
          {"bpf-output", "", PERF_COUNT_SW_BPF_OUTPUT, 1},
          {"context-switches", "cs", PERF_COUNT_SW_CONTEXT_SWITCHES, 1000},
          {"cpu-clock", "cpu", PERF_COUNT_SW_CPU_CLOCK, 1000000},
          {"cpu-migrations", "", PERF_COUNT_SW_CPU_MIGRATIONS, 1},
          {"dummy", "", PERF_COUNT_SW_DUMMY, 1},
          {"emulation-faults", "", PERF_COUNT_SW_EMULATION_FAULTS, 1},
          {"major-faults", "", PERF_COUNT_SW_PAGE_FAULTS_MAJ, 1},
          {"minor-faults", "", PERF_COUNT_SW_PAGE_FAULTS_MIN, 100},
          {"page-faults", "faults", PERF_COUNT_SW_PAGE_FAULTS, 100},
          {"task-clock", "", PERF_COUNT_SW_TASK_CLOCK, 1},
      });
  return provider;
}

} // namespace bpfscope
