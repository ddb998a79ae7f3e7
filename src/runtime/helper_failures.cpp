#include "runtime/helper_failures.h"

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
  default:
    return "helper " + std::to_string(helper);
  }
}

// What a helper failure's warning says: bpftrace's words for a full map (the
// newest bpftrace's, whose hint names both ways to raise the limit), else the
// helper, the errno text and the result.
std::string failureText(uint64_t helper, int64_t retcode) {
  if (helper == BPF_FUNC_map_update_elem && retcode == -E2BIG)
    return "Map full; can't update element. Try increasing max_map_keys config or manually "
           "setting the max entries in a map declaration e.g. `let @a = hash(5000)`";
  return "Failed to " + helperName(helper) + ": " + std::strerror(static_cast<int>(-retcode)) +
         " (" + std::to_string(retcode) + ")";
}

} // namespace

bool reportedOncePerSite(uint64_t helper, int64_t retcode) {
  return helper == BPF_FUNC_map_update_elem && retcode == -E2BIG;
}

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

void HelperFailureCounts::open(bpf_object *object) {
  bpf_map *map = bpf_object__find_map_by_name(object, objects::kHelperFailures);
  if (!map)
    return;
  fd_ = bpf_map__fd(map);
  reported_.assign(bpf_map__value_size(map) / sizeof(HelperFailureCounter), 0);
}

void HelperFailureCounts::report(const SourceFile *source, Output &out, bool warnings_shown) {
  if (fd_ < 0)
    return;
  std::vector<HelperFailureCounter> sites(reported_.size());
  uint32_t key = 0;
  if (bpf_map_lookup_elem(fd_, &key, sites.data()) != 0)
    return;
  for (size_t i = 0; i < sites.size(); ++i) {
    const HelperFailureCounter &site = sites[i];
    uint64_t already = reported_[i];
    if (site.count <= already)
      continue;
    reported_[i] = site.count;
    bool once = reportedOncePerSite(site.helper, site.last_retcode);
    if (once && (already > 0 || !warnings_shown))
      continue;
    out.helperError(describeHelperFailure(source, site.helper, site.last_retcode,
                                          Span{site.begin, site.end}, site.count - already));
    out.recordDone();
  }
}

} // namespace bpfscope
