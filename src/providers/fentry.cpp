// fentry:[MODULE:]FUNC (aliases f:, kfunc:) — a BPF trampoline at a kernel
// function's entry; `args.NAME` and `argN` typed from the function's BTF.
#include "providers/btf_tracing.h"
#include "providers/providers.h"

namespace bpfscope {

const Provider &fentryProvider() {
  static const BtfTracingProvider provider(
      BtfTracingKind{"fentry", {"f", "kfunc"}, "fentry/", "kernel function", false, false});
  return provider;
}

} // namespace bpfscope
