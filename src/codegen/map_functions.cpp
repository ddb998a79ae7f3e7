// Functions of a map: has_key(@m, k), find(@m, k, $v), len(@m) and
// delete(@m, k) (with a `*` key: wildcard_delete.cpp). Sema has already
// moved each key into the map access. len() also counts a stack's frames.
#include "codegen/program_emitter.h"

#include <llvm/IR/Constants.h>

#include <algorithm>

namespace bpfscope {

using namespace ast;

ProgramEmitter::Val ProgramEmitter::emitMapFunction(const Call &call) {
  if (call.name == "len" && call.args[0]->type.kind == TypeKind::Stack)
    return {emitStackDepth(*call.args[0]), false};
  const auto &access = *call.args[0]->as<MapAccess>();
  if (call.name == "len")
    return {emitLen(access), false};
  if (call.name == "find")
    return {emitFind(call), false};
  bool wildcard = std::any_of(access.keys.begin(), access.keys.end(),
                              [](const ExprPtr &k) { return k->is<WildcardKey>(); });
  if (call.name == "delete" && wildcard) {
    forgetLookups(access.name);
    return {emitWildcardDelete(access), false};
  }
  llvm::GlobalVariable *map = maps_.user.at(access.name);
  llvm::Value *key = keyOf(access);
  llvm::Value *hit;
  if (call.name == "delete") {
    forgetLookups(access.name);
    hit = b_.CreateICmpEQ(m_.mapDelete(map, key), b_.getInt64(0));
    if (access.keys.empty() && isCombinedAggregate(mapInfo(access.name).value))
      restartAggregate(map, key, mapInfo(access.name).value.size);
  } else {
    hit = b_.CreateIsNotNull(m_.mapLookup(map, key));
  }
  return {b_.CreateZExt(hit, b_.getInt64Ty()), false};
}

// count/sum/min/max/avg/stats: one value per CPU, which the runtime combines.
bool ProgramEmitter::isCombinedAggregate(const Type &value) {
  switch (value.kind) {
  case TypeKind::Count:
  case TypeKind::Sum:
  case TypeKind::Min:
  case TypeKind::Max:
  case TypeKind::Avg:
  case TypeKind::Stats:
    return true;
  default:
    return false;
  }
}

// delete(@) of a map without keys: as in the newest bpftrace the map stays,
// at zero (`@: 0`). A new element of a per-CPU map is zero on every CPU but
// the one whose value the update gives.
void ProgramEmitter::restartAggregate(llvm::GlobalVariable *map, llvm::Value *key,
                                      uint32_t value_size) {
  llvm::Value *zero = zeroedTemporary(value_size, "restarted_value");
  m_.mapUpdate(map, key, zero, BPF_ANY);
}

// One lookup: on a hit the value is copied into the variable.
llvm::Value *ProgramEmitter::emitFind(const Call &call) {
  const auto &access = *call.args[0]->as<MapAccess>();
  const auto &out = *call.args[1]->as<Variable>();
  const MapInfo &info = mapInfo(access.name);
  llvm::Value *found = m_.mapLookup(maps_.user.at(access.name), buildKey(info, access));
  llvm::Value *hit = b_.CreateIsNotNull(found);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *copy = llvm::BasicBlock::Create(m_.context(), "find_copy", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "find_done", fn);
  b_.CreateCondBr(hit, copy, done);
  b_.SetInsertPoint(copy);
  storeVariable(out, loadValue(found, info.value), info.value);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateZExt(hit, b_.getInt64Ty());
}

// bpf_for_each_map_elem returns how many elements it visited; the callback
// only asks it to go on.
llvm::Value *ProgramEmitter::emitLen(const MapAccess &access) {
  const char *name = "visit_every_element";
  llvm::Function *callback = m_.module().getFunction(name);
  if (!callback)
    callback = m_.buildCallback(name, [&](llvm::Function *) { b_.CreateRet(b_.getInt64(0)); });
  llvm::Value *no_context = llvm::ConstantPointerNull::get(b_.getPtrTy());
  return m_.forEachMapElem(maps_.user.at(access.name), callback, no_context);
}

} // namespace bpfscope
