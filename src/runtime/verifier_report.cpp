#include "runtime/verifier_report.h"

#include "runtime/verifier_log.h"

namespace bpfscope {
namespace {

// The first non-blank column of `line`, for rejections located by line only.
int firstCodeColumn(const SourceFile &source, int line) {
  std::string_view text = source.lineText(line);
  size_t column = text.find_first_not_of(" \t");
  return column == std::string_view::npos ? 1 : static_cast<int>(column) + 1;
}

std::optional<Span> rejectedSpan(const RejectedLoad &rejected, const VerifierRejection &parsed,
                                 const CodegenResult &code, const SourceFile &source) {
  if (parsed.instruction)
    if (auto span =
            code.locations.locate(code.object, rejected.function, *parsed.instruction, source))
      return span;
  if (parsed.line)
    return code.locations.spanAt({*parsed.line, firstCodeColumn(source, *parsed.line)}, source);
  return std::nullopt;
}

} // namespace

void reportVerifierRejection(const RejectedLoad &rejected, const CodegenResult &code, bool verbose,
                             Diagnostics &diags) {
  VerifierRejection parsed = parseVerifierLog(rejected.log);
  std::string said = parsed.message.empty() ? rejected.reason : parsed.message;
  std::string message =
      "the kernel's BPF verifier rejected the program for " + rejected.probe + ": " + said;
  std::string hint = explainVerifierMessage(said);
  if (!verbose)
    hint += std::string(hint.empty() ? "" : ". ") + "Run with -v to see the verifier log";
  if (auto span = rejectedSpan(rejected, parsed, code, diags.source()))
    diags.error(*span, message, hint);
  else
    diags.error(message, hint);
}

} // namespace bpfscope
