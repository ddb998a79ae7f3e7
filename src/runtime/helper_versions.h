// The kernel release that introduced each BPF helper bpfscope's programs
// call, and the script feature that calls it: a kernel older than that
// rejects the program with "invalid func unknown#ID", which says neither.
#pragma once

#include <optional>
#include <string>

namespace bpfscope {

struct HelperOrigin {
  const char *name;    // "bpf_for_each_map_elem"
  const char *feature; // "for loops over maps and len()"
  const char *release; // "5.13": the first release that has it
};

std::optional<HelperOrigin> helperOrigin(int helper_id);

// For "invalid func unknown#ID" of a helper in the table: which feature needs
// which kernel release. Empty for any other message.
std::string explainMissingHelper(const std::string &verifier_message);

} // namespace bpfscope
