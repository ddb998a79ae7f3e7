// bpftrace's default text output. Messages about the run itself (attached
// probes, lost events, helper errors) and the script's errorf()/warnf() go to
// stderr, as the newest bpftrace does (or with the rest, for a test's capture).
#include "runtime/output.h"

#include "runtime/map_printer.h"
#include "runtime/test_report.h"
#include "runtime/value_format.h"

#include <iostream>

namespace bpfscope {
namespace {

class TextOutput : public Output {
public:
  TextOutput(std::ostream &out, std::ostream &messages, BufferMode mode)
      : Output(out, mode), messages_(messages) {}

  void attachedProbes(size_t count) override {
    messages_ << "Attached " << count << (count == 1 ? " probe" : " probes") << std::endl;
  }
  void printf(const std::string &text) override { out_ << text; }
  void time(const std::string &text) override { out_ << text; }
  void cat(const std::string &text) override { out_ << text; }
  void system(const std::string &text) override { out_ << text; }
  void join(const std::string &text) override { out_ << text << "\n"; }
  void map(const MapInfo &map, std::vector<MapEntry> entries, uint64_t top, uint64_t div) override {
    printMap(out_, map, std::move(entries), top, div);
  }
  void value(const Type &type, const uint8_t *data) override {
    out_ << formatValue(type, data) << "\n";
  }
  void lostEvents(uint64_t count) override {
    out_.flush();
    messages_ << "Lost " << count << " events" << std::endl;
  }
  void helperError(const HelperError &e) override {
    out_.flush();
    if (!e.rendered.empty()) {
      messages_ << e.rendered << std::flush;
      return;
    }
    messages_ << e.file << ":" << e.line << ":" << e.column << ": WARNING: " << e.message
              << std::endl;
  }
  // As bpftrace's log lines: "stdin:1:9-62: ERROR: text", or "stdin:1-3: …" when
  // the call spans lines.
  void scriptMessage(const ScriptMessage &m) override {
    out_.flush();
    messages_ << m.file << ":" << m.line;
    if (m.end_line != m.line)
      messages_ << "-" << m.end_line;
    else
      messages_ << ":" << m.column << "-" << m.end_column;
    messages_ << ": " << (m.is_error ? "ERROR: " : "WARNING: ") << m.text << std::endl;
  }
  void endOfEvents() override { out_ << "\n\n"; }
  void testResult(const TestResult &result, size_t index, size_t count) override {
    out_ << testResultText(result, index, count);
  }
  void testSummary(const std::vector<TestResult> &results) override {
    out_ << testSummaryText(results);
  }

private:
  std::ostream &messages_;
};

} // namespace

std::unique_ptr<Output> makeTextOutput(std::ostream &out, BufferMode mode) {
  return std::make_unique<TextOutput>(out, std::cerr, mode);
}

std::unique_ptr<Output> makeTextOutput(std::ostream &out, std::ostream &messages, BufferMode mode) {
  return std::make_unique<TextOutput>(out, messages, mode);
}

} // namespace bpfscope
