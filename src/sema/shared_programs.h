// Which of a probe's targets can share one BPF program. Loading one program
// per target costs a verifier run each (a `syscalls:sys_enter_*` wildcard has
// ~350 targets); when the generated code would be the same for several
// targets, one program is loaded and attached to all of them, each link
// carrying a BPF cookie that `probe` and `func` look their names up with.
#pragma once

#include "sema/program.h"

#include <set>
#include <string>
#include <vector>

namespace bpfscope {

// What a probe body reads from its context, the only code that can differ
// between targets of one kind besides `probe` and `func`.
struct ContextUses {
  std::set<std::string> args_fields; // NAME of each args.NAME
  std::set<std::string> slots;       // arg0…argN and retval
  // A map loop's body is a callback without the program's context, so it
  // cannot read the attach cookie: there `probe` must be a constant.
  bool probe_in_map_loop = false;
};

// Splits a probe's targets into the programs to generate, in target order:
// targets whose provider shares programs and whose used fields and slots lie
// at the same places in the context form one group; every other target is a
// group of its own.
std::vector<std::vector<ProbeTarget>> groupSharedTargets(const std::vector<ProbeTarget> &targets,
                                                         const ContextUses &uses);

} // namespace bpfscope
