// import "lib.bt";: the probes, macros, map declarations and C definitions of
// another script join the importing program.
//
// A path is relative to the directory of the script that imports it (the
// current directory for -e and stdin); a directory imports each of its .bt
// files. Imported text is appended to the importing SourceFile, so errors in
// it name its own file and line. Each file is imported once; its probes come
// before those of the scripts that import it.
#pragma once

#include "parser/ast.h"
#include "parser/diagnostics.h"
#include "parser/source.h"

namespace bpfscope {

// Reports unreadable, world-writable, cyclic or unsupported imports and the
// syntax errors of imported scripts to `diags`; false when it holds errors.
bool resolveImports(SourceFile &source, ast::Program &program, Diagnostics &diags);

} // namespace bpfscope
