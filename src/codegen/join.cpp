// join(array[, sep]): copies the strings an array of string pointers points
// to, up to the first NULL pointer, into one record (layout in sema/join.h).
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"

namespace bpfscope {

void ProgramEmitter::emitJoin(const ast::Call &call) {
  size_t id = printfIndex(call);
  const PrintfInfo &info = program_.printfs[id];
  const Type &pieces = info.args.elements[1];
  uint32_t piece_size = pieces.element->size;
  bool user = info.arg_types[0].user_address;

  llvm::Value *record = recordBuffer();
  b_.CreateStore(b_.getInt64(async::kPrintfBase + id), record);
  auto offsets = info.args.elementOffsets();
  llvm::Value *count = bytePointer(record, sizeof(async::Header) + offsets[0]);
  b_.CreateStore(b_.getInt64(0), count);
  llvm::Value *array = emitInt(*call.args[0]);
  llvm::Value *pointer = m_.createEntryAlloca(b_.getInt64Ty(), "join_arg");
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *done = llvm::BasicBlock::Create(m_.context(), "join_done", fn);
  for (uint32_t i = 0; i < pieces.count; ++i) {
    llvm::Value *slot = b_.CreateAdd(array, b_.getInt64(8 * i));
    b_.CreateStore(b_.getInt64(0), pointer);
    if (user)
      m_.probeReadUser(pointer, b_.getInt64(8), slot);
    else
      m_.probeReadKernel(pointer, b_.getInt64(8), slot);
    llvm::Value *address = b_.CreateLoad(b_.getInt64Ty(), pointer);
    auto *next = llvm::BasicBlock::Create(m_.context(), "join_arg", fn);
    b_.CreateCondBr(b_.CreateIsNull(address), done, next);
    b_.SetInsertPoint(next);
    llvm::Value *piece =
        bytePointer(record, sizeof(async::Header) + offsets[1] + uint64_t{i} * piece_size);
    if (user)
      m_.probeReadUserStr(piece, b_.getInt64(piece_size), address);
    else
      m_.probeReadKernelStr(piece, b_.getInt64(piece_size), address);
    b_.CreateStore(b_.getInt64(i + 1), count);
  }
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  sendRecord(record, sizeof(async::Header) + info.args.size);
}

} // namespace bpfscope
