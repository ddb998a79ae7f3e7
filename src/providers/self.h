// What the session needs to know about a self target: the signal that runs it.
#pragma once

#include "sema/program.h"

namespace bpfscope {

// The signal whose arrival in bpfscope runs this self:signal:NAME target;
// 0 for any other target.
int selfSignalOf(const ProbeTarget &target);

} // namespace bpfscope
