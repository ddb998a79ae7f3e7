// Reading count/sum/min/max/avg inside a probe (`if (@c > 10)`): each CPU
// has its own slot in the per-CPU map, so the value is combined over all
// possible CPUs with bpf_map_lookup_percpu_elem, as the runtime does at
// read-out. Value layouts are in sema/types.h.
#include "codegen/program_emitter.h"

#include <bpf/libbpf.h>

namespace bpfscope {

namespace {

// Running state of the combination, one i64 stack slot each.
struct Combined {
  llvm::Value *total; // Count/Sum/Avg: the sum; Min/Max: the best value so far
  llvm::Value *count; // Avg: number of samples; Min/Max: 1 once a CPU had a value
};

} // namespace

llvm::Value *ProgramEmitter::readAggregate(const MapInfo &info, llvm::Value *key) {
  const Type &type = info.value;
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  Combined acc{m_.createEntryAlloca(b_.getInt64Ty(), "agg_total"),
               m_.createEntryAlloca(b_.getInt64Ty(), "agg_count")};
  llvm::Value *cpu_slot = m_.createEntryAlloca(b_.getInt64Ty(), "agg_cpu");
  for (llvm::Value *slot : {acc.total, acc.count, cpu_slot})
    b_.CreateStore(b_.getInt64(0), slot);
  auto ncpus = static_cast<uint64_t>(libbpf_num_possible_cpus());
  auto *cond = llvm::BasicBlock::Create(m_.context(), "agg_cpu_cond", fn);
  auto *body = llvm::BasicBlock::Create(m_.context(), "agg_cpu_body", fn);
  auto *have = llvm::BasicBlock::Create(m_.context(), "agg_cpu_have", fn);
  auto *next = llvm::BasicBlock::Create(m_.context(), "agg_cpu_next", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "agg_cpu_done", fn);
  b_.CreateBr(cond);

  b_.SetInsertPoint(cond);
  llvm::Value *cpu = b_.CreateLoad(b_.getInt64Ty(), cpu_slot);
  b_.CreateCondBr(b_.CreateICmpULT(cpu, b_.getInt64(ncpus)), body, done);

  b_.SetInsertPoint(body);
  llvm::Value *slot = m_.callHelper(BPF_FUNC_map_lookup_percpu_elem, b_.getPtrTy(),
                                    {maps_.user.at(info.name), key, cpu});
  b_.CreateCondBr(b_.CreateIsNull(slot), next, have);

  b_.SetInsertPoint(have);
  llvm::Value *first = b_.CreateLoad(b_.getInt64Ty(), slot);
  llvm::Value *total = b_.CreateLoad(b_.getInt64Ty(), acc.total);
  llvm::Value *count = b_.CreateLoad(b_.getInt64Ty(), acc.count);
  if (type.kind == TypeKind::Count || type.kind == TypeKind::Sum) {
    b_.CreateStore(b_.CreateAdd(total, first), acc.total);
  } else if (type.kind == TypeKind::Avg) {
    llvm::Value *samples = b_.CreateLoad(b_.getInt64Ty(), bytePointer(slot, 8));
    b_.CreateStore(b_.CreateAdd(total, first), acc.total);
    b_.CreateStore(b_.CreateAdd(count, samples), acc.count);
  } else {
    // Min/Max: {value, valid}; a CPU that never saw a value does not count.
    llvm::Value *valid =
        b_.CreateICmpNE(b_.CreateLoad(b_.getInt64Ty(), bytePointer(slot, 8)), b_.getInt64(0));
    bool is_min = type.kind == TypeKind::Min;
    llvm::Value *better =
        is_min ? (type.is_signed ? b_.CreateICmpSLT(first, total) : b_.CreateICmpULT(first, total))
               : (type.is_signed ? b_.CreateICmpSGT(first, total) : b_.CreateICmpUGT(first, total));
    llvm::Value *take =
        b_.CreateAnd(valid, b_.CreateOr(better, b_.CreateICmpEQ(count, b_.getInt64(0))));
    b_.CreateStore(b_.CreateSelect(take, first, total), acc.total);
    b_.CreateStore(b_.CreateSelect(valid, b_.getInt64(1), count), acc.count);
  }
  b_.CreateBr(next);

  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(cpu, b_.getInt64(1)), cpu_slot);
  b_.CreateBr(cond);

  b_.SetInsertPoint(done);
  llvm::Value *result = b_.CreateLoad(b_.getInt64Ty(), acc.total);
  if (type.kind == TypeKind::Avg)
    result = divideOrZero(true, result, b_.CreateLoad(b_.getInt64Ty(), acc.count), type.is_signed);
  return result;
}

} // namespace bpfscope
