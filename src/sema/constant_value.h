// The value an expression has at compile time, where bpftrace folds literals
// before it type-checks: literals, enum constants and #defines, sizeof and
// offsetof, positional parameters (already literals here) and the operators
// over them. It decides static_assert()'s condition and which branch of an
// `if` with a constant condition is ever reached (a fail() in the other one
// is not an error).
#pragma once

#include "parser/ast.h"

#include <cstdint>
#include <optional>

namespace bpfscope {

// nullopt when `e` depends on anything known only at run time. `e` must have
// been type-checked (sema sets enum constants and sizeof values).
std::optional<int64_t> constantValue(const ast::Expr &e);

// `b`'s value given its operands' values (nullopt: known only at run time).
// `b` and its operands must have been type-checked.
std::optional<int64_t> foldBinary(const ast::Binary &b, std::optional<int64_t> lhs,
                                  std::optional<int64_t> rhs);

} // namespace bpfscope
