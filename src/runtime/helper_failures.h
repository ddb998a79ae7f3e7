// Failed BPF helpers, reported as warnings at the script span whose code
// called them: the -k records (codegen/helper_checks.cpp sends an
// async::HelperFailure per failure) and, without -k, the failures the
// programs count (codegen/failure_counters.h: a delete() whose result is
// discarded, a map update a full map refuses), reported as the event loop polls.
#pragma once

#include "parser/source.h"
#include "runtime/output.h"

#include <cstdint>
#include <vector>

struct bpf_object;

namespace bpfscope {

// The warning of `count` failures of `helper` with result `retcode` at `span`
// (`source` may be null: no location then).
HelperError describeHelperFailure(const SourceFile *source, uint64_t helper, int64_t retcode,
                                  Span span, uint64_t count = 1);

// True for a failure reported once per call site however often it recurs: a
// full map refuses every new key, and one warning says all there is to say.
bool reportedOncePerSite(uint64_t helper, int64_t retcode);

// The failure counters of the loaded object's call sites.
class HelperFailureCounts {
public:
  // Finds the counters in `object`; without them (no site, or -k) report() does nothing.
  void open(bpf_object *object);
  // One warning for each site that failed since the last report, with how
  // often it did and the latest error; `warnings_shown` false (--no-warnings)
  // keeps the map-full warning quiet.
  void report(const SourceFile *source, Output &out, bool warnings_shown);

private:
  int fd_ = -1;
  std::vector<uint64_t> reported_; // by site: the count already reported
};

} // namespace bpfscope
