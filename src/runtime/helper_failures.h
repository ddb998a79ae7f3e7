// Failed BPF helpers, reported as warnings at the script span whose code
// called them: the -k records (codegen/helper_checks.cpp sends an
// async::HelperFailure per failure) and, without -k, the failures the
// programs count (codegen/failure_counters.h: a delete() whose result is
// discarded, a map update a full map refuses), reported as the event loop polls.
#pragma once

#include "parser/source.h"
#include "runtime/output.h"

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

struct bpf_object;

namespace bpfscope {

// The warnings of failed helpers. A failure recurs as often as its call site
// runs, so each report covers one site: a -k record is one failure, a counter
// says how many happened since the last report. A full map refuses every new
// key, and one warning per site says all there is to say, whichever path
// reports it.
class HelperFailureReports {
public:
  // `source` locates the sites (null: no location); `warnings_shown` false
  // (--no-warnings) keeps the map-full warning quiet.
  void configure(const SourceFile *source, bool warnings_shown);
  // Finds the counters in `object`; without them (no site, or -k)
  // reportCounted() does nothing.
  void open(bpf_object *object);
  // A -k record: one failure of `helper` with result `retcode` at `span`.
  void reportOne(uint64_t helper, int64_t retcode, Span span, Output &out);
  // One warning for each counted site that failed since the last call, with
  // how often it did and the latest error.
  void reportCounted(Output &out);

private:
  // False when the failure is one reported once per site, and its site has
  // had its report (or warnings are hidden).
  bool claimReport(uint64_t helper, int64_t retcode, Span span);
  void report(uint64_t helper, int64_t retcode, Span span, uint64_t count, Output &out);

  const SourceFile *source_ = nullptr;
  bool warnings_shown_ = true;
  std::set<std::pair<uint32_t, uint32_t>> once_reported_spans_;
  int fd_ = -1;
  std::vector<uint64_t> counted_; // by counter slot: the count already reported
};

} // namespace bpfscope
