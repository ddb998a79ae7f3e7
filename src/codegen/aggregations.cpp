// Aggregation updates (count, sum, min, max, avg, stats, hist, lhist). Each
// lives in a per-CPU hash map and is updated in place on the current CPU's
// slot; the runtime combines the CPUs when it reads the map. Value layouts
// are fixed in sema/types.h.
#include "codegen/program_emitter.h"

namespace bpfscope {

using namespace ast;

void ProgramEmitter::emitAggregate(const MapAccess &access, const Call &call) {
  forgetLookups(access.name);
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
    return addToSlot(map, buildKey(info, access, log2Bucket(x, info.value.hist_bits)),
                     b_.getInt64(1));
  case TypeKind::LHist:
    return addToSlot(map, buildKey(info, access, linearBucket(x, info.value)), b_.getInt64(1));
  case TypeKind::TSeries:
    return emitTimeSeries(map, info, access, x);
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

// An atomic add, though the slot is this CPU's: a program preempted on its CPU
// (tracing programs run with migration, not preemption, disabled) cannot lose
// another's increment, and BPF's atomic add is one instruction where a load,
// add and store are three.
void ProgramEmitter::addToSlot(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *delta) {
  lookupOrInsert(
      m_, map, key, 8,
      [&](llvm::Value *slot) {
        b_.CreateAtomicRMW(llvm::AtomicRMWInst::Add, slot, delta, llvm::MaybeAlign(8),
                           llvm::AtomicOrdering::Monotonic);
      },
      [&](llvm::Value *slot) { b_.CreateStore(delta, slot); });
}

// Whether x replaces `current` as the minimum (is_min) or maximum.
llvm::Value *ProgramEmitter::beats(llvm::Value *x, llvm::Value *current, bool is_min,
                                   bool is_signed) {
  if (is_min)
    return is_signed ? b_.CreateICmpSLT(x, current) : b_.CreateICmpULT(x, current);
  return is_signed ? b_.CreateICmpSGT(x, current) : b_.CreateICmpUGT(x, current);
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
        llvm::Value *take = b_.CreateOr(beats(x, current, is_min, is_signed),
                                        b_.CreateICmpEQ(valid, b_.getInt64(0)));
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

// tseries(): the interval number (TAI time / interval, as bpftrace's) picks
// the bucket, number % intervals. {int64 value; uint64 meta; uint64 interval}:
// a bucket last written in an older interval starts over from value = meta = 0.
void ProgramEmitter::emitTimeSeries(llvm::GlobalVariable *map, const MapInfo &info,
                                    const MapAccess &access, llvm::Value *x) {
  const Type &series = info.value;
  llvm::Value *now = m_.ktimeGetTaiNs();
  llvm::Value *interval = b_.CreateUDiv(now, b_.getInt64(series.tseries_interval_ns));
  llvm::Value *bucket = b_.CreateURem(interval, b_.getInt64(series.tseries_intervals));
  auto store = [&](llvm::Value *slot, llvm::Value *value, llvm::Value *meta) {
    auto [next_value, next_meta] = timeSeriesStep(series, value, meta, x, now);
    b_.CreateStore(next_value, slot);
    b_.CreateStore(next_meta, bytePointer(slot, 8));
    b_.CreateStore(interval, bytePointer(slot, 16));
  };
  lookupOrInsert(
      m_, map, buildKey(info, access, bucket), 24,
      [&](llvm::Value *slot) {
        llvm::Value *current =
            b_.CreateICmpEQ(b_.CreateLoad(b_.getInt64Ty(), bytePointer(slot, 16)), interval);
        llvm::Value *zero = b_.getInt64(0);
        store(slot, b_.CreateSelect(current, b_.CreateLoad(b_.getInt64Ty(), slot), zero),
              b_.CreateSelect(current, b_.CreateLoad(b_.getInt64Ty(), bytePointer(slot, 8)), zero));
      },
      [&](llvm::Value *slot) { store(slot, b_.getInt64(0), b_.getInt64(0)); });
}

// The interval's {value, meta} after recording x: the last value and its
// time, a running sum, a sum and count (avg), or min/max with a valid flag.
std::pair<llvm::Value *, llvm::Value *>
ProgramEmitter::timeSeriesStep(const Type &series, llvm::Value *value, llvm::Value *meta,
                               llvm::Value *x, llvm::Value *now) {
  switch (series.tseries_agg) {
  case TSeriesAgg::Last:
    return {x, now};
  case TSeriesAgg::Sum:
    return {b_.CreateAdd(value, x), meta};
  case TSeriesAgg::Avg:
    return {b_.CreateAdd(value, x), b_.CreateAdd(meta, b_.getInt64(1))};
  case TSeriesAgg::Min:
  case TSeriesAgg::Max: {
    bool is_min = series.tseries_agg == TSeriesAgg::Min;
    llvm::Value *take = b_.CreateOr(beats(x, value, is_min, series.is_signed),
                                    b_.CreateICmpEQ(meta, b_.getInt64(0)));
    return {b_.CreateSelect(take, x, value), b_.getInt64(1)};
  }
  }
  return {x, now};
}

// hist(x, k) buckets, as bpftrace numbers them: 0 for negatives; with
// N = 2^k buckets per power of two, x < N has bucket x + 1, and a larger x
// whose highest set bit is r has ((r - k + 1) << k) + (the k bits below r) + 1.
// With k = 0 that is 1 for zero and 2 + floor(log2(x)) above.
llvm::Value *ProgramEmitter::log2Bucket(llvm::Value *x, uint32_t bits) {
  llvm::Value *log = highestSetBit(x);
  llvm::Value *negative = b_.CreateICmpSLT(x, b_.getInt64(0));
  if (bits == 0) { // plain hist(x): fewer live values, fewer instructions on every event
    llvm::Value *bucket = b_.CreateSelect(b_.CreateICmpEQ(x, b_.getInt64(0)), b_.getInt64(1),
                                          b_.CreateAdd(log, b_.getInt64(2)));
    return b_.CreateSelect(negative, b_.getInt64(0), bucket);
  }
  uint64_t per_power = uint64_t{1} << bits;
  llvm::Value *below_top = b_.CreateSub(log, b_.getInt64(bits));
  llvm::Value *sub_bucket = b_.CreateAnd(b_.CreateLShr(x, below_top), b_.getInt64(per_power - 1));
  llvm::Value *large = b_.CreateAdd(
      b_.CreateAdd(b_.CreateShl(b_.CreateAdd(below_top, b_.getInt64(1)), bits), sub_bucket),
      b_.getInt64(1));
  llvm::Value *small = b_.CreateAdd(x, b_.getInt64(1));
  llvm::Value *bucket = b_.CreateSelect(b_.CreateICmpULT(x, b_.getInt64(per_power)), small, large);
  return b_.CreateSelect(negative, b_.getInt64(0), bucket);
}

// floor(log2(x)) of an unsigned x (0 for 0), halving the range in five steps
// of "if (x >> s) { x >>= s; log += s; }" and a last one of log += x >> 1.
// The optimizer would make each step two selects, which BPF, without a
// conditional move, lowers to a branch and copies each: about twice the
// instructions. The add stays in its branch through unhoisted().
llvm::Value *ProgramEmitter::highestSetBit(llvm::Value *x) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  llvm::Value *v = x;
  llvm::Value *log = b_.getInt64(0);
  for (unsigned shift : {32u, 16u, 8u, 4u, 2u}) {
    llvm::BasicBlock *from = b_.GetInsertBlock();
    llvm::Value *high = b_.CreateLShr(v, shift);
    auto *take = llvm::BasicBlock::Create(m_.context(), "log2_high", fn);
    auto *next = llvm::BasicBlock::Create(m_.context(), "log2_next", fn);
    b_.CreateCondBr(b_.CreateICmpNE(high, b_.getInt64(0)), take, next);
    b_.SetInsertPoint(take);
    llvm::Value *raised = m_.unhoisted(b_.CreateAdd(log, b_.getInt64(shift)));
    b_.CreateBr(next);
    b_.SetInsertPoint(next);
    llvm::PHINode *v_next = b_.CreatePHI(b_.getInt64Ty(), 2);
    v_next->addIncoming(high, take);
    v_next->addIncoming(v, from);
    llvm::PHINode *log_next = b_.CreatePHI(b_.getInt64Ty(), 2);
    log_next->addIncoming(raised, take);
    log_next->addIncoming(log, from);
    v = v_next;
    log = log_next;
  }
  return b_.CreateAdd(log, b_.CreateLShr(v, 1));
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
