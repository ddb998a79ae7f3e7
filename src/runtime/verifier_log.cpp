#include "runtime/verifier_log.h"

#include "runtime/helper_versions.h"

#include <array>
#include <regex>
#include <vector>

namespace bpfscope {
namespace {

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(at, end - at);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r'))
      line.remove_suffix(1);
    lines.push_back(line);
    at = end + 1;
  }
  return lines;
}

bool startsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "12: (79) r0 = *(u64 *)(r0 +0)" -> 12. State-only lines ("12: R1=ctx()") and
// branch headers ("from 6 to 8: ...") are not instructions.
std::optional<uint64_t> instructionIndex(std::string_view line) {
  static const std::regex pattern(R"(^(\d+): \([0-9a-f]{2}\))");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(line.begin(), line.end(), m, pattern))
    return std::nullopt;
  return std::stoull(m[1].str());
}

// "; @x = *p; @ script.bt:3" -> 3
std::optional<int> annotatedLine(std::string_view line) {
  static const std::regex pattern(R"(^; .* @ .*:(\d+)$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(line.begin(), line.end(), m, pattern))
    return std::nullopt;
  return std::stoi(m[1].str());
}

// Messages that name the offending instruction themselves ("back-edge from insn
// 12 to 4", "unreachable insn 7", "jump out of range from insn 3 to 90").
std::optional<uint64_t> instructionNamedIn(std::string_view message) {
  static const std::regex pattern(R"(insn (\d+))");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_search(message.begin(), message.end(), m, pattern))
    return std::nullopt;
  return std::stoull(m[1].str());
}

// Lines the verifier prints after its verdict, which are not part of it.
bool isStatistics(std::string_view line) {
  return startsWith(line, "processed ") || startsWith(line, "verification time") ||
         startsWith(line, "stack depth") || startsWith(line, "func#") ||
         startsWith(line, "mark_precise") || startsWith(line, "last_idx") ||
         startsWith(line, "regs=") || startsWith(line, "parent ");
}

struct Cause {
  const char *pattern; // a regular expression searched in the verifier's message
  const char *explanation;
};

// Ordered from the most specific pattern to the most general.
constexpr std::array kCauses{
    Cause{"back-edge|infinite loop|loop detected",
          "the program contains a loop the verifier cannot prove to end; bound the loop "
          "(a constant trip count) or unroll it"},
    Cause{"program is too large|too complex|too many states|jumps is too complex|"
          "insn_processed|complexity limit",
          "the program is too large or has too many paths for the verifier (it explores at "
          "most 1 million instructions); split the work across probes, remove branches, or "
          "use smaller loop counts"},
    Cause{"combined stack size|stack depth|stack limit|invalid stack off",
          "the program needs more than the 512 bytes of stack a BPF program may use; use "
          "fewer or smaller variables, tuples and strings in one probe"},
    Cause{"unknown func bpf_override_return",
          "override() calls bpf_override_return, which this kernel lacks: it needs a kernel "
          "built with CONFIG_BPF_KPROBE_OVERRIDE (and CONFIG_FUNCTION_ERROR_INJECTION)"},
    Cause{"cannot use helper|unknown func|helper call is not allowed|not allowed in|"
          "program of this type",
          "the program calls a kernel helper this probe type may not use; use the function "
          "from a different kind of probe"},
    Cause{"_or_null|invalid mem access 'scalar'|invalid mem access 'inv'",
          "the program reads through a pointer that may be null or is not a pointer the "
          "verifier knows; check the value before using it, or read memory with a function "
          "that copies it safely"},
    Cause{"min value is negative|unbounded memory access|max value is outside|"
          "value is outside of the allowed memory range|unbounded min value",
          "an offset or size cannot be bounded by the verifier; clamp it with a comparison "
          "or a bitwise and before it is used"},
    Cause{"invalid access to|invalid read from|invalid write to|outside of the allowed|"
          "invalid mem access|out of bounds",
          "the program reads or writes memory outside the object it points into (a map "
          "value, the stack, the probe context); check offsets and sizes"},
    Cause{"type=.* expected=|invalid indirect|arg#?\\d|R\\d+ type=",
          "a kernel helper received an argument of the wrong kind (for instance an "
          "uninitialized buffer or a pointer where a size was expected)"},
    Cause{"!read_ok", "the program reads a register before writing it; this is a bpfscope code "
                      "generation bug, please report the script"},
    Cause{"unreachable insn|invalid insn|jump out of range|invalid BPF_",
          "the program contains an instruction the kernel does not accept; this is a "
          "bpfscope code generation bug (or the kernel is too old), please report the "
          "script"},
};

} // namespace

VerifierRejection parseVerifierLog(std::string_view log) {
  VerifierRejection rejection;
  std::vector<std::string_view> lines = splitLines(log);
  size_t verdict_begin = 0;
  std::optional<int> line_at_instruction;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (auto line = annotatedLine(lines[i])) {
      line_at_instruction = line;
      continue;
    }
    if (auto index = instructionIndex(lines[i])) {
      rejection.instruction = index;
      rejection.line = line_at_instruction;
      verdict_begin = i + 1;
    }
  }
  for (size_t i = verdict_begin; i < lines.size(); ++i) {
    if (lines[i].empty() || isStatistics(lines[i]) || annotatedLine(lines[i]))
      continue;
    if (!rejection.message.empty())
      rejection.message += "; ";
    rejection.message += lines[i];
  }
  // A control-flow check fails before any instruction is printed.
  if (auto named = instructionNamedIn(rejection.message); named && verdict_begin == 0)
    rejection.instruction = named;
  return rejection;
}

std::string explainVerifierMessage(std::string_view message) {
  if (std::string too_old = explainMissingHelper(std::string(message)); !too_old.empty())
    return too_old;
  for (const Cause &cause : kCauses) {
    std::regex pattern(cause.pattern, std::regex::icase);
    if (std::regex_search(message.begin(), message.end(), pattern))
      return cause.explanation;
  }
  return {};
}

} // namespace bpfscope
