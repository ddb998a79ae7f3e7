// rawtracepoint:[MODULE:]NAME (alias rt:) — a BTF-typed raw tracepoint
// (tp_btf): the tracepoint's arguments before any formatting, `args.NAME` and
// `argN` typed from the `btf_trace_NAME` typedef.
#include "providers/btf_tracing.h"
#include "providers/providers.h"

namespace bpfscope {

const Provider &rawtracepointProvider() {
  static const BtfTracingProvider provider(
      BtfTracingKind{"rawtracepoint", {"rt"}, "tp_btf/", "raw tracepoint", true, false});
  return provider;
}

} // namespace bpfscope
