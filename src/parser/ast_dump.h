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
#pragma once

#include "parser/ast.h"

#include <string>

namespace bpfscope {

std::string dumpAst(const ast::Program &program);

} // namespace bpfscope
