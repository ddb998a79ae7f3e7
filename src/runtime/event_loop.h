// The user side of the "events" ring buffer: decodes the records BPF programs
// send (printf, exit) and writes their output. Also owns the SIGINT/SIGTERM
// handling that ends a run.
#pragma once

#include "sema/program.h"

#include <signal.h>

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <string>

struct ring_buffer;

namespace bpfscope {

// While alive, SIGINT and SIGTERM set a flag instead of killing the process,
// and interrupt blocking calls (no SA_RESTART) so the loop notices at once.
class StopSignals {
public:
  StopSignals();
  ~StopSignals();
  StopSignals(const StopSignals &) = delete;
  StopSignals &operator=(const StopSignals &) = delete;

  static bool received();

private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

class EventLoop {
public:
  enum class Stop { Exit, Signal, Drained, Error };

  EventLoop(const CheckedProgram &program, std::ostream &out) : program_(program), out_(out) {}
  ~EventLoop();
  EventLoop(const EventLoop &) = delete;
  EventLoop &operator=(const EventLoop &) = delete;

  // Opens the ring buffer map `map_fd`. Without a call, the loop only waits for signals.
  bool open(int map_fd, std::string &error);

  // Handles records until exit() or a stop signal, or, with `until_drained`,
  // until the buffer is empty. Sets `error` when returning Stop::Error.
  Stop run(bool until_drained, std::string &error);
  // Handles the records already in the buffer without waiting.
  void consumePending();
  // After exit() records are dropped (as bpftrace does); END's output must show.
  void acceptEventsAgain() { discarding_ = false; }

  int exitCode() const { return exit_code_; }

private:
  static int onRecord(void *self, void *data, size_t size);
  int pollOnce(bool until_drained);
  void handleRecord(const uint8_t *data, size_t size);
  void handlePrintf(size_t index, const uint8_t *payload, size_t size);
  void handleExit(const uint8_t *payload, size_t size);

  const CheckedProgram &program_;
  std::ostream &out_;
  ring_buffer *ring_ = nullptr;
  bool discarding_ = false;
  bool exit_requested_ = false;
  int exit_code_ = 0;
};

} // namespace bpfscope
