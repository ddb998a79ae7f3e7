// Parses and type-checks a script the way the CLI does, for sema-level tests.
#pragma once

#include "parser/parser.h"
#include "sema/sema.h"

#include <optional>
#include <sstream>
#include <string>

namespace bpfscope::test {

struct Checked {
  std::optional<CheckedProgram> program; // set when there were no errors
  std::string diagnostics;               // every diagnostic, rendered
};

inline Checked check(const std::string &text, const SemaOptions &options = {}) {
  SourceFile source("stdin", text);
  Diagnostics diags(source);
  auto ast = parse(source, diags);
  Checked out;
  if (!diags.hasErrors())
    out.program = analyze(std::move(ast), diags, options);
  std::ostringstream rendered;
  diags.render(rendered);
  out.diagnostics = rendered.str();
  return out;
}

} // namespace bpfscope::test
