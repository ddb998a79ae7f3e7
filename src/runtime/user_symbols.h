// User-space symbols for ustack and usym(): an address in a process is found
// in the process's memory map (/proc/PID/maps), translated from the mapping's
// load address to the mapped object's own addresses (PIE executables and
// shared libraries load at a bias), and named from the object's symbol
// tables, or from its separate debug file when one is installed. A process
// in another mount namespace has its objects read through /proc/PID/root.
#pragma once

#include "providers/elf_image.h"
#include "runtime/kernel_symbols.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

class UserSymbols {
public:
  // `proc` and `debug_root` stand for /proc and /usr/lib/debug (tests change them).
  explicit UserSymbols(std::string proc = "/proc", std::string debug_root = "/usr/lib/debug");

  // nullopt when the process is gone, the address is in no file mapping, or
  // the object has no symbol there.
  std::optional<SymbolHit> resolve(uint32_t pid, uint64_t address);

private:
  struct Mapping {
    uint64_t start = 0, end = 0, offset = 0;
    std::string path; // as the process names it
    std::string file; // where bpfscope reads it
  };
  // The symbol tables of one mapped object: its own and its debug file's.
  struct ObjectSymbols {
    std::shared_ptr<const ElfImage> image;
    std::shared_ptr<const ElfImage> debug;
  };

  const Mapping *mappingOf(uint32_t pid, uint64_t address);
  std::vector<Mapping> readMappings(uint32_t pid) const;
  const ObjectSymbols &objectSymbols(const std::string &path);
  std::shared_ptr<const ElfImage> debugFileOf(const std::string &path, const ElfImage &image) const;

  std::string proc_;
  std::string debug_root_;
  // Cached per process: a process's map is read again only for an address it
  // does not cover (a library loaded since). An exited process keeps what was read.
  std::map<uint32_t, std::vector<Mapping>> mappings_;
  std::map<std::string, ObjectSymbols> objects_; // by path
};

} // namespace bpfscope
