#include "runtime/benchmark.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace bpfscope {
namespace {

// Enough runs for a stable average, few enough that a slow program ends soon.
constexpr uint64_t kMaxRuns = 100000;
constexpr auto kTimeBudget = std::chrono::milliseconds(200);

std::string row(const std::string &left, size_t left_width, const std::string &right,
                size_t right_width) {
  return "| " + left + std::string(left_width - left.size(), ' ') + " | " + right +
         std::string(right_width - right.size(), ' ') + " |\n";
}

} // namespace

RunTimeStatistics::RunTimeStatistics() {
  fd_ = bpf_enable_stats(BPF_STATS_RUN_TIME);
  if (fd_ < 0)
    error_ =
        "cannot turn on the kernel's BPF run-time statistics: " + std::string(std::strerror(errno));
}

RunTimeStatistics::~RunTimeStatistics() {
  if (fd_ >= 0)
    close(fd_);
}

std::optional<uint64_t> averageRunTime(int prog_fd, bool &skipped, std::string &error) {
  auto start = std::chrono::steady_clock::now();
  for (uint64_t runs = 0; runs < kMaxRuns; ++runs) {
    LIBBPF_OPTS(bpf_test_run_opts, opts);
    if (bpf_prog_test_run_opts(prog_fd, &opts) != 0) {
      error = "cannot run the program: " + std::string(std::strerror(errno));
      return std::nullopt;
    }
    skipped = runs == 0 && opts.retval != 0;
    if (skipped)
      return std::nullopt;
    if (std::chrono::steady_clock::now() - start > kTimeBudget)
      break;
  }
  auto totals = runTotals(prog_fd, error);
  if (!totals)
    return std::nullopt;
  if (totals->runs == 0) {
    error = "the kernel counted none of the program's runs";
    return std::nullopt;
  }
  return totals->nanoseconds / totals->runs;
}

std::optional<RunTotals> runTotals(int prog_fd, std::string &error) {
  bpf_prog_info info{};
  uint32_t length = sizeof info;
  if (bpf_obj_get_info_by_fd(prog_fd, &info, &length) != 0) {
    error = "cannot read the program's run time: " + std::string(std::strerror(errno));
    return std::nullopt;
  }
  return RunTotals{info.run_cnt, info.run_time_ns};
}

std::string benchmarkTable(std::vector<BenchResult> results) {
  std::sort(results.begin(), results.end(),
            [](const BenchResult &a, const BenchResult &b) { return a.name < b.name; });
  const std::string name_title = "BENCHMARK", time_title = "NANOSECONDS";
  size_t name_width = name_title.size(), time_width = time_title.size();
  for (const auto &result : results) {
    name_width = std::max(name_width, result.name.size());
    time_width = std::max(time_width, std::to_string(result.nanoseconds).size());
  }
  std::string rule =
      "+" + std::string(name_width + 2, '-') + "+" + std::string(time_width + 2, '-') + "+\n";
  std::string table = rule + row(name_title, name_width, time_title, time_width) + rule;
  for (const auto &result : results)
    table += row(result.name, name_width, std::to_string(result.nanoseconds), time_width);
  return table + rule;
}

} // namespace bpfscope
