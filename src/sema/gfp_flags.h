// printf's %gr: GFP (get free pages) allocation flags by name, as the
// kernel's %pGg prints them: the composite names first (GFP_KERNEL,
// GFP_ATOMIC, …), then each remaining __GFP_* flag, joined by '|', and any
// bits without a name in hex. The bit of each flag comes from the running
// kernel's BTF (its ___GFP_*_BIT enum, Linux 6.10+), so flags that this
// kernel's configuration lacks are left out.
#pragma once

#include <cstdint>
#include <string>

namespace bpfscope {

std::string gfpFlagNames(uint64_t flags);

} // namespace bpfscope
