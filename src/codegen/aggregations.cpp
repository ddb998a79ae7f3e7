// Aggregation updates (count, sum, min, max, avg, stats, hist, lhist). Each
// lives in a per-CPU hash map and is updated in place on the current CPU's
// slot; the runtime combines the CPUs when it reads the map. Value layouts
// are fixed in sema/types.h.
#include "codegen/program_emitter.h"

namespace bpfscope {

using namespace ast;

void ProgramEmitter::emitAggregate(const MapAccess &access, const Call &call) {
  const MapInfo &info = mapInfo(access.name);
  llvm::GlobalVariable *map = maps_.user.at(access.name);
  llvm::Value *x = call.args.empty() ? nullptr : emitInt(*call.args[0]);
  switch (info.value.kind) {
  case TypeKind::Count:
    return addToSlot(map, buildKey(info, access), b_.getInt64(1));
  case TypeKind::Sum:
    return addToSlot(map, buildKey(info, access), x);
  case TypeKind::Min:
  case TypeKind::Max:
    return emitMinMax(map, buildKey(info, access), x, info.value.kind == TypeKind::Min,
                      info.value.is_signed);
  case TypeKind::Avg:
  case TypeKind::Stats:
    return emitAverage(map, buildKey(info, access), x);
  case TypeKind::Hist:
    return addToSlot(map, buildKey(info, access, log2Bucket(x)), b_.getInt64(1));
  case TypeKind::LHist:
    return addToSlot(map, buildKey(info, access, linearBucket(x, info.value)), b_.getInt64(1));
  default:
    return;
  }
}

// Runs `on_hit(slot)` when the key exists, else inserts the value `on_miss` fills.
static void lookupOrInsert(BpfModule &m, llvm::GlobalVariable *map, llvm::Value *key,
                           uint32_t value_size, const std::function<void(llvm::Value *)> &on_hit,
                           const std::function<void(llvm::Value *)> &on_miss) {
  llvm::IRBuilder<> &b = m.builder();
  llvm::Value *found = m.mapLookup(map, key);
  llvm::Function *fn = b.GetInsertBlock()->getParent();
  auto *hit = llvm::BasicBlock::Create(m.context(), "agg_hit", fn);
  auto *miss = llvm::BasicBlock::Create(m.context(), "agg_miss", fn);
  auto *done = llvm::BasicBlock::Create(m.context(), "agg_done", fn);
  b.CreateCondBr(b.CreateIsNull(found), miss, hit);
  b.SetInsertPoint(hit);
  on_hit(found);
  b.CreateBr(done);
  b.SetInsertPoint(miss);
  llvm::AllocaInst *initial =
      m.createEntryAlloca(llvm::ArrayType::get(b.getInt64Ty(), value_size / 8), "initial");
  b.CreateLifetimeStart(initial);
  on_miss(initial);
  m.mapUpdate(map, key, initial);
  b.CreateLifetimeEnd(initial);
  b.CreateBr(done);
  b.SetInsertPoint(done);
}

void ProgramEmitter::addToSlot(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *delta) {
  lookupOrInsert(
      m_, map, key, 8,
      [&](llvm::Value *slot) {
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), slot), delta), slot);
      },
      [&](llvm::Value *slot) { b_.CreateStore(delta, slot); });
}

// {int64 value; uint64 valid}
void ProgramEmitter::emitMinMax(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *x,
                                bool is_min, bool is_signed) {
  lookupOrInsert(
      m_, map, key, 16,
      [&](llvm::Value *slot) {
        llvm::Value *valid_slot = bytePointer(slot, 8);
        llvm::Value *current = b_.CreateLoad(b_.getInt64Ty(), slot);
        llvm::Value *valid = b_.CreateLoad(b_.getInt64Ty(), valid_slot);
        llvm::Value *better =
            is_min ? (is_signed ? b_.CreateICmpSLT(x, current) : b_.CreateICmpULT(x, current))
                   : (is_signed ? b_.CreateICmpSGT(x, current) : b_.CreateICmpUGT(x, current));
        llvm::Value *take = b_.CreateOr(better, b_.CreateICmpEQ(valid, b_.getInt64(0)));
        b_.CreateStore(b_.CreateSelect(take, x, current), slot);
        b_.CreateStore(b_.getInt64(1), valid_slot);
      },
      [&](llvm::Value *slot) {
        b_.CreateStore(x, slot);
        b_.CreateStore(b_.getInt64(1), bytePointer(slot, 8));
      });
}

// {int64 total; uint64 count}
void ProgramEmitter::emitAverage(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *x) {
  lookupOrInsert(
      m_, map, key, 16,
      [&](llvm::Value *slot) {
        llvm::Value *count_slot = bytePointer(slot, 8);
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), slot), x), slot);
        b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), count_slot), b_.getInt64(1)),
                       count_slot);
      },
      [&](llvm::Value *slot) {
        b_.CreateStore(x, slot);
        b_.CreateStore(b_.getInt64(1), bytePointer(slot, 8));
      });
}

// hist() buckets: 0 for negatives, 1 for zero, 2 + floor(log2(x)) otherwise.
llvm::Value *ProgramEmitter::log2Bucket(llvm::Value *x) {
  llvm::Value *v = x;
  llvm::Value *log = b_.getInt64(0);
  for (unsigned shift : {32u, 16u, 8u, 4u, 2u, 1u}) {
    llvm::Value *big = b_.CreateICmpUGE(v, b_.getInt64(1ULL << shift));
    v = b_.CreateSelect(big, b_.CreateLShr(v, shift), v);
    log = b_.CreateSelect(big, b_.CreateAdd(log, b_.getInt64(shift)), log);
  }
  llvm::Value *positive = b_.CreateAdd(log, b_.getInt64(2));
  llvm::Value *bucket =
      b_.CreateSelect(b_.CreateICmpEQ(x, b_.getInt64(0)), b_.getInt64(1), positive);
  return b_.CreateSelect(b_.CreateICmpSLT(x, b_.getInt64(0)), b_.getInt64(0), bucket);
}

// lhist() buckets: 0 below min, 1 + (x - min) / step inside, 1 + (max - min) / step above max.
llvm::Value *ProgramEmitter::linearBucket(llvm::Value *x, const Type &lhist) {
  llvm::Value *min = b_.getInt64(lhist.lhist_min);
  llvm::Value *max = b_.getInt64(lhist.lhist_max);
  uint64_t overflow = 1 + (lhist.lhist_max - lhist.lhist_min) / lhist.lhist_step;
  llvm::Value *inside = b_.CreateAdd(
      b_.CreateUDiv(b_.CreateSub(x, min), b_.getInt64(lhist.lhist_step)), b_.getInt64(1));
  llvm::Value *bucket = b_.CreateSelect(b_.CreateICmpSGT(x, max), b_.getInt64(overflow), inside);
  return b_.CreateSelect(b_.CreateICmpSLT(x, min), b_.getInt64(0), bucket);
}

} // namespace bpfscope
