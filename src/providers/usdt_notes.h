// The USDT probes an ELF file declares: one SystemTap SDT note (owner
// "stapsdt", type 3, in .note.stapsdt) per probe site.
#pragma once

#include "providers/elf_image.h"

#include <cstdint>
#include <string>
#include <vector>

namespace bpfscope {

// The section sys/sdt.h writes the notes to.
inline constexpr const char *kUsdtNoteSection = ".note.stapsdt";

struct UsdtProbe {
  std::string provider;
  std::string name;
  uint64_t address = 0;   // the probe's instruction, as linked
  uint64_t semaphore = 0; // the address of its semaphore (a uint16), 0 when it has none
  std::string arguments;  // the argument specs (usdt_arguments.h)
};

// In note order. Addresses are corrected when the file was prelinked after
// the notes were written (the .stapsdt.base section moved).
std::vector<UsdtProbe> usdtProbes(const ElfImage &image);

} // namespace bpfscope
