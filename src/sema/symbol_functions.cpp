#include "sema/symbol_functions.h"

#include "runtime/kernel_symbols.h"

namespace bpfscope {

bool isSymbolFunction(const std::string &name) {
  return name == "ksym" || name == "usym" || name == "kaddr";
}

std::optional<uint64_t> kernelSymbolAddress(const std::string &name) {
  return KernelSymbols::system().addressOf(name);
}

namespace {

std::optional<Type> kaddrType(const ast::Call &call, const ReportError &error) {
  auto *name = call.args[0]->as<ast::StringLiteral>();
  if (!name) {
    error(call.args[0]->span, "kaddr() needs a symbol name as a string literal",
          "e.g. kaddr(\"avenrun\")");
    return std::nullopt;
  }
  if (!kernelSymbolAddress(name->value)) {
    error(call.args[0]->span, "kernel symbol '" + name->value + "' is not in /proc/kallsyms",
          "kallsyms lists every kernel symbol with its address");
    return std::nullopt;
  }
  return Type::integer(8, false);
}

} // namespace

std::optional<Type> symbolCallType(const ast::Call &call, const Type &arg,
                                   const ReportError &error) {
  if (call.args.size() != 1) {
    error(call.span, call.name + "() takes one argument",
          call.name == "kaddr" ? "write kaddr(\"symbol\")" : "write " + call.name + "(address)");
    return std::nullopt;
  }
  if (call.name == "kaddr")
    return kaddrType(call, error);
  if (arg.kind == TypeKind::None)
    return std::nullopt;
  if (!arg.isInteger() && !arg.isPointer()) {
    error(call.args[0]->span, call.name + "() needs an address, not " + arg.name(), {});
    return std::nullopt;
  }
  return Type::symbol(call.name == "usym");
}

} // namespace bpfscope
