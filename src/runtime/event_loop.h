// The user side of the "events" ring buffer: decodes the records BPF programs
// send (printf, print, clear, time, cat, system, exit, …) and hands their
// output to an Output. Also owns the SIGINT/SIGTERM handling that ends a run.
#pragma once

#include "parser/source.h"
#include "runtime/helper_failures.h"
#include "runtime/output.h"
#include "runtime/printf_format.h"
#include "sema/program.h"

#include <signal.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

struct bpf_object;
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

  // A second signal half a second or more after the first ends the process at
  // once (Ctrl-C again while END runs or the maps print), with status 1; the
  // kernel detaches the probes as it closes the process's descriptors. One
  // sooner is the first request again and changes nothing.
  static bool received();

private:
  struct sigaction previous_int_ {};
  struct sigaction previous_term_ {};
};

class EventLoop {
public:
  enum class Stop { Exit, Signal, Drained, Error };

  EventLoop(const CheckedProgram &program, Output &out) : program_(program), out_(&out) {}
  ~EventLoop();
  EventLoop(const EventLoop &) = delete;
  EventLoop &operator=(const EventLoop &) = delete;

  // Opens the ring buffer map `map_fd`. Without a call, the loop only waits for signals.
  bool open(int map_fd, std::string &error);
  // The loaded object, whose maps print(), clear() and zero() act on, and
  // whose lost-event and delete-failure counters the loop watches.
  void setObject(bpf_object *object);

  // Handles records until exit() or a stop signal, or, with `until_drained`,
  // until the buffer is empty. Sets `error` when returning Stop::Error.
  Stop run(bool until_drained, std::string &error);
  // Handles the records already in the buffer without waiting.
  void consumePending();
  // After exit() records are dropped (as bpftrace does); END's output must show.
  // After Ctrl-C queued system() commands are not started; END's are.
  void acceptEventsAgain() { discarding_ = skipping_commands_ = false; }
  // The script, for the location of helper failures (-k).
  void setSource(const SourceFile *source) {
    source_ = source;
    helper_failures_.configure(source_, warnings_shown_);
  }
  // --no-warnings: warnf() prints nothing.
  void setWarnings(bool shown) {
    warnings_shown_ = shown;
    helper_failures_.configure(source_, warnings_shown_);
  }
  // Work run() does each time it wakes (a signal or a poll ends): running
  // the self probes of the signals that arrived.
  void setOnWake(std::function<void()> work) { on_wake_ = std::move(work); }

  // Where the records' output goes from now on (a test's capture, then back).
  void setOutput(Output &out) { out_ = &out; }
  Output &output() const { return *out_; }

  int exitCode() const { return exit_code_; }
  // Forgets an exit(): under --test it fails one test, and the next runs.
  void forgetExit() {
    exit_requested_ = discarding_ = false;
    exit_code_ = 0;
  }
  // errorf() calls and failed assert()s reported so far.
  size_t scriptErrors() const { return script_errors_; }
  // Records dropped because the ring buffer was full, over the whole run.
  uint64_t lostEvents() const { return lost_reported_; }
  // system() commands queued when Ctrl-C came, and so never run.
  uint64_t commandsNotRun() const { return commands_not_run_; }
  // Set when a map command failed: the run ends with status 1.
  const std::string &mapError() const { return map_error_; }

private:
  static int onRecord(void *self, void *data, size_t size);
  int pollOnce(bool until_drained);
  void handleRecord(const uint8_t *data, size_t size);
  void handlePrintf(size_t index, const uint8_t *payload, size_t size);
  // Renders printf `index`'s record, its format parsed on first use.
  std::string render(size_t index, const uint8_t *payload);
  void handleMapCommand(uint64_t id, const uint8_t *payload, size_t size);
  void handleExit(const uint8_t *payload, size_t size);
  void runSystem(const std::string &command);
  void handleHelperFailure(const uint8_t *payload, size_t size);
  // errorf(), warnf(), assert(): `info`'s text at the location of its call.
  void reportScriptMessage(const PrintfInfo &info, std::string text);
  // The programs' lost-event and helper-failure counters: a map read each,
  // so while running at most every 100 ms (a busy ring buffer wakes
  // the loop every few milliseconds); `now` reads them at once (a drain).
  void reportCounters(bool now);
  void reportLostEvents();

  const CheckedProgram &program_;
  Output *out_;
  bpf_object *object_ = nullptr;
  const SourceFile *source_ = nullptr;
  bool warnings_shown_ = true;
  int lost_events_fd_ = -1;
  uint64_t lost_reported_ = 0;
  HelperFailureReports helper_failures_;
  std::chrono::steady_clock::time_point next_counter_read_;
  std::string map_error_;
  ring_buffer *ring_ = nullptr;
  std::vector<std::unique_ptr<PrintfRenderer>> renderers_; // by printf index
  bool discarding_ = false;
  std::function<void()> on_wake_;
  // Inside run(): a stop request ends a read of the buffer early. The drains
  // after it (consumePending) read everything.
  bool interruptible_ = false;
  bool exit_requested_ = false;
  bool skipping_commands_ = false;
  uint64_t commands_not_run_ = 0;
  int exit_code_ = 0;
  size_t script_errors_ = 0;
};

} // namespace bpfscope
