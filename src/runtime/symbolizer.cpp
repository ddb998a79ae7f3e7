#include "runtime/symbolizer.h"

#include "providers/cpp_symbols.h"

#include <fmt/format.h>

namespace bpfscope {

namespace {

std::string symbolText(const std::string &name, uint64_t offset, bool with_offset) {
  return with_offset ? name + "+" + std::to_string(offset) : name;
}

std::string hexAddress(uint64_t address) {
  return fmt::format("0x{:x}", address);
}

} // namespace

Symbolizer::Symbolizer(std::function<const KernelSymbols &()> kernel, UserSymbols user)
    : kernel_(std::move(kernel)), user_(std::move(user)) {}

Symbolizer &Symbolizer::process() {
  static Symbolizer symbolizer(&KernelSymbols::system, UserSymbols());
  return symbolizer;
}

std::string Symbolizer::kernelFrame(uint64_t address, bool with_offset) {
  auto hit = kernel_().resolve(address);
  return hit ? symbolText(hit->name, hit->offset, with_offset) : hexAddress(address);
}

std::string Symbolizer::userFrame(uint32_t pid, uint64_t address, bool with_offset,
                                  bool with_module) {
  auto hit = user_.resolve(pid, address);
  if (!hit)
    return hexAddress(address) + (with_module ? " ([unknown])" : "");
  const std::string &name = demangle_ ? demangled(hit->name) : hit->name;
  return symbolText(name, hit->offset, with_offset) + (with_module ? " (" + hit->module + ")" : "");
}

const std::string &Symbolizer::demangled(const std::string &name) {
  auto found = demangled_.find(name);
  if (found == demangled_.end())
    found = demangled_.emplace(name, demangleSymbol(name)).first;
  return found->second;
}

} // namespace bpfscope
