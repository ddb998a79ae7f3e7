// ksym(addr) and usym(addr), symbolized in user space when printed,
// kaddr("name"), a kernel symbol's address found at compile time,
// percpu_kaddr("name"[, cpu]), the address of a per-CPU kernel variable, and
// uaddr("name"), the address of a variable or function of the probed binary.
#pragma once

#include "parser/ast.h"
#include "sema/program.h"
#include "sema/typed_access.h"
#include "sema/types.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

bool isSymbolFunction(const std::string &name);

// The type of a symbol function call whose argument has type `arg`
// (none for kaddr, whose argument is a literal); nullopt after reporting.
std::optional<Type> symbolCallType(const ast::Call &call, const Type &arg,
                                   const ReportError &error);

// The address kaddr("name") stands for (codegen asks again: sema checked it exists).
std::optional<uint64_t> kernelSymbolAddress(const std::string &name);

// percpu_kaddr("name"[, cpu]), whose optional cpu argument has type `cpu`
// (none when absent): a uint64 address, as in bpftrace. The variable is a
// typed ksym codegen declares from perCpuVariableLayers(name).
std::optional<Type> percpuKaddrType(const ast::Call &call, const Type &cpu,
                                    const ReportError &error);

// uaddr("name") in every target of a probe: a pointer into user memory, to an
// unsigned integer as wide as the symbol (1, 2, 4 or 8 bytes; else 8).
std::optional<Type> uaddrType(const ast::Call &call, const std::vector<ProbeTarget> &targets,
                              const ReportError &error);

// Where uaddr("name") points in one target (sema checked that it can tell):
// `address` as linked; in a position-independent binary it is relative to the
// load base, which the program finds as its instruction pointer minus
// `site`, the probed instruction's linked address.
struct UserSymbolAddress {
  uint64_t address = 0;
  bool position_independent = false;
  uint64_t site = 0;
};
std::optional<UserSymbolAddress> userSymbolAddress(const std::string &name,
                                                   const ProbeTarget &target);

} // namespace bpfscope
