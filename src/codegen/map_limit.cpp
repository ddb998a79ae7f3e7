#include "codegen/map_limit.h"

#include "codegen/source_map.h"

#include <llvm/IR/Constants.h>
#include <llvm/IR/DebugInfoMetadata.h>
#include <llvm/IR/GlobalVariable.h>
#include <llvm/IR/InstIterator.h>
#include <llvm/IR/Instructions.h>
#include <llvm/IR/Module.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bpfscope {
namespace {

// The kernel map a global stands for: each global of the .maps section is a
// map, and libbpf loads each data section (.rodata's string tables,
// .data.helper_failures) as one array map, however many globals it holds.
std::optional<std::string> kernelMapOf(const llvm::Value *value) {
  auto *global = llvm::dyn_cast<llvm::GlobalVariable>(value);
  if (!global)
    return std::nullopt;
  llvm::StringRef section = global->getSection();
  if (section == ".maps")
    return global->getName().str();
  if (section.starts_with(".rodata") || section.starts_with(".data") || section.starts_with(".bss"))
    return section.str();
  return std::nullopt;
}

// Every global standing for a map that `value` refers to, looking through
// constant expressions.
void collectMaps(const llvm::Value *value, std::vector<const llvm::GlobalVariable *> &out) {
  if (kernelMapOf(value)) {
    out.push_back(llvm::cast<llvm::GlobalVariable>(value));
    return;
  }
  if (auto *expr = llvm::dyn_cast<llvm::ConstantExpr>(value))
    for (const llvm::Use &operand : expr->operands())
      collectMaps(operand.get(), out);
}

struct MapUse {
  const llvm::GlobalVariable *map;
  const llvm::Instruction *first_use;
};

// The maps a program uses, each with its first use, in instruction order; the
// functions it calls (map loop bodies) are part of the same BPF program.
std::vector<MapUse> mapsUsedBy(const llvm::Function &program) {
  std::vector<MapUse> uses;
  std::set<std::string> seen; // kernelMapOf each map used
  std::set<const llvm::Function *> visited;
  std::vector<const llvm::Function *> pending{&program};
  while (!pending.empty()) {
    const llvm::Function *function = pending.back();
    pending.pop_back();
    if (!visited.insert(function).second)
      continue;
    for (const llvm::Instruction &instruction : llvm::instructions(*function)) {
      for (const llvm::Use &operand : instruction.operands()) {
        if (auto *callee = llvm::dyn_cast<llvm::Function>(operand.get());
            callee && !callee->isDeclaration())
          pending.push_back(callee);
        std::vector<const llvm::GlobalVariable *> maps;
        collectMaps(operand.get(), maps);
        for (const llvm::GlobalVariable *map : maps)
          if (seen.insert(*kernelMapOf(map)).second)
            uses.push_back({map, &instruction});
      }
    }
  }
  return uses;
}

std::optional<Span> spanOf(const llvm::Instruction &instruction, const SourceMap &locations,
                           const SourceFile &source) {
  const llvm::DebugLoc &at = instruction.getDebugLoc();
  if (!at)
    return std::nullopt;
  return locations.spanAt({static_cast<int>(at.getLine()), static_cast<int>(at.getCol())}, source);
}

bool isScriptMap(const llvm::GlobalVariable &map) {
  return map.getName().starts_with("AT_");
}

} // namespace

bool checkMapsPerProgram(const llvm::Module &module, const CheckedProgram &program,
                         const SourceMap &locations, Diagnostics &diags) {
  bool fits = true;
  for (const auto &unit : program.units) {
    const llvm::Function *function = module.getFunction(unit.function_name);
    if (!function)
      continue;
    std::vector<MapUse> uses = mapsUsedBy(*function);
    if (uses.size() <= kMaxMapsPerProgram)
      continue;
    fits = false;
    size_t internal_maps = 0;
    for (const MapUse &use : uses)
      internal_maps += !isScriptMap(*use.map);
    std::string message = unit.target.canonical + " uses " + std::to_string(uses.size()) +
                          " BPF maps, and the kernel allows at most " +
                          std::to_string(kMaxMapsPerProgram) + " in one program";
    if (internal_maps)
      message += " (" + std::to_string(internal_maps) +
                 " of them bpfscope's own, for output, scratch memory, tables and counters)";
    std::string hint = "use fewer maps in this probe: one map with a key (@m[\"a\"], @m[\"b\"]) "
                       "instead of many maps, or split the work across probes";
    const MapUse &over = uses[kMaxMapsPerProgram];
    if (auto span = spanOf(*over.first_use, locations, diags.source()))
      diags.error(*span, message, hint);
    else
      diags.error(message, hint);
  }
  return fits;
}

} // namespace bpfscope
