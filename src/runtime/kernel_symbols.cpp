#include "runtime/kernel_symbols.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace bpfscope {

namespace {

// The NAME of "ADDRESS TYPE NAME[\t[MODULE]]"; empty for a malformed line.
std::string_view symbolName(std::string_view line) {
  size_t type = line.find(' ');
  if (type == std::string_view::npos || type + 3 > line.size())
    return {};
  std::string_view name = line.substr(type + 3);
  return name.substr(0, name.find_first_of("\t "));
}

} // namespace

KernelSymbols::KernelSymbols(std::istream &kallsyms) {
  std::string line;
  while (std::getline(kallsyms, line)) {
    uint64_t address = std::strtoull(line.c_str(), nullptr, 16);
    std::string_view name = symbolName(line);
    if (address != 0 && !name.empty())
      by_address_.push_back({address, std::string(name)});
  }
  // Stable: of several symbols at one address, the first listed names it.
  std::stable_sort(by_address_.begin(), by_address_.end(),
                   [](const Entry &a, const Entry &b) { return a.address < b.address; });
}

const KernelSymbols &KernelSymbols::system() {
  static const KernelSymbols table = [] {
    std::ifstream in("/proc/kallsyms");
    return KernelSymbols(in);
  }();
  return table;
}

std::optional<SymbolHit> KernelSymbols::resolve(uint64_t address) const {
  auto after = std::upper_bound(by_address_.begin(), by_address_.end(), address,
                                [](uint64_t a, const Entry &e) { return a < e.address; });
  if (after == by_address_.begin())
    return std::nullopt;
  uint64_t start = std::prev(after)->address;
  auto first = std::lower_bound(by_address_.begin(), after, start,
                                [](const Entry &e, uint64_t a) { return e.address < a; });
  return SymbolHit{first->name, address - start, {}};
}

std::optional<uint64_t> KernelSymbols::addressOf(std::string_view name) const {
  for (const Entry &e : by_address_)
    if (e.name == name)
      return e.address;
  return std::nullopt;
}

} // namespace bpfscope
