#include "runtime/test_mode.h"

#include "runtime/benchmark.h"

#include <bpf/bpf.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace bpfscope {
namespace {

// While alive, the records the loop handles are written, as text, to `text`.
class CapturedOutput {
public:
  CapturedOutput(EventLoop &events, std::ostringstream &text)
      : events_(events), shown_(events.output()),
        capture_(makeTextOutput(text, text, BufferMode::Full)) {
    events_.setOutput(*capture_);
  }
  ~CapturedOutput() {
    capture_->flush();
    events_.setOutput(shown_);
  }
  CapturedOutput(const CapturedOutput &) = delete;
  CapturedOutput &operator=(const CapturedOutput &) = delete;

private:
  EventLoop &events_;
  Output &shown_;
  std::unique_ptr<Output> capture_;
};

} // namespace

std::optional<TestResult> runTest(const std::string &name, int prog_fd, EventLoop &events,
                                  std::string &error) {
  auto before = runTotals(prog_fd, error);
  if (!before)
    return std::nullopt;
  size_t errors_before = events.scriptErrors();
  std::ostringstream text;
  LIBBPF_OPTS(bpf_test_run_opts, opts);
  {
    CapturedOutput captured(events, text);
    if (bpf_prog_test_run_opts(prog_fd, &opts) != 0) {
      error = "cannot run the program: " + std::string(std::strerror(errno));
      return std::nullopt;
    }
    events.consumePending();
  }
  auto after = runTotals(prog_fd, error);
  if (!after)
    return std::nullopt;
  bool passed =
      opts.retval == 0 && events.exitCode() == 0 && events.scriptErrors() == errors_before;
  events.forgetExit();
  return TestResult{name, passed, after->nanoseconds - before->nanoseconds, text.str()};
}

} // namespace bpfscope
