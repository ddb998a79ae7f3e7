// -p PID: programs of kinds that cannot be attached to one process (tracepoints,
// kprobes, …) return at once in every other process, as the newest bpftrace
// does. BEGIN and END run in bpfscope itself and are never filtered.
#include "codegen/program_emitter.h"

namespace bpfscope {

void ProgramEmitter::emitProcessFilter(const Provider &provider) {
  if (program_.target_pid == 0 || provider.trigger() != Trigger::Attach || !provider.filtersByPid())
    return;
  llvm::Value *pid = currentProcessId();
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *traced = llvm::BasicBlock::Create(m_.context(), "traced_process", fn);
  auto *other = llvm::BasicBlock::Create(m_.context(), "other_process", fn);
  b_.CreateCondBr(b_.CreateICmpEQ(pid, b_.getInt64(program_.target_pid)), traced, other);
  b_.SetInsertPoint(other);
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(traced);
}

} // namespace bpfscope
