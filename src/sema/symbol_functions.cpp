#include "sema/symbol_functions.h"

#include "providers/elf_image.h"
#include "providers/provider.h"
#include "runtime/kernel_symbols.h"
#include "sema/btf_types.h"

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

struct UserSymbol {
  uint64_t address = 0;
  uint64_t size = 0;
};

std::optional<UserSymbol> findUserSymbol(const ElfImage &image, const std::string &name) {
  if (const ElfDataSymbol *data = image.findDataSymbol(name))
    return UserSymbol{data->address, data->size};
  if (const ElfFunction *function = image.findFunction(name))
    return UserSymbol{function->address, function->size};
  return std::nullopt;
}

Type pointerToSymbol(uint64_t size) {
  bool integer_width = size == 1 || size == 2 || size == 4 || size == 8;
  return Type::pointerTo(Type::integer(integer_width ? static_cast<uint32_t>(size) : 8, false),
                         true);
}

// The type uaddr(name) has in one target; nullopt after reporting.
std::optional<Type> uaddrTypeIn(const ast::Call &call, const std::string &name,
                                const ProbeTarget &target, const ReportError &error) {
  auto site = findProvider(target.provider)->userCodeSite(target);
  if (!site) {
    error(call.span, "uaddr() is not available in " + target.canonical,
          "uaddr() names a symbol of the probed binary: use it in uprobe, uretprobe and usdt "
          "probes");
    return std::nullopt;
  }
  auto image = ElfImage::load(site->binary, nullptr);
  auto symbol = image ? findUserSymbol(*image, name) : std::nullopt;
  if (!symbol) {
    error(call.args[0]->span, "symbol '" + name + "' is not in " + site->binary,
          "uaddr() finds the variables and functions of the probed binary's symbol tables");
    return std::nullopt;
  }
  if (image->positionIndependent() && !site->ip_at_site) {
    error(call.span,
          "uaddr() cannot find where " + site->binary + " is loaded in " + target.canonical,
          "the binary is position-independent and a uretprobe sees no address of it: read "
          "uaddr() in a uprobe of the same binary");
    return std::nullopt;
  }
  return pointerToSymbol(symbol->size);
}

} // namespace

std::optional<Type> uaddrType(const ast::Call &call, const std::vector<ProbeTarget> &targets,
                              const ReportError &error) {
  auto *name = call.args.size() == 1 ? call.args[0]->as<ast::StringLiteral>() : nullptr;
  if (!name) {
    error(call.span, "uaddr() needs a symbol name as a string literal",
          "write uaddr(\"my_global\")");
    return std::nullopt;
  }
  std::optional<Type> type;
  for (const auto &target : targets) {
    auto here = uaddrTypeIn(call, name->value, target, error);
    if (!here)
      return std::nullopt;
    if (type && *type != *here) {
      error(call.span, "'" + name->value + "' has different sizes in this probe's binaries", {});
      return std::nullopt;
    }
    type = here;
  }
  return type;
}

std::optional<UserSymbolAddress> userSymbolAddress(const std::string &name,
                                                   const ProbeTarget &target) {
  auto site = findProvider(target.provider)->userCodeSite(target);
  auto image = site ? ElfImage::load(site->binary, nullptr) : nullptr;
  auto symbol = image ? findUserSymbol(*image, name) : std::nullopt;
  if (!symbol)
    return std::nullopt;
  return UserSymbolAddress{symbol->address, image->positionIndependent(), site->address};
}

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

namespace {

// Whether the kernel lets a program load `name` as a per-CPU typed ksym; reports why not.
bool checkPerCpuVariable(const ast::StringLiteral &name, const ReportError &error) {
  BtfTypes *btf = BtfTypes::vmlinux();
  if (!btf) {
    error(name.span, missingBtfMessage("percpu_kaddr()"), {});
    return false;
  }
  if (!btf->perCpuVariableLayers(name.value)) {
    error(name.span, "'" + name.value + "' is not a per-CPU kernel variable",
          "percpu_kaddr() takes a variable of the kernel's .data..percpu section (in its BTF), "
          "such as \"cpu_number\" or \"runqueues\"");
    return false;
  }
  // The verifier looks a typed ksym's address up in the kernel's kallsyms.
  if (!kernelSymbolAddress(name.value)) {
    error(name.span, "this kernel cannot give the address of per-CPU variable '" + name.value + "'",
          "the verifier finds it in kallsyms, which lists variables only in a kernel built "
          "with CONFIG_KALLSYMS_ALL");
    return false;
  }
  return true;
}

} // namespace

std::optional<Type> percpuKaddrType(const ast::Call &call, const Type &cpu,
                                    const ReportError &error) {
  if (call.args.empty() || call.args.size() > 2) {
    error(call.span, "percpu_kaddr() takes a variable name and an optional cpu",
          "write percpu_kaddr(\"cpu_number\") or percpu_kaddr(\"cpu_number\", 0)");
    return std::nullopt;
  }
  auto *name = call.args[0]->as<ast::StringLiteral>();
  if (!name) {
    error(call.args[0]->span, "percpu_kaddr() needs a variable name as a string literal",
          "e.g. percpu_kaddr(\"runqueues\")");
    return std::nullopt;
  }
  if (call.args.size() == 2 && cpu.kind != TypeKind::None && !cpu.isInteger())
    error(call.args[1]->span, "percpu_kaddr()'s cpu must be an integer, not " + cpu.name(), {});
  if (call.args.size() == 2 && !cpu.isInteger())
    return std::nullopt;
  if (!checkPerCpuVariable(*name, error))
    return std::nullopt;
  return Type::integer(8, false);
}

} // namespace bpfscope
