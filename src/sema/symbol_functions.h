// ksym(addr) and usym(addr), symbolized in user space when printed, and
// kaddr("name"), a kernel symbol's address found at compile time.
#pragma once

#include "parser/ast.h"
#include "sema/typed_access.h"
#include "sema/types.h"

#include <cstdint>
#include <optional>
#include <string>

namespace bpfscope {

bool isSymbolFunction(const std::string &name);

// The type of a symbol function call whose argument has type `arg`
// (none for kaddr, whose argument is a literal); nullopt after reporting.
std::optional<Type> symbolCallType(const ast::Call &call, const Type &arg,
                                   const ReportError &error);

// The address kaddr("name") stands for (codegen asks again: sema checked it exists).
std::optional<uint64_t> kernelSymbolAddress(const std::string &name);

} // namespace bpfscope
