// bpftrace's default text output. Messages about the run itself (attached
// probes, lost events, helper errors) and the script's errorf()/warnf() go to
// stderr, as the newest bpftrace does.
#include "runtime/output.h"

#include "runtime/map_printer.h"
#include "runtime/value_format.h"

#include <cstring>
#include <iostream>

namespace bpfscope {
namespace {

class TextOutput : public Output {
public:
  using Output::Output;

  void attachedProbes(size_t count) override {
    std::cerr << "Attached " << count << (count == 1 ? " probe" : " probes") << std::endl;
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
    std::cerr << "Lost " << count << " events" << std::endl;
  }
  void helperError(const HelperError &e) override {
    out_.flush();
    if (!e.rendered.empty()) {
      std::cerr << e.rendered << std::flush;
      return;
    }
    std::cerr << e.file << ":" << e.line << ":" << e.column << ": WARNING: Failed to " << e.helper
              << ": " << std::strerror(static_cast<int>(-e.retcode)) << " (" << e.retcode << ")";
    if (e.count > 1)
      std::cerr << ", " << e.count << " times";
    std::cerr << std::endl;
  }
  // As bpftrace's log lines: "stdin:1:9-62: ERROR: text", or "stdin:1-3: …" when
  // the call spans lines.
  void scriptMessage(const ScriptMessage &m) override {
    out_.flush();
    std::cerr << m.file << ":" << m.line;
    if (m.end_line != m.line)
      std::cerr << "-" << m.end_line;
    else
      std::cerr << ":" << m.column << "-" << m.end_column;
    std::cerr << ": " << (m.is_error ? "ERROR: " : "WARNING: ") << m.text << std::endl;
  }
  void endOfEvents() override { out_ << "\n\n"; }
};

} // namespace

std::unique_ptr<Output> makeTextOutput(std::ostream &out, BufferMode mode) {
  return std::make_unique<TextOutput>(out, mode);
}

} // namespace bpfscope
