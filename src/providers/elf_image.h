// The parts of an ELF file that user-space probing needs, read once with
// libelf: its function symbols (.symtab and .dynsym) and its loadable
// segments, which translate between the addresses symbols carry and the file
// offsets uprobes attach at (and back, to symbolize user stacks); and for
// USDT and uaddr(), its notes, section addresses and data symbols.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

struct ElfFunction {
  std::string name;
  uint64_t address = 0; // st_value: a virtual address as linked
  uint64_t size = 0;
};

struct ElfSegment {
  uint64_t address = 0; // p_vaddr
  uint64_t size = 0;    // p_memsz
  uint64_t offset = 0;  // p_offset
};

// One entry of an SHT_NOTE section.
struct ElfNote {
  std::string section; // ".note.stapsdt"
  std::string owner;   // the note's name field: "stapsdt"
  uint32_t type = 0;
  std::string desc; // the descriptor's raw bytes
};

// A variable (STT_OBJECT symbol): where it is linked and how many bytes it holds.
struct ElfDataSymbol {
  uint64_t address = 0;
  uint64_t size = 0;
};

// What USDT and uaddr() read beyond functions and segments.
struct ElfMetadata {
  std::vector<ElfNote> notes;
  std::map<std::string, uint64_t, std::less<>> section_addresses;
  std::map<std::string, ElfDataSymbol, std::less<>> data_symbols;
  // ET_DYN (a PIE or a shared library): loaded at a base chosen at run time,
  // so its symbols' addresses are offsets from that base.
  bool position_independent = false;
};

// Where a separate debug file with the full symbol table may be found.
struct ElfDebugLinks {
  std::string build_id;   // the GNU build-id note, lower-case hex
  std::string debug_link; // the file name in .gnu_debuglink
};

class ElfImage {
public:
  // The image of `path`, read once per process and then shared. Null with
  // *error set when the file is missing or not an ELF file.
  static std::shared_ptr<const ElfImage> load(const std::string &path, std::string *error);

  // Whether `path` is an ELF file with a section of that name, read from its
  // section headers alone: a cheap test before load() reads every symbol.
  static bool hasSection(const std::string &path, std::string_view name);

  // Builds an image from parts (tests).
  ElfImage(std::vector<ElfFunction> functions, std::vector<ElfSegment> segments,
           ElfMetadata metadata = {}, ElfDebugLinks links = {});

  // Unique function names, sorted.
  const std::vector<std::string> &functionNames() const { return names_; }
  const ElfFunction *findFunction(std::string_view name) const;
  // The function whose [address, address + size) holds `address`; for a
  // zero-size symbol, the nearest one below within its segment.
  const ElfFunction *functionAt(uint64_t address) const;

  std::optional<uint64_t> fileOffsetOf(uint64_t address) const;
  std::optional<uint64_t> addressOfFileOffset(uint64_t offset) const;

  const std::vector<ElfNote> &notes() const { return metadata_.notes; }
  std::optional<uint64_t> sectionAddress(std::string_view name) const;
  std::optional<uint64_t> dataSymbolAddress(std::string_view name) const;
  const ElfDataSymbol *findDataSymbol(std::string_view name) const;
  bool positionIndependent() const { return metadata_.position_independent; }
  // Where a separate debug file with the full symbol table may be found:
  // the GNU build-id note in lower-case hex, and the .gnu_debuglink file name
  // ("" when absent).
  const ElfDebugLinks &debugLinks() const { return links_; }

private:
  std::vector<ElfFunction> by_address_; // sorted by address, preferred alias first
  std::vector<std::string> names_;
  std::map<std::string, size_t, std::less<>> index_by_name_; // into by_address_
  std::vector<ElfSegment> segments_;                         // PT_LOAD, in file order
  ElfMetadata metadata_;
  ElfDebugLinks links_;
};

} // namespace bpfscope
