// `probe` and `func` in a program shared by several targets: the link that
// ran it carries the target's row in the target_names map as its BPF cookie.
#include "codegen/program_emitter.h"

namespace bpfscope {

ProgramEmitter::Val ProgramEmitter::emitTargetName(TargetNameColumn column, uint32_t size) {
  llvm::Value *cookie = m_.callHelper(BPF_FUNC_get_attach_cookie, b_.getInt64Ty(), {m_.ctx()});
  llvm::Value *key = temporary(4, "cookie_key");
  b_.CreateStore(b_.CreateTrunc(cookie, b_.getInt32Ty()), key);
  llvm::Value *row = m_.mapLookup(maps_.target_names, key);
  llvm::Value *name = zeroedTemporary(size, "target_name");
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *found = llvm::BasicBlock::Create(m_.context(), "target_name_found", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "target_name_done", fn);
  // Every cookie has a row; the check satisfies the verifier.
  b_.CreateCondBr(b_.CreateIsNull(row), done, found);
  b_.SetInsertPoint(found);
  uint32_t offset = column == TargetNameColumn::Probe ? 0 : program_.target_names.probeWidth();
  copyBytes(name, bytePointer(row, offset), size);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return {name, true};
}

} // namespace bpfscope
