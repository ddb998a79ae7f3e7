// fexit:[MODULE:]FUNC (aliases fr:, kretfunc:) — a BPF trampoline at a kernel
// function's return; `args.NAME`, `argN` and a typed `retval` from its BTF.
#include "providers/btf_tracing.h"
#include "providers/providers.h"

namespace bpfscope {

const Provider &fexitProvider() {
  static const BtfTracingProvider provider(
      BtfTracingKind{"fexit", {"fr", "kretfunc"}, "fexit/", "kernel function", false, true});
  return provider;
}

} // namespace bpfscope
