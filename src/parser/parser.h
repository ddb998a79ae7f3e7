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

// Parses the script that starts at offset `begin` of `source` (an imported
// file appended to it, see SourceFile::append); it may hold no probes.
std::unique_ptr<ast::Program> parseImported(const SourceFile &source, uint32_t begin,
                                            Diagnostics &diags);

} // namespace bpfscope
