// -k / -kk: after a helper whose failure the user asked to see, a negative
// result sends a HelperFailure record (async_event.h) naming the helper, the
// result and the script span whose code called it; user space prints it as a
// warning. Like bpftrace, -k leaves out memory reads, whose failures are
// routine (a NULL or paged-out pointer); -kk adds them. Without -k, a delete()
// whose result is discarded counts its failures instead (countDeleteFailure).
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"
#include "codegen/codegen.h"

#include <algorithm>

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
    countDeleteFailure(result);
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

// A ring-buffer record at every discarded delete() would cost each program
// about forty instructions; a counter in a global costs five, and the runtime
// reports the counts as it polls (runtime/helper_failures.h).
void ProgramEmitter::countDeleteFailure(llvm::Value *result) {
  const auto &sites = program_.discarded_deletes;
  auto site = std::find_if(sites.begin(), sites.end(),
                           [&](const DiscardedDelete &d) { return d.call == discarded_delete_; });
  if (site == sites.end() || !maps_.delete_failures)
    return;
  uint64_t at = static_cast<uint64_t>(site - sites.begin()) * sizeof(DeleteFailures);
  llvm::Value *counter = bytePointer(maps_.delete_failures, at);
  b_.CreateAtomicRMW(llvm::AtomicRMWInst::Add, counter, b_.getInt64(1), llvm::MaybeAlign(8),
                     llvm::AtomicOrdering::Monotonic);
  b_.CreateStore(result, bytePointer(counter, offsetof(DeleteFailures, last_retcode)));
}

} // namespace bpfscope
