// What the rest of bpfscope needs to know about one iter target: whether it
// is pinned (iter:NAME:PIN), and where. A pinned iterator's program prints
// into the file a reader of the pin gets (codegen: bpf_seq_printf), and the
// session pins its link instead of reading it.
#pragma once

#include "sema/program.h"

#include <optional>
#include <string>

namespace bpfscope {

// The bpffs path of a pinned iterator: PIN as written when absolute, else
// under /sys/fs/bpf, as bpftrace resolves it; nullopt for any other target.
std::optional<std::string> iteratorPinPath(const ProbeTarget &target);

} // namespace bpfscope
