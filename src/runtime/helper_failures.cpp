#include "runtime/helper_failures.h"

#include "codegen/async_event.h"
#include "codegen/codegen.h"
#include "parser/diagnostics.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>
#include <sstream>

namespace bpfscope {
namespace {

// The helpers codegen checks (codegen/helper_checks.cpp), as bpftrace names them.
std::string helperName(uint64_t helper) {
  switch (helper) {
  case BPF_FUNC_map_update_elem:
    return "map_update_elem";
  case BPF_FUNC_map_delete_elem:
    return "map_delete_elem";
  case BPF_FUNC_get_stack:
    return "get_stack";
  case BPF_FUNC_send_signal:
    return "send_signal";
  case BPF_FUNC_send_signal_thread:
    return "send_signal_thread";
  case BPF_FUNC_probe_read:
    return "probe_read";
  case BPF_FUNC_probe_read_str:
    return "probe_read_str";
  case BPF_FUNC_probe_read_kernel:
    return "probe_read_kernel";
  case BPF_FUNC_probe_read_user:
    return "probe_read_user";
  case BPF_FUNC_probe_read_kernel_str:
    return "probe_read_kernel_str";
  case BPF_FUNC_probe_read_user_str:
    return "probe_read_user_str";
  case async::kDivideByZero:
    return "divide";
  default:
    return "helper " + std::to_string(helper);
  }
}

// What a helper failure's warning says: bpftrace's words for a division by
// zero and for a full map (the newest bpftrace's, whose hint names both ways
// to raise the limit), else the helper, the errno text and the result.
std::string failureText(uint64_t helper, int64_t retcode) {
  if (helper == async::kDivideByZero)
    return "Divide or modulo by 0 detected. This can lead to unexpected results. 1 is being used "
           "as the result.";
  if (helper == BPF_FUNC_map_update_elem && retcode == -E2BIG)
    return "Map full; can't update element. Try increasing max_map_keys config or manually "
           "setting the max entries in a map declaration e.g. `let @a = hash(5000)`";
  return "Failed to " + helperName(helper) + ": " + std::strerror(static_cast<int>(-retcode)) +
         " (" + std::to_string(retcode) + ")";
}

bool reportedOncePerSite(uint64_t helper, int64_t retcode) {
  return helper == BPF_FUNC_map_update_elem && retcode == -E2BIG;
}

// The warning of `count` failures of `helper` with result `retcode` at `span`
// (`source` may be null: no location then).
HelperError describeHelperFailure(const SourceFile *source, uint64_t helper, int64_t retcode,
                                  Span span, uint64_t count) {
  HelperError error;
  error.helper = helperName(helper);
  error.retcode = retcode;
  error.count = count;
  error.message = failureText(helper, retcode);
  if (count > 1 && !reportedOncePerSite(helper, retcode))
    error.message += ", " + std::to_string(count) + " times";
  if (!source)
    return error;
  LineColumn at = source->locateInFile(span.begin);
  error.file = source->fileAt(span.begin);
  error.line = static_cast<size_t>(at.line);
  error.column = static_cast<size_t>(at.column);
  Diagnostics diags(*source);
  diags.warning(span, error.message);
  std::ostringstream text;
  diags.render(text);
  error.rendered = text.str();
  return error;
}

} // namespace

void HelperFailureReports::configure(const SourceFile *source, bool warnings_shown) {
  source_ = source;
  warnings_shown_ = warnings_shown;
}

void HelperFailureReports::open(bpf_object *object) {
  bpf_map *map = bpf_object__find_map_by_name(object, objects::kHelperFailures);
  if (!map)
    return;
  fd_ = bpf_map__fd(map);
  counted_.assign(bpf_map__value_size(map) / sizeof(HelperFailureCounter), 0);
}

bool HelperFailureReports::claimReport(uint64_t helper, int64_t retcode, Span span) {
  if (!reportedOncePerSite(helper, retcode))
    return true;
  return warnings_shown_ && once_reported_spans_.insert({span.begin, span.end}).second;
}

void HelperFailureReports::report(uint64_t helper, int64_t retcode, Span span, uint64_t count,
                                  Output &out) {
  if (!claimReport(helper, retcode, span))
    return;
  out.helperError(describeHelperFailure(source_, helper, retcode, span, count));
  out.recordDone();
}

void HelperFailureReports::reportOne(uint64_t helper, int64_t retcode, Span span, Output &out) {
  report(helper, retcode, span, 1, out);
}

void HelperFailureReports::reportCounted(Output &out) {
  if (fd_ < 0)
    return;
  std::vector<HelperFailureCounter> sites(counted_.size());
  uint32_t key = 0;
  if (bpf_map_lookup_elem(fd_, &key, sites.data()) != 0)
    return;
  for (size_t i = 0; i < sites.size(); ++i) {
    const HelperFailureCounter &site = sites[i];
    if (site.count <= counted_[i])
      continue;
    uint64_t count = site.count - counted_[i];
    counted_[i] = site.count;
    report(site.helper, site.last_retcode, Span{site.begin, site.end}, count, out);
  }
}

} // namespace bpfscope
