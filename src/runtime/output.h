// Where everything a run prints goes: the text form bpftrace prints by
// default, or one JSON object per line (-f json). The event loop and the
// session only talk to this interface, never to a stream.
#pragma once

#include "runtime/map_snapshot.h"
#include "sema/program.h"

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace bpfscope {

// A failed BPF helper call, reported with -k.
struct HelperError {
  std::string file;
  size_t line = 0, column = 0;
  std::string helper;   // e.g. "probe_read_user_str"
  int64_t retcode = 0;  // -errno
  std::string message;  // "Failed to probe_read_user_str: Bad address (-14)", "Map full; …"
  std::string rendered; // the warning with its source line and caret, as the text output shows it
  uint64_t count = 1;   // failures since the last report (counted discarded deletes)
};

// errorf()/warnf() (and a failed assert()): the script's own message, with
// the location of the call that printed it.
struct ScriptMessage {
  bool is_error = true; // errorf(), assert(); false for warnf()
  std::string file;
  int line = 0, column = 0;         // where the call begins
  int end_line = 0, end_column = 0; // where it ends (the column just past it)
  std::string text;
};

// --test: how one test:NAME probe ended.
struct TestResult {
  std::string name;         // NAME
  bool passed = false;      // returned 0, called no exit(N) with N != 0, reported no error
  uint64_t nanoseconds = 0; // the program's run time, as the kernel measured it
  std::string output;       // what it printed, as text, its errors and warnings too
};

// -B: when output reaches the file or terminal.
enum class BufferMode {
  Line, // after every complete record (printf, map, …)
  Full, // when the stream's buffer fills, and at exit
  None, // after every write
};

class Output {
public:
  Output(std::ostream &out, BufferMode mode);
  virtual ~Output() = default;
  Output(const Output &) = delete;
  Output &operator=(const Output &) = delete;

  virtual void attachedProbes(size_t count) = 0;
  virtual void printf(const std::string &text) = 0;
  virtual void time(const std::string &text) = 0;
  virtual void cat(const std::string &text) = 0;
  virtual void system(const std::string &text) = 0; // a system() command's output
  virtual void join(const std::string &text) = 0;
  // print(@m, top, div) and the maps printed at exit; `entries` is not empty.
  virtual void map(const MapInfo &map, std::vector<MapEntry> entries, uint64_t top,
                   uint64_t div) = 0;
  // print(value): one value laid out as `type`.
  virtual void value(const Type &type, const uint8_t *data) = 0;
  virtual void lostEvents(uint64_t count) = 0;
  // A BPF helper failed (-k).
  virtual void helperError(const HelperError &error) = 0;
  virtual void scriptMessage(const ScriptMessage &message) = 0;
  // Between the last event and the maps printed at exit.
  virtual void endOfEvents() = 0;
  // --test: test `index` (from 0) of `count` has ended; then, after the
  // last, `testSummary` of them all.
  virtual void testResult(const TestResult &result, size_t index, size_t count) = 0;
  virtual void testSummary(const std::vector<TestResult> &results) = 0;

  // Ends one record: flushes in line mode, at the end of the batch inside one.
  void recordDone();
  void flush() { out_.flush(); }
  // False once a write failed (disk full, a closed pipe): output was lost.
  bool intact() const { return out_.good(); }

  // The records of one read of the ring buffer: in line mode they reach the
  // stream with one write when the batch ends, not one write each. A batch
  // ends as soon as the buffer is empty, so lines show as promptly, and at
  // high rates the reader saves a system call per record.
  class Batch {
  public:
    explicit Batch(Output &output) : output_(output) { ++output_.batch_depth_; }
    ~Batch();
    Batch(const Batch &) = delete;
    Batch &operator=(const Batch &) = delete;

  private:
    Output &output_;
  };

protected:
  std::ostream &out_;

private:
  BufferMode mode_;
  int batch_depth_ = 0;
  bool unflushed_ = false; // a record ended inside the current batch
};

std::unique_ptr<Output> makeTextOutput(std::ostream &out, BufferMode mode);
// Text output that writes the messages meant for stderr (errorf, warnings,
// lost events) to `messages` instead: a test's captured output.
std::unique_ptr<Output> makeTextOutput(std::ostream &out, std::ostream &messages, BufferMode mode);
std::unique_ptr<Output> makeJsonOutput(std::ostream &out, BufferMode mode);

} // namespace bpfscope
