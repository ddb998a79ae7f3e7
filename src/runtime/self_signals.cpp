#include "runtime/self_signals.h"

#include <signal.h>

#include <atomic>

namespace bpfscope {
namespace {

// Lock-free atomics are safe to touch from a signal handler.
std::atomic<unsigned> arrivals[NSIG];
static_assert(std::atomic<unsigned>::is_always_lock_free);

void onSelfSignal(int signal) {
  arrivals[signal].fetch_add(1, std::memory_order_relaxed);
}

} // namespace

SelfSignals::SelfSignals(std::vector<int> signals) : signals_(std::move(signals)) {
  struct sigaction action {};
  action.sa_handler = onSelfSignal;
  sigemptyset(&action.sa_mask);
  // As for the stop signals: interrupted writes resume, waits still wake up.
  action.sa_flags = SA_RESTART;
  previous_.resize(signals_.size());
  for (size_t i = 0; i < signals_.size(); ++i) {
    arrivals[signals_[i]].store(0);
    sigaction(signals_[i], &action, &previous_[i]);
  }
}

SelfSignals::~SelfSignals() {
  for (size_t i = 0; i < signals_.size(); ++i)
    sigaction(signals_[i], &previous_[i], nullptr);
}

unsigned SelfSignals::take(int signal) {
  return signal > 0 && signal < NSIG ? arrivals[signal].exchange(0) : 0;
}

} // namespace bpfscope
