#include "parser/diagnostics.h"

#include <algorithm>

namespace bpfscope {

void Diagnostics::error(Span span, std::string message, std::string hint) {
  diagnostics_.push_back({Severity::Error, span, std::move(message), std::move(hint)});
  ++error_count_;
}

void Diagnostics::warning(Span span, std::string message, std::string hint) {
  diagnostics_.push_back({Severity::Warning, span, std::move(message), std::move(hint)});
}

void Diagnostics::error(std::string message, std::string hint) {
  diagnostics_.push_back({Severity::Error, std::nullopt, std::move(message), std::move(hint)});
  ++error_count_;
}

void Diagnostics::warning(std::string message, std::string hint) {
  diagnostics_.push_back({Severity::Warning, std::nullopt, std::move(message), std::move(hint)});
}

void Diagnostics::render(std::ostream &out) const {
  for (const auto &d : diagnostics_)
    render(out, d);
}

void Diagnostics::render(std::ostream &out, const Diagnostic &d) const {
  const char *label = d.severity == Severity::Error ? "ERROR" : "WARNING";
  if (!d.span) {
    out << label << ": " << d.message << "\n";
  } else {
    LineColumn at = source_.locate(d.span->begin);
    out << source_.fileAt(d.span->begin) << ":" << source_.locateInFile(d.span->begin).line << ":"
        << at.column << ": " << label << ": " << d.message << "\n";
    std::string_view line = source_.lineText(at.line);
    out << line << "\n";
    // Underline the span's part on its first line; tabs are kept so the caret lines up.
    std::string marker;
    for (int i = 1; i < at.column && i - 1 < static_cast<int>(line.size()); ++i)
      marker += line[i - 1] == '\t' ? '\t' : ' ';
    size_t rest =
        line.size() >= static_cast<size_t>(at.column - 1) ? line.size() - (at.column - 1) : 0;
    size_t width = std::max<size_t>(1, std::min<size_t>(d.span->end - d.span->begin, rest));
    marker += '^';
    marker.append(width - 1, '~');
    out << marker << "\n";
  }
  if (!d.hint.empty())
    out << "HINT: " << d.hint << "\n";
}

} // namespace bpfscope
