// A readable, indented rendering of the AST, one node per line, for `-d ast`
// and parser tests. Example:
//
//   Program
//     Probe
//       AttachPoint BEGIN
//       Body
//         ExprStmt
//           Call printf
//             String "hi\n"
//
// With AstDumpTypes::Show (`-d types`, after sema) each expression's line
// ends in " :: TYPE".
#pragma once

#include "parser/ast.h"

#include <string>

namespace bpfscope {

enum class AstDumpTypes { Hide, Show };

std::string dumpAst(const ast::Program &program, AstDumpTypes types = AstDumpTypes::Hide);

} // namespace bpfscope
