// strerror(e), signal_name(s), syscall_name(nr): the text is a row of a
// constant table in the object's .rodata, copied into a string[64].
//
// Why a table in the program rather than a number user space names when it
// prints (what bpfscope did before, and bpftrace 0.17 does for strerror): the
// result must be a real string, which == compares with a literal, a map holds
// as its key or value, and any string function reads, in the kernel. That is
// also how the newest bpftrace does it (static arrays in its BPF stdlib).
// .rodata rather than a BPF array map filled by user space: libbpf creates,
// fills and freezes it from the object itself, so the object cache keeps it
// and nothing runs before the probes attach; the program reads it with one
// bounded index and no helper call.
#include "codegen/program_emitter.h"

#include "sema/name_tables.h"

namespace bpfscope {

using namespace ast;

ProgramEmitter::Val ProgramEmitter::emitNameLookup(const Call &call) {
  const NameTable &table = nameTable(call.name);
  std::vector<std::string> rows = table.rows;
  rows.push_back(table.unknown); // the row every number past the table reads
  llvm::GlobalVariable *data = m_.declareStringTable(table.function + "_table", rows, kNameSize);
  // bpftrace passes the number as an int32.
  llvm::Value *n =
      b_.CreateSExt(b_.CreateTrunc(emitInt(*call.args[0]), b_.getInt32Ty()), b_.getInt64Ty());
  if (table.folds_negative)
    n = b_.CreateSelect(b_.CreateICmpSLT(n, b_.getInt64(0)), b_.CreateNeg(n), n);
  llvm::Value *unknown = b_.getInt64(table.rows.size());
  // Unsigned: a negative number is past the table too. The bound is also what lets
  // the verifier accept the read.
  llvm::Value *row = b_.CreateSelect(b_.CreateICmpULT(n, unknown), n, unknown);
  llvm::Value *text = b_.CreateGEP(b_.getInt8Ty(), data, b_.CreateMul(row, b_.getInt64(kNameSize)));
  llvm::Value *name = temporary(kNameSize, call.name);
  copyBytes(name, text, kNameSize, 8);
  return {name, true};
}

} // namespace bpfscope
