// Kernel symbols from /proc/kallsyms, for kstack, ksym() and kaddr(): read
// once, on first use, because the file holds ~100k lines and most scripts
// never need it.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// An address resolved to the symbol that holds it.
struct SymbolHit {
  std::string name;
  uint64_t offset = 0; // from the symbol's start
  std::string module;  // the object that holds it (user space: its path; kernel: empty)
};

class KernelSymbols {
public:
  // Parses kallsyms text ("ADDRESS TYPE NAME [MODULE]" per line).
  explicit KernelSymbols(std::istream &kallsyms);

  // The machine's table, read from /proc/kallsyms on the first call.
  static const KernelSymbols &system();

  // The symbol at or below `address`; nullopt below the first symbol or when
  // kallsyms hides addresses (all zero without CAP_SYSLOG).
  std::optional<SymbolHit> resolve(uint64_t address) const;
  std::optional<uint64_t> addressOf(std::string_view name) const;

private:
  struct Entry {
    uint64_t address;
    std::string name;
  };
  std::vector<Entry> by_address_;
};

} // namespace bpfscope
