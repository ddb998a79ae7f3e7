// Detaching many probes at once, quickly.
//
// Closing the perf event of a tracepoint or uprobe waits in the kernel for RCU
// grace periods (~22 ms each measured here) while holding a kernel-wide mutex
// (event_mutex), so closes never overlap: 360 syscall tracepoints take ~8 s
// however many threads close them. A program's link, though, comes off its
// perf event at once while something else still holds the event open. So
// detaching is two steps: detachPrograms() stops and detaches every program
// while keeping the perf events open, and the PerfEventHold it returns closes
// them afterwards — once the output is printed, in a background process, so
// that the run's exit does not wait for the kernel.
#pragma once

#include <vector>

struct bpf_link;

namespace bpfscope {

// The perf events left open by detachPrograms(), without a program.
class PerfEventHold {
public:
  PerfEventHold() = default;
  explicit PerfEventHold(std::vector<int> fds) : fds_(std::move(fds)) {}
  PerfEventHold(PerfEventHold &&other) noexcept : fds_(std::move(other.fds_)) {
    other.fds_.clear();
  }
  PerfEventHold &operator=(PerfEventHold &&other) noexcept;
  PerfEventHold(const PerfEventHold &) = delete;
  PerfEventHold &operator=(const PerfEventHold &) = delete;
  // Closes the events here, waiting for the kernel.
  ~PerfEventHold();

  // Closes the events in a background process that holds nothing else (no
  // program, map, or output stream), so this returns at once; here when that
  // process cannot be started.
  void release();

private:
  void closeHere();
  std::vector<int> fds_;
};

// Disables every perf event of this process, then destroys every link; the
// programs are detached when it returns. The perf events stay open in the
// returned hold.
PerfEventHold detachPrograms(std::vector<bpf_link *> links);

} // namespace bpfscope
