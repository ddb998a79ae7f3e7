// Reading a BPF verifier log (log_level 1) the way a script author needs it:
// which instruction was rejected, which script line the log annotated last
// before it, what the verifier said, and what usually causes that.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bpfscope {

struct VerifierRejection {
  // The verifier's complaint: the lines after the rejected instruction
  // (e.g. "R0 invalid mem access 'map_value_or_null'"), joined with "; ".
  std::string message;
  // Index of the rejected instruction in the program: the last instruction the
  // log shows, or the one the message names ("back-edge from insn 12 to 4").
  std::optional<uint64_t> instruction;
  // The script line of the last "; <text> @ FILE:LINE" annotation before it.
  std::optional<int> line;
};

VerifierRejection parseVerifierLog(std::string_view log);

// What usually makes the verifier say `message`, in words a script author can
// act on; empty when the message is not one of the known ones.
std::string explainVerifierMessage(std::string_view message);

} // namespace bpfscope
