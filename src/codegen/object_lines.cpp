#include "codegen/source_map.h"

#include <llvm/DebugInfo/DWARF/DWARFContext.h>
#include <llvm/Object/ObjectFile.h>

namespace bpfscope {
namespace {

constexpr uint64_t kInstructionBytes = 8;

// Where the function symbol `name` starts: its section and offset in it.
std::optional<llvm::object::SectionedAddress> functionStart(const llvm::object::ObjectFile &file,
                                                            const std::string &name) {
  for (const llvm::object::SymbolRef &symbol : file.symbols()) {
    auto symbol_name = symbol.getName();
    if (!symbol_name) {
      llvm::consumeError(symbol_name.takeError());
      continue;
    }
    if (*symbol_name != name)
      continue;
    auto address = symbol.getAddress();
    auto section = symbol.getSection();
    if (!address || !section) {
      llvm::consumeError(address.takeError());
      llvm::consumeError(section.takeError());
      return std::nullopt;
    }
    return llvm::object::SectionedAddress{*address, (*section)->getIndex()};
  }
  return std::nullopt;
}

// The line:column of the last line-table row at or before `target` in its
// section. Rows with line 0 belong to code without a script location.
std::optional<LineColumn> rowAt(llvm::DWARFContext &dwarf, llvm::object::SectionedAddress target) {
  std::optional<LineColumn> found;
  uint64_t found_address = 0;
  for (const auto &unit : dwarf.compile_units()) {
    const llvm::DWARFDebugLine::LineTable *table = dwarf.getLineTableForUnit(unit.get());
    if (!table)
      continue;
    for (const llvm::DWARFDebugLine::Row &row : table->Rows) {
      if (row.EndSequence || row.Line == 0 || row.Address.SectionIndex != target.SectionIndex ||
          row.Address.Address > target.Address)
        continue;
      if (!found || row.Address.Address >= found_address) {
        found = LineColumn{static_cast<int>(row.Line), static_cast<int>(row.Column)};
        found_address = row.Address.Address;
      }
    }
  }
  return found;
}

} // namespace

std::optional<LineColumn> instructionLine(const std::vector<uint8_t> &object,
                                          const std::string &function, uint64_t instruction) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(object.data()), object.size());
  auto file = llvm::object::ObjectFile::createObjectFile(llvm::MemoryBufferRef(bytes, "bpf"));
  if (!file) {
    llvm::consumeError(file.takeError());
    return std::nullopt;
  }
  auto start = functionStart(**file, function);
  if (!start)
    return std::nullopt;
  auto dwarf = llvm::DWARFContext::create(**file);
  llvm::object::SectionedAddress target{start->Address + instruction * kInstructionBytes,
                                        start->SectionIndex};
  return rowAt(*dwarf, target);
}

} // namespace bpfscope
