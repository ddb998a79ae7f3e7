// The parameters of a user binary's functions, read from its DWARF debug info
// (elfutils' libdw) for uprobe `args` and `-lv` listings. Each parameter is
// typed as scripts see it: integers, pointers into the traced process's
// memory, and pointers to structs whose fields come from the same DWARF. Only
// the first six integer or pointer arguments are in registers (x86-64 System
// V ABI); floats and structs passed by value are described but unreadable.
#pragma once

#include "sema/struct_def.h"
#include "sema/types.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

typedef struct Dwarf Dwarf; // elfutils/libdw.h

namespace bpfscope {

struct DwarfParameter {
  std::string name;
  std::string c_type; // as bpftrace lists it: "int", "const char*", "struct Foo*"
  Type type;          // none when unreadable
  // Which integer argument register holds it: argN's N.
  std::optional<unsigned> register_index;
  // Why a probe cannot read it; empty when it can.
  std::string unreadable;
};

class DwarfInfo {
public:
  // The debug info of the binary at `path`, read once per process; null when
  // the file has none (built without -g, or stripped).
  static std::shared_ptr<const DwarfInfo> load(const std::string &path);

  ~DwarfInfo();
  DwarfInfo(const DwarfInfo &) = delete;
  DwarfInfo &operator=(const DwarfInfo &) = delete;

  // The parameters of `function` (its name, or its C++ linkage name); nullopt
  // when no function of that name has debug info. Asking again gives the
  // same types (the same struct definitions).
  const std::vector<DwarfParameter> *parameters(const std::string &function) const;

private:
  DwarfInfo(int fd, Dwarf *dwarf) : fd_(fd), dwarf_(dwarf) {}

  class TypeReader;

  int fd_;
  Dwarf *dwarf_;
  // Each function's DIE offset by name, indexed on the first look-up.
  mutable std::optional<std::unordered_map<std::string, uint64_t>> function_offsets_;
  // Parameters by function DIE offset, read once so their types stay the same.
  mutable std::map<uint64_t, std::vector<DwarfParameter>> parameters_;
  // Struct and union definitions by DIE offset; they live as long as this
  // info, which the process keeps.
  mutable std::map<uint64_t, std::unique_ptr<const StructDef>> structs_;
};

} // namespace bpfscope
