// One diagnostic engine for every stage: errors and warnings carry a span into
// the script and render as
//
//   FILE:LINE:COL: ERROR: message
//   <the source line>
//           ^~~~
//   HINT: what to do
#pragma once

#include "parser/source.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace bpfscope {

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::optional<Span> span; // absent for errors that belong to no script location
  std::string message;
  std::string hint;
};

class Diagnostics {
public:
  explicit Diagnostics(const SourceFile &source) : source_(source) {}

  void error(Span span, std::string message, std::string hint = {});
  void warning(Span span, std::string message, std::string hint = {});
  // An error that no script location explains (e.g. not running as root).
  void error(std::string message, std::string hint = {});
  // A warning about the run as a whole (e.g. a map that filled up).
  void warning(std::string message, std::string hint = {});

  bool hasErrors() const { return error_count_ > 0; }
  const std::vector<Diagnostic> &all() const { return diagnostics_; }
  const SourceFile &source() const { return source_; }

  void render(std::ostream &out) const;
  void render(std::ostream &out, const Diagnostic &d) const;

private:
  const SourceFile &source_;
  std::vector<Diagnostic> diagnostics_;
  int error_count_ = 0;
};

} // namespace bpfscope
