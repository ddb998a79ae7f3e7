#include "runtime/symbolizer.h"

#include <fmt/format.h>

namespace bpfscope {

namespace {

std::string symbolText(const SymbolHit &hit, bool with_offset) {
  return with_offset ? hit.name + "+" + std::to_string(hit.offset) : hit.name;
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
  return hit ? symbolText(*hit, with_offset) : hexAddress(address);
}

std::string Symbolizer::userFrame(uint32_t pid, uint64_t address, bool with_offset,
                                  bool with_module) {
  auto hit = user_.resolve(pid, address);
  if (!hit)
    return hexAddress(address) + (with_module ? " ([unknown])" : "");
  return symbolText(*hit, with_offset) + (with_module ? " (" + hit->module + ")" : "");
}

} // namespace bpfscope
