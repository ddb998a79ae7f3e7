// bpftrace's default text output. Messages about the run itself (attached
// probes, lost events, helper errors) go to stderr, as the newest bpftrace does.
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
              << ": " << std::strerror(static_cast<int>(-e.retcode)) << " (" << e.retcode << ")"
              << std::endl;
  }
  void endOfEvents() override { out_ << "\n\n"; }
};

} // namespace

std::unique_ptr<Output> makeTextOutput(std::ostream &out, BufferMode mode) {
  return std::make_unique<TextOutput>(out, mode);
}

} // namespace bpfscope
