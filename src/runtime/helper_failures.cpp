#include "runtime/helper_failures.h"

#include "codegen/codegen.h"
#include "parser/diagnostics.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

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

} // namespace

HelperError describeHelperFailure(const SourceFile *source, uint64_t helper, int64_t retcode,
                                  Span span, uint64_t count) {
  HelperError error;
  error.helper = helperName(helper);
  error.retcode = retcode;
  error.count = count;
  if (!source)
    return error;
  LineColumn at = source->locateInFile(span.begin);
  error.file = source->fileAt(span.begin);
  error.line = static_cast<size_t>(at.line);
  error.column = static_cast<size_t>(at.column);
  std::string message = "Failed to " + error.helper + ": " +
                        std::strerror(static_cast<int>(-retcode)) + " (" + std::to_string(retcode) +
                        ")";
  if (count > 1)
    message += ", " + std::to_string(count) + " times";
  Diagnostics diags(*source);
  diags.warning(span, message);
  std::ostringstream text;
  diags.render(text);
  error.rendered = text.str();
  return error;
}

void DeleteFailureCounts::open(bpf_object *object, const std::vector<DiscardedDelete> &sites) {
  bpf_map *map = bpf_object__find_map_by_name(object, objects::kDeleteFailures);
  if (!map)
    return;
  fd_ = bpf_map__fd(map);
  spans_.clear();
  for (const auto &site : sites)
    spans_.push_back(site.span);
  reported_.assign(sites.size(), 0);
}

void DeleteFailureCounts::report(const SourceFile *source, Output &out) {
  if (fd_ < 0)
    return;
  std::vector<DeleteFailures> counts(spans_.size());
  uint32_t key = 0;
  if (bpf_map_lookup_elem(fd_, &key, counts.data()) != 0)
    return;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i].count <= reported_[i])
      continue;
    out.helperError(describeHelperFailure(source, BPF_FUNC_map_delete_elem, counts[i].last_retcode,
                                          spans_[i], counts[i].count - reported_[i]));
    out.recordDone();
    reported_[i] = counts[i].count;
  }
}

} // namespace bpfscope
