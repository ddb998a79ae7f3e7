// Deep copies of AST nodes, as parsed (the fields sema fills in are not
// copied): a macro's body is copied for each call that expands it.
#pragma once

#include "parser/ast.h"

#include <optional>

namespace bpfscope::ast {

// With `at`, every copied node's spans become `at` (the call a macro body
// is expanded for), so that errors and debug lines point there.
ExprPtr clone(const Expr &e, std::optional<Span> at = std::nullopt);
StmtPtr clone(const Stmt &s, std::optional<Span> at = std::nullopt);
Block clone(const Block &block, std::optional<Span> at = std::nullopt);

} // namespace bpfscope::ast
