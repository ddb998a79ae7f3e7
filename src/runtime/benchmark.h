// --bench: times bench:NAME programs and renders bpftrace's result table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

struct BenchResult {
  std::string name; // NAME of bench:NAME
  uint64_t nanoseconds = 0;
};

// Keeps the kernel's run-time statistics of BPF programs on while alive
// (they cost every program a clock read, so they are off by default).
class RunTimeStatistics {
public:
  RunTimeStatistics();
  ~RunTimeStatistics();
  RunTimeStatistics(const RunTimeStatistics &) = delete;
  RunTimeStatistics &operator=(const RunTimeStatistics &) = delete;
  // Empty when they are on, else why not.
  const std::string &error() const { return error_; }

private:
  int fd_ = -1;
  std::string error_;
};

// The kernel's count of program `prog_fd`'s runs and their total time (while
// RunTimeStatistics is alive); nullopt and `error` set when unreadable.
struct RunTotals {
  uint64_t runs = 0;
  uint64_t nanoseconds = 0;
};
std::optional<RunTotals> runTotals(int prog_fd, std::string &error);

// Runs program `prog_fd` many times (BPF_PROG_TEST_RUN) and returns the
// average time of one run as the kernel measured it — the program alone, not
// the system call around it. Needs RunTimeStatistics alive; nullopt and
// `error` set on failure. A program whose first run returns non-zero
// (`return 1;`) asks to be left out, as in bpftrace: nullopt and `skipped`.
std::optional<uint64_t> averageRunTime(int prog_fd, bool &skipped, std::string &error);

// The results, sorted by name, as bpftrace's table:
//   +-----------+-------------+
//   | BENCHMARK | NANOSECONDS |
//   +-----------+-------------+
//   | count     | 40          |
//   +-----------+-------------+
std::string benchmarkTable(std::vector<BenchResult> results);

} // namespace bpfscope
