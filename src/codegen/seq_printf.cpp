// Text the kernel formats (sema/seq_printf_format.h says what it can format):
// printf in a pinned iterator (iter:NAME:PIN), whose text is what a reader of
// the pinned file gets, into the iteration's seq_file with bpf_seq_printf;
// debugf() into the trace pipe with bpf_trace_vprintk. The arguments are
// stored as for a ring-buffer record, then handed over as 64-bit words: an
// integer's value, a string's address in the record.
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"
#include "sema/seq_printf_format.h"

#include <linux/bpf.h>

namespace bpfscope {

namespace {

llvm::Value *widenedWord(llvm::IRBuilder<> &b, llvm::Value *slot, const Type &type) {
  llvm::Type *stored = b.getIntNTy(type.size * 8);
  llvm::Value *value = b.CreateLoad(stored, slot);
  return type.is_signed ? b.CreateSExt(value, b.getInt64Ty()) : b.CreateZExt(value, b.getInt64Ty());
}

} // namespace

void ProgramEmitter::emitKernelFormatted(const ast::Call &call, size_t printf_index) {
  const PrintfInfo &info = program_.printfs[printf_index];
  size_t count = info.arg_types.size();
  llvm::Value *record = recordBuffer();
  auto offsets = info.args.elementOffsets();
  llvm::Type *words_type = llvm::ArrayType::get(b_.getInt64Ty(), std::max<size_t>(count, 1));
  llvm::Value *words = m_.createEntryAlloca(words_type, "seq_printf_args");
  for (size_t i = 0; i < count; ++i) {
    const Type &type = info.arg_types[i];
    llvm::Value *slot = bytePointer(record, sizeof(async::Header) + offsets[i]);
    storeExpr(slot, type, *call.args[i + 1]);
    llvm::Value *word =
        type.isString() ? b_.CreatePtrToInt(slot, b_.getInt64Ty()) : widenedWord(b_, slot, type);
    b_.CreateStore(word, b_.CreateConstGEP2_64(words_type, words, 0, i));
  }
  std::string format = kernelSeqFormat(info.format);
  llvm::GlobalVariable *text =
      m_.declareStringTable("seq_printf_format_" + std::to_string(printf_index), {format},
                            static_cast<uint32_t>(format.size() + 1));
  llvm::Value *format_size = b_.getInt32(static_cast<uint32_t>(format.size() + 1));
  llvm::Value *words_size = b_.getInt32(static_cast<uint32_t>(count * 8));
  if (info.kind == AsyncKind::Debug) {
    // The kernel refuses a NULL data pointer even with no arguments: words
    // always has one element.
    m_.callHelper(BPF_FUNC_trace_vprintk, b_.getInt64Ty(), {text, format_size, words, words_size});
    return;
  }
  // ctx->meta->seq: the iterator context's first field, and the meta's first.
  llvm::Value *meta = b_.CreateLoad(b_.getPtrTy(), m_.ctx(), "iter_meta");
  llvm::Value *seq = b_.CreateLoad(b_.getPtrTy(), meta, "iter_seq");
  m_.callHelper(BPF_FUNC_seq_printf, b_.getInt64Ty(), {seq, text, format_size, words, words_size});
}

} // namespace bpfscope
