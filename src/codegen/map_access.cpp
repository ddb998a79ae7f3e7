// Reading, writing and updating script maps from BPF code.
#include "codegen/program_emitter.h"

namespace bpfscope {

using namespace ast;

const MapInfo &ProgramEmitter::mapInfo(const std::string &name) const {
  return *program_.findMap(name);
}

llvm::Value *ProgramEmitter::buildKey(const MapInfo &info, const MapAccess &access,
                                      llvm::Value *bucket) {
  uint32_t size = info.key.size + (bucket ? 8 : 0);
  llvm::Value *key = temporary(size, "key");
  // Each element's store writes all of its bytes; only the bytes between
  // them (alignment, a keyless map's uint64 zero) are zeroed. Zeroing the
  // whole key first would stay in the program wherever a helper fills an
  // element (comm): the optimizer cannot see that the helper overwrites it.
  auto offsets = info.key.elementOffsets();
  uint32_t covered = 0;
  for (size_t i = 0; i < access.keys.size(); ++i) {
    if (access.keys[i]->is<WildcardKey>())
      continue; // delete(@m[k, *]): zero, never compared
    if (offsets[i] > covered)
      zeroBytes(bytePointer(key, covered), offsets[i] - covered);
    storeExpr(bytePointer(key, offsets[i]), info.key_types[i], *access.keys[i]);
    covered = offsets[i] + info.key_types[i].size;
  }
  if (info.key.size > covered)
    zeroBytes(bytePointer(key, covered), info.key.size - covered);
  if (bucket)
    b_.CreateAlignedStore(bucket, bytePointer(key, info.key.size), llvm::MaybeAlign(1));
  return key;
}

ProgramEmitter::Val ProgramEmitter::readMap(const MapAccess &access) {
  const MapInfo &info = mapInfo(access.name);
  if (info.value.isAggregate())
    return {readAggregate(info, buildKey(info, access)), false};
  llvm::Value *found = lookupForRead(access);
  // A missing element reads as zero (or an empty string).
  llvm::Value *result = temporary(info.value.size, "map_value");
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *hit = llvm::BasicBlock::Create(m_.context(), "map_hit", fn);
  auto *miss = llvm::BasicBlock::Create(m_.context(), "map_miss", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "map_done", fn);
  b_.CreateCondBr(b_.CreateIsNull(found), miss, hit);
  b_.SetInsertPoint(hit);
  // Map values start 8-byte aligned: say so, or every load becomes byte loads.
  copyBytes(result, found, info.value.size, 8);
  b_.CreateBr(done);
  b_.SetInsertPoint(miss);
  zeroBytes(result, info.value.size);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return loadValue(result, info.value);
}

void ProgramEmitter::writeMap(const MapAccess &access, const Expr &value) {
  forgetLookups(access.name);
  const MapInfo &info = mapInfo(access.name);
  llvm::Value *key = buildKey(info, access);
  llvm::Value *slot = temporary(info.value.size, "map_value");
  storeExpr(slot, info.value, value);
  m_.mapUpdate(maps_.user.at(access.name), key, slot);
}

llvm::Value *
ProgramEmitter::updateMapInteger(const MapAccess &access,
                                 const std::function<llvm::Value *(llvm::Value *)> &op) {
  forgetLookups(access.name);
  const MapInfo &info = mapInfo(access.name);
  llvm::GlobalVariable *map = maps_.user.at(access.name);
  llvm::Value *key = buildKey(info, access);
  llvm::Value *found = m_.mapLookup(map, key);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *hit = llvm::BasicBlock::Create(m_.context(), "rmw_hit", fn);
  auto *miss = llvm::BasicBlock::Create(m_.context(), "rmw_miss", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "rmw_done", fn);
  b_.CreateCondBr(b_.CreateIsNull(found), miss, hit);

  b_.SetInsertPoint(hit);
  llvm::Value *updated_hit = op(b_.CreateLoad(b_.getInt64Ty(), found));
  b_.CreateStore(updated_hit, found);
  b_.CreateBr(done);
  hit = b_.GetInsertBlock();

  b_.SetInsertPoint(miss);
  llvm::Value *updated_miss = op(b_.getInt64(0));
  llvm::Value *slot = temporary(8, "new_value");
  b_.CreateStore(updated_miss, slot);
  m_.mapUpdate(map, key, slot);
  b_.CreateBr(done);
  miss = b_.GetInsertBlock();

  b_.SetInsertPoint(done);
  llvm::PHINode *result = b_.CreatePHI(b_.getInt64Ty(), 2);
  result->addIncoming(updated_hit, hit);
  result->addIncoming(updated_miss, miss);
  return result;
}

} // namespace bpfscope
