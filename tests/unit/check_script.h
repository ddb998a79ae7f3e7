// Parses and type-checks a script the way the CLI does, for sema-level tests.
#pragma once

#include "parser/ast_dump.h"
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

// The `-d types` line of the first node whose dump starts with `prefix` (the
// diagnostics when the script has errors, the whole dump when none matches).
inline std::string typedLine(const std::string &text, const std::string &prefix) {
  Checked c = check(text);
  if (!c.program)
    return c.diagnostics;
  std::string dump = dumpAst(*c.program->ast, AstDumpTypes::Show);
  size_t at = dump.find(prefix);
  if (at == std::string::npos)
    return dump;
  return dump.substr(at, dump.find('\n', at) - at);
}

} // namespace bpfscope::test
