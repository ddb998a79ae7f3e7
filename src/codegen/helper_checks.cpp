// -k / -kk: after a helper whose failure the user asked to see, a negative
// result sends a HelperFailure record (async_event.h) naming the helper, the
// result and the script span whose code called it; user space prints it as a
// warning. Like bpftrace, -k leaves out memory reads, whose failures are
// routine (a NULL or paged-out pointer); -kk adds them. Without -k, two
// failures are reported all the same, as in the newest bpftrace, and counted
// rather than sent (countFailure, countRefusedUpdate): a delete() whose result
// is discarded, and a map update a full map refuses (-E2BIG: the key it would
// have added is lost).
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"
#include "codegen/codegen.h"

#include <cerrno>

namespace bpfscope {

namespace {

// The -k level from which a helper's failures are reported; 0: never.
int checkLevel(unsigned helper) {
  switch (helper) {
  case BPF_FUNC_map_update_elem:
  case BPF_FUNC_map_delete_elem:
  case BPF_FUNC_get_stack:
  case BPF_FUNC_send_signal:
  case BPF_FUNC_send_signal_thread:
    return 1;
  case BPF_FUNC_probe_read:
  case BPF_FUNC_probe_read_str:
  case BPF_FUNC_probe_read_kernel:
  case BPF_FUNC_probe_read_user:
  case BPF_FUNC_probe_read_kernel_str:
  case BPF_FUNC_probe_read_user_str:
    return 2;
  default:
    return 0;
  }
}

} // namespace

void ProgramEmitter::checkHelperResult(unsigned helper, llvm::Value *result) {
  int level = checkLevel(helper);
  bool wanted = level != 0 && program_.helper_checks >= level;
  bool discarded_delete = helper == BPF_FUNC_map_delete_elem && discarded_delete_;
  if (!wanted && helper == BPF_FUNC_map_update_elem)
    return countRefusedUpdate(result);
  if ((!wanted && !discarded_delete) || !result->getType()->isIntegerTy(64))
    return;
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *failed = llvm::BasicBlock::Create(m_.context(), "helper_failed", fn);
  auto *ok = llvm::BasicBlock::Create(m_.context(), "helper_ok", fn);
  b_.CreateCondBr(b_.CreateICmpSLT(result, b_.getInt64(0)), failed, ok);
  b_.SetInsertPoint(failed);
  if (wanted)
    reportHelperFailure(helper, result);
  else
    countFailure(helper, result);
  b_.CreateBr(ok);
  b_.SetInsertPoint(ok);
}

void ProgramEmitter::reportHelperFailure(unsigned helper, llvm::Value *result) {
  constexpr uint32_t size = sizeof(async::Header) + sizeof(async::HelperFailure);
  llvm::Value *record = temporary(size, "helper_failure");
  constexpr uint32_t at = sizeof(async::Header);
  b_.CreateStore(b_.getInt64(async::kHelperError), record);
  b_.CreateStore(b_.getInt64(helper),
                 bytePointer(record, at + offsetof(async::HelperFailure, helper)));
  b_.CreateStore(result, bytePointer(record, at + offsetof(async::HelperFailure, retcode)));
  b_.CreateStore(b_.getInt32(current_span_.begin),
                 bytePointer(record, at + offsetof(async::HelperFailure, begin)));
  b_.CreateStore(b_.getInt32(current_span_.end),
                 bytePointer(record, at + offsetof(async::HelperFailure, end)));
  sendRecord(record, size);
}

void ProgramEmitter::countFailure(unsigned helper, llvm::Value *result) {
  if (!maps_.failures)
    return;
  llvm::Value *counter = maps_.failures->counter(helper, current_span_, 0);
  b_.CreateAtomicRMW(llvm::AtomicRMWInst::Add, counter, b_.getInt64(1), llvm::MaybeAlign(8),
                     llvm::AtomicOrdering::Monotonic);
  b_.CreateStore(result, bytePointer(counter, offsetof(HelperFailureCounter, last_retcode)));
}

// Every map update site, and aggregations insert through one in the path a
// new key takes: without a branch the check costs four instructions (the
// sign bit of the result added to the counter). What refuses a new key is a
// full map (-E2BIG), which the slot records from the start; the rare other
// refusals (no memory, another CPU inserting the same key first) lose the
// update all the same.
void ProgramEmitter::countRefusedUpdate(llvm::Value *result) {
  if (!maps_.failures || !result->getType()->isIntegerTy(64))
    return;
  llvm::Value *counter = maps_.failures->counter(BPF_FUNC_map_update_elem, current_span_, -E2BIG);
  b_.CreateAtomicRMW(llvm::AtomicRMWInst::Add, counter, b_.CreateLShr(result, 63),
                     llvm::MaybeAlign(8), llvm::AtomicOrdering::Monotonic);
}

} // namespace bpfscope
