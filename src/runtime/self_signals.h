// The signals a run handles (self:signal:SIGUSR1, and SIGUSR1 printing the
// maps): while a SelfSignals is alive, each arrival is counted instead of
// taking the signal's default action (SIGUSR1's ends the process), and the
// session acts on every signal counted from its event loop.
#pragma once

#include <signal.h>

#include <vector>

namespace bpfscope {

class SelfSignals {
public:
  explicit SelfSignals(std::vector<int> signals);
  ~SelfSignals();
  SelfSignals(const SelfSignals &) = delete;
  SelfSignals &operator=(const SelfSignals &) = delete;

  // How many times `signal` arrived since the last call.
  static unsigned take(int signal);

private:
  std::vector<int> signals_;
  std::vector<struct sigaction> previous_;
};

} // namespace bpfscope
