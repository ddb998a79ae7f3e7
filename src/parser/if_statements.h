// An if/else that the parser read as a value (a Ternary of block
// expressions) where its value turns out unused: the parser's if that does
// not end its block, a macro whose body ends with one called as a statement.
// As a statement again, its branches need not meet in one type.
#pragma once

#include "parser/ast.h"

namespace bpfscope::ast {

// Whether `e` is an if/else read as a value: a Ternary of block expressions.
bool isIfExpression(const Expr &e);

// The if statement an if-expression was written as.
StmtPtr ifExpressionAsStatement(Ternary &&t);

// A block expression's statements, its value last as a statement of its own
// (an if statement when the value is an if-expression).
Block blockAsStatements(ExprPtr block_expr);

} // namespace bpfscope::ast
