// Failed BPF helpers, reported as warnings at the script span whose code
// called them: the -k records (codegen/helper_checks.cpp sends an
// async::HelperFailure per failure) and, without -k, the failures the
// programs count at each delete() whose result is discarded
// (objects::kDeleteFailures), reported as the event loop polls.
#pragma once

#include "parser/source.h"
#include "runtime/output.h"
#include "sema/program.h"

#include <cstdint>
#include <vector>

struct bpf_object;

namespace bpfscope {

// The warning of `count` failures of `helper` with result `retcode` at `span`
// (`source` may be null: no location then).
HelperError describeHelperFailure(const SourceFile *source, uint64_t helper, int64_t retcode,
                                  Span span, uint64_t count = 1);

// The counters of the discarded delete() sites, read from the loaded object.
class DeleteFailureCounts {
public:
  // Finds the counters in `object`; without them (no site, or -k) report() does nothing.
  void open(bpf_object *object, const std::vector<DiscardedDelete> &sites);
  // One warning for each site that failed since the last report, with how
  // often it did and the latest error.
  void report(const SourceFile *source, Output &out);

private:
  int fd_ = -1;
  std::vector<Span> spans_;
  std::vector<uint64_t> reported_; // by site: the count already reported
};

} // namespace bpfscope
