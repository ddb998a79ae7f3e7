// The parser: script text to AST.
#pragma once

#include "parser/ast.h"
#include "parser/diagnostics.h"
#include "parser/source.h"

#include <memory>

namespace bpfscope {

// Parses a whole script. Reports every syntax error it finds to `diags`
// (recovering at statement and probe boundaries so several independent errors
// are all reported in one run). Returns the program even when errors were
// reported (callers check diags.hasErrors()).
std::unique_ptr<ast::Program> parse(const SourceFile &source, Diagnostics &diags);

} // namespace bpfscope
