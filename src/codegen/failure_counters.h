// The helper failures a program counts instead of reporting each one: without
// -k, a delete() whose result is discarded and a map update a full map
// refuses still warn (as the newest bpftrace does), and a counter costs a
// program a few instructions where a ring-buffer record costs about forty.
// Each call site gets one HelperFailureCounter (codegen.h) in the global of
// objects::kHelperFailures; its initial data names the site, and the runtime
// reports the counts as it polls (runtime/helper_failures.h).
#pragma once

#include "codegen/bpf_module.h"
#include "codegen/codegen.h"
#include "parser/source.h"

#include <vector>

namespace bpfscope {

class FailureCounters {
public:
  explicit FailureCounters(BpfModule &module) : m_(module) {}

  // The address of the counter of `helper`'s failures at `span`, a new one
  // for a site not seen before, whose last result starts as `retcode` (the
  // one failure a site that only counts can have).
  llvm::Constant *counter(unsigned helper, Span span, int64_t retcode);

  // After every program is emitted: gives the global its size and the
  // sites' descriptions. Without a site there is no global.
  void finish();

private:
  BpfModule &m_;
  // Stands for the global until its size is known; finish() replaces it.
  llvm::GlobalVariable *placeholder_ = nullptr;
  std::vector<HelperFailureCounter> sites_;
};

} // namespace bpfscope
