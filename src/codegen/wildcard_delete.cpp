// delete(@m[k, *]): every element whose keys equal the given ones, a `*`
// matching any value. bpf_for_each_map_elem visits each element with a
// static callback, which compares the element's key with a pattern (the key
// built as usual, a `*`'s bytes left zero and never compared) and deletes
// the element on a match; the kernel lets a callback delete the element it
// visits. The callback's context is an array on the probe's stack:
//   [0] the pattern, [1] a flag set when an element was deleted.
#include "codegen/program_emitter.h"

#include <llvm/IR/Constants.h>

namespace bpfscope {

using namespace ast;

namespace {

constexpr uint64_t kWord = 8;

} // namespace

llvm::Value *ProgramEmitter::emitWildcardDelete(const MapAccess &access) {
  const MapInfo &info = mapInfo(access.name);
  llvm::Value *pattern = buildKey(info, access);
  llvm::Value *deleted = m_.createEntryAlloca(b_.getInt64Ty(), "wildcard_deleted");
  b_.CreateStore(b_.getInt64(0), deleted);
  auto *context_type = llvm::ArrayType::get(b_.getPtrTy(), 2);
  llvm::Value *context = m_.createEntryAlloca(context_type, "wildcard_context");
  b_.CreateStore(pattern, context);
  b_.CreateStore(deleted, bytePointer(context, kWord));

  std::string name = unit_->function_name + "_delete_" + std::to_string(for_each_count_++);
  llvm::Function *callback =
      m_.buildCallback(name, [&](llvm::Function *fn) { emitWildcardMatch(access, fn); });
  m_.forEachMapElem(maps_.user.at(access.name), callback, context);
  return b_.CreateLoad(b_.getInt64Ty(), deleted);
}

void ProgramEmitter::emitWildcardMatch(const MapAccess &access, llvm::Function *callback) {
  // The callback is a function of its own: its temporaries (a -k report
  // of a failed deletion) and lost-event key live in its frame. A deletion
  // that fails here (another CPU deleted the element first) is no failure of
  // a discarded delete().
  llvm::AllocaInst *saved_lost_key = lost_key_;
  bool saved_discarded = discarded_delete_;
  lost_key_ = nullptr;
  discarded_delete_ = false;
  statement_temporaries_.emplace_back();

  const MapInfo &info = mapInfo(access.name);
  llvm::Value *key = callback->getArg(1);
  llvm::Value *context = callback->getArg(3);
  llvm::Value *pattern = b_.CreateLoad(b_.getPtrTy(), context);
  llvm::Value *deleted = b_.CreateLoad(b_.getPtrTy(), bytePointer(context, kWord));
  llvm::Value *match = b_.getTrue();
  auto offsets = info.key.elementOffsets();
  for (size_t i = 0; i < access.keys.size(); ++i)
    if (!access.keys[i]->is<WildcardKey>())
      match = b_.CreateAnd(match,
                           keyBytesEqual(bytePointer(key, offsets[i]),
                                         bytePointer(pattern, offsets[i]), info.key_types[i].size));

  auto *remove = llvm::BasicBlock::Create(m_.context(), "wildcard_match", callback);
  auto *next = llvm::BasicBlock::Create(m_.context(), "wildcard_next", callback);
  b_.CreateCondBr(match, remove, next);
  b_.SetInsertPoint(remove);
  // A flag, not a count: the verifier checks the callback until the states
  // it sees repeat, which a count growing with each element never does.
  llvm::Value *gone =
      b_.CreateICmpEQ(m_.mapDelete(maps_.user.at(access.name), key), b_.getInt64(0));
  llvm::Value *before = b_.CreateLoad(b_.getInt64Ty(), deleted);
  b_.CreateStore(b_.CreateSelect(gone, b_.getInt64(1), before), deleted);
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
  endStatementTemporaries();
  b_.CreateRet(b_.getInt64(0));

  lost_key_ = saved_lost_key;
  discarded_delete_ = saved_discarded;
}

// Whether `size` bytes at a and b agree, as i1: word by word, then the
// bytes past the last whole word. Key elements start 8-byte aligned.
llvm::Value *ProgramEmitter::keyBytesEqual(llvm::Value *a, llvm::Value *b, uint32_t size) {
  llvm::Value *equal = b_.getTrue();
  uint32_t at = 0;
  for (; at + kWord <= size; at += kWord) {
    llvm::Value *x = b_.CreateAlignedLoad(b_.getInt64Ty(), bytePointer(a, at), llvm::MaybeAlign(8));
    llvm::Value *y = b_.CreateAlignedLoad(b_.getInt64Ty(), bytePointer(b, at), llvm::MaybeAlign(8));
    equal = b_.CreateAnd(equal, b_.CreateICmpEQ(x, y));
  }
  for (; at < size; ++at) {
    llvm::Value *x = b_.CreateLoad(b_.getInt8Ty(), bytePointer(a, at));
    llvm::Value *y = b_.CreateLoad(b_.getInt8Ty(), bytePointer(b, at));
    equal = b_.CreateAnd(equal, b_.CreateICmpEQ(x, y));
  }
  return equal;
}

} // namespace bpfscope
