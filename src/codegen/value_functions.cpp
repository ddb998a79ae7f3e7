// Functions that compute a value from their arguments: strncmp, strcontains,
// strlen, strstr, globmatch and memcmp (those two in glob_match.cpp), bswap, buf, kptr, uptr,
// is_err, ntop, pton, macaddr, strerror, signal_name and syscall_name (those three in
// name_lookup.cpp), cgroupid (a constant) and cgroup_path (an id printed as paths). String searches
// are bounded loops over the strings' buffer sizes.
#include "codegen/program_emitter.h"

#include "sema/glob_pattern.h"
#include "sema/name_tables.h"
#include "sema/value_functions.h"

#include <llvm/IR/Intrinsics.h>

namespace bpfscope {

using namespace ast;

// The smallest address the kernel's ERR_PTR() makes: -MAX_ERRNO.
constexpr uint64_t kFirstErrorPointer = static_cast<uint64_t>(-4095);

ProgramEmitter::Val ProgramEmitter::emitValueFunction(const Call &call) {
  const std::string &f = call.name;
  if (f == "strncmp") {
    auto *limit = call.args[2]->as<IntegerLiteral>();
    uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(limit->value, UINT32_MAX));
    llvm::Value *equal = stringsEqual(emitBytes(*call.args[0]), emitBytes(*call.args[1]), n);
    return {b_.CreateZExt(b_.CreateNot(equal), b_.getInt64Ty()), false};
  }
  if (f == "strlen")
    return {stringLength(emitBytes(*call.args[0])), false};
  if (f == "strstr" || f == "strcontains") {
    llvm::Value *at = findSubstring(emitBytes(*call.args[0]), emitBytes(*call.args[1]));
    if (f == "strstr")
      return {at, false};
    return {b_.CreateZExt(b_.CreateICmpSGE(at, b_.getInt64(0)), b_.getInt64Ty()), false};
  }
  if (f == "globmatch") {
    std::string pattern = *globPatternText(*call.args[1]);
    llvm::Value *match = globMatch(emitBytes(*call.args[0]), parseGlob(pattern));
    return {b_.CreateZExt(match, b_.getInt64Ty()), false};
  }
  if (f == "memcmp")
    return {
        compareBytes(emitBytes(*call.args[0]), emitBytes(*call.args[1]), emitInt(*call.args[2])),
        false};
  if (f == "is_err") {
    llvm::Value *error = b_.CreateICmpUGE(emitInt(*call.args[0]), b_.getInt64(kFirstErrorPointer));
    return {b_.CreateZExt(error, b_.getInt64Ty()), false};
  }
  if (f == "bswap")
    return emitBswap(call);
  if (f == "buf")
    return emitBuf(call);
  if (f == "ntop")
    return emitNtop(call);
  if (f == "pton")
    return emitPton(call);
  if (f == "macaddr")
    return emitMacaddr(call);
  if (isModeFunction(f))
    return {emitModeFunction(call), false};
  if (isNameFunction(f))
    return emitNameLookup(call);
  if (f == "cgroupid")
    return {b_.getInt64(cgroupIdConstant(call.args[0]->as<StringLiteral>()->value)), false};
  // kptr, uptr: the address itself (sema changed its address space);
  // cgroup_path: the number, which user space prints as paths.
  return emitExpr(*call.args[0]);
}

// nsecs(clock); pid(curr_ns) and tid(curr_ns) are pid and tid, the ids of
// bpfscope's PID namespace; pid(init) and tid(init) those of the initial one.
llvm::Value *ProgramEmitter::emitModeFunction(const Call &call) {
  const std::string &mode = call.args[0]->as<Builtin>()->name;
  if (call.name == "pid" || call.name == "tid") {
    llvm::Value *pid_tgid = mode == "init" ? initialPidTgid() : currentPidTgid();
    return call.name == "pid" ? b_.CreateLShr(pid_tgid, 32) : b_.CreateAnd(pid_tgid, 0xffffffffULL);
  }
  if (mode == "monotonic")
    return m_.ktimeGetNs();
  if (mode == "boot")
    return m_.ktimeGetBootNs();
  return m_.callHelper(BPF_FUNC_ktime_get_tai_ns, b_.getInt64Ty(), {});
}

ProgramEmitter::Bytes ProgramEmitter::emitBytes(const Expr &e) {
  return {emitExpr(e).v, e.type.size};
}

llvm::Value *ProgramEmitter::byteAt(const Bytes &s, llvm::Value *index) {
  return b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), s.data, index));
}

// The number of characters before the first NUL (or the buffer's size).
llvm::Value *ProgramEmitter::stringLength(const Bytes &s) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  llvm::Value *counter = m_.createEntryAlloca(b_.getInt64Ty(), "strlen_i");
  b_.CreateStore(b_.getInt64(0), counter);
  auto *cond = llvm::BasicBlock::Create(m_.context(), "strlen_cond", fn);
  auto *body = llvm::BasicBlock::Create(m_.context(), "strlen_body", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "strlen_done", fn);
  b_.CreateBr(cond);
  b_.SetInsertPoint(cond);
  llvm::Value *i = b_.CreateLoad(b_.getInt64Ty(), counter);
  b_.CreateCondBr(b_.CreateICmpULT(i, b_.getInt64(s.size)), body, done);
  b_.SetInsertPoint(body);
  auto *next = llvm::BasicBlock::Create(m_.context(), "strlen_next", fn);
  b_.CreateCondBr(b_.CreateICmpEQ(byteAt(s, i), b_.getInt8(0)), done, next);
  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(i, b_.getInt64(1)), counter);
  b_.CreateBr(cond);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(b_.getInt64Ty(), counter);
}

// For each start in the haystack, compares the needle character by
// character; the needle's NUL (or end) means a match. Every index is checked
// against its buffer's size before the byte is read, which also bounds the
// loops for the verifier.
llvm::Value *ProgramEmitter::findSubstring(const Bytes &haystack, const Bytes &needle) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto block = [&](const char *name) { return llvm::BasicBlock::Create(m_.context(), name, fn); };
  llvm::Value *start_slot = m_.createEntryAlloca(b_.getInt64Ty(), "strstr_start");
  llvm::Value *offset_slot = m_.createEntryAlloca(b_.getInt64Ty(), "strstr_offset");
  llvm::Value *result = m_.createEntryAlloca(b_.getInt64Ty(), "strstr_result");
  b_.CreateStore(b_.getInt64(-1), result);
  b_.CreateStore(b_.getInt64(0), start_slot);
  auto *outer = block("strstr_outer"), *inner = block("strstr_inner");
  auto *compare = block("strstr_compare"), *advance = block("strstr_advance");
  auto *next_start = block("strstr_next_start"), *found = block("strstr_found");
  auto *done = block("strstr_done");
  b_.CreateBr(outer);

  // outer: for start in [0, haystack.size]
  b_.SetInsertPoint(outer);
  llvm::Value *start = b_.CreateLoad(b_.getInt64Ty(), start_slot);
  b_.CreateStore(b_.getInt64(0), offset_slot);
  b_.CreateCondBr(b_.CreateICmpULE(start, b_.getInt64(haystack.size)), inner, done);

  // inner: the needle ends here (a match) or its next character must agree.
  b_.SetInsertPoint(inner);
  llvm::Value *offset = b_.CreateLoad(b_.getInt64Ty(), offset_slot);
  auto *needle_char = block("strstr_needle_char");
  b_.CreateCondBr(b_.CreateICmpUGE(offset, b_.getInt64(needle.size)), found, needle_char);
  b_.SetInsertPoint(needle_char);
  llvm::Value *wanted = byteAt(needle, offset);
  auto *in_haystack = block("strstr_in_haystack");
  b_.CreateCondBr(b_.CreateICmpEQ(wanted, b_.getInt8(0)), found, in_haystack);
  b_.SetInsertPoint(in_haystack);
  llvm::Value *at = b_.CreateAdd(start, offset);
  b_.CreateCondBr(b_.CreateICmpUGE(at, b_.getInt64(haystack.size)), done, compare);

  b_.SetInsertPoint(compare);
  llvm::Value *have = byteAt(haystack, at);
  llvm::Value *mismatch =
      b_.CreateOr(b_.CreateICmpNE(have, wanted), b_.CreateICmpEQ(have, b_.getInt8(0)));
  b_.CreateCondBr(mismatch, next_start, advance);

  b_.SetInsertPoint(advance);
  b_.CreateStore(b_.CreateAdd(offset, b_.getInt64(1)), offset_slot);
  b_.CreateBr(inner);

  // A haystack that ends before the needle matched cannot match later either.
  // (start < size holds here; the test tells the verifier.)
  b_.SetInsertPoint(next_start);
  auto *more = block("strstr_more"), *in_bounds = block("strstr_in_bounds");
  b_.CreateCondBr(b_.CreateICmpUGE(start, b_.getInt64(haystack.size)), done, in_bounds);
  b_.SetInsertPoint(in_bounds);
  b_.CreateCondBr(b_.CreateICmpEQ(byteAt(haystack, start), b_.getInt8(0)), done, more);
  b_.SetInsertPoint(more);
  b_.CreateStore(b_.CreateAdd(start, b_.getInt64(1)), start_slot);
  b_.CreateBr(outer);

  b_.SetInsertPoint(found);
  b_.CreateStore(start, result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(b_.getInt64Ty(), result);
}

// Reverses the bytes of the argument's own width; the result is unsigned.
ProgramEmitter::Val ProgramEmitter::emitBswap(const Call &call) {
  uint32_t bits = call.type.size * 8;
  llvm::Value *v = emitInt(*call.args[0]);
  if (bits == 8)
    return {b_.CreateAnd(v, b_.getInt64(0xff)), false};
  llvm::Value *narrow = b_.CreateTrunc(v, b_.getIntNTy(bits));
  llvm::Value *swapped = b_.CreateUnaryIntrinsic(llvm::Intrinsic::bswap, narrow);
  return {b_.CreateZExt(swapped, b_.getInt64Ty()), false};
}

// buf(): {uint32 length; bytes}. A run-time length is capped at the capacity.
ProgramEmitter::Val ProgramEmitter::emitBuf(const Call &call) {
  uint32_t capacity = call.type.size - kBufferHeaderSize;
  llvm::Value *out = zeroedTemporary(call.type.size, "buf");
  llvm::Value *length = b_.getInt64(capacity);
  if (call.args.size() == 2 && !call.args[1]->as<IntegerLiteral>()) {
    llvm::Value *want = emitInt(*call.args[1]);
    length = b_.CreateSelect(b_.CreateICmpULT(want, length), want, length);
  }
  copyBytesOf(*call.args[0], bytePointer(out, kBufferHeaderSize), capacity, length);
  b_.CreateStore(b_.CreateTrunc(length, b_.getInt32Ty()), out);
  return {out, true};
}

void ProgramEmitter::copyBytesOf(const Expr &e, llvm::Value *dst, uint32_t size,
                                 llvm::Value *read_size) {
  if (e.type.isInMemory()) {
    copyBytes(dst, emitExpr(e).v, std::min(size, e.type.size));
    return;
  }
  llvm::Value *address = emitInt(e);
  llvm::Value *length = read_size ? read_size : b_.getInt64(size);
  readMemory(addressSpaceOf(e.type), dst, length, address);
}

// ntop(): {family; 16 address bytes}. An integer is an IPv4 address as
// stored in memory (network byte order), a 4- or 16-byte array IPv4 or IPv6.
ProgramEmitter::Val ProgramEmitter::emitNtop(const Call &call) {
  const Expr &address = *call.args.back();
  llvm::Value *out = zeroedTemporary(Type::inet().size, "inet");
  bool bytes_in_memory = address.type.isArray() || address.type.isString();
  bool ipv6 = bytes_in_memory && address.type.size == 16;
  llvm::Value *family = call.args.size() == 2
                            ? emitInt(*call.args[0])
                            : b_.getInt64(ipv6 ? kAddressFamilyIPv6 : kAddressFamilyIPv4);
  b_.CreateStore(family, out);
  llvm::Value *bytes = bytePointer(out, 8);
  if (bytes_in_memory)
    copyBytes(bytes, emitExpr(address).v, address.type.size);
  else
    b_.CreateStore(b_.CreateTrunc(emitInt(address), b_.getInt32Ty()), bytes);
  return {out, true};
}

// pton("…"): the address's bytes, known at compile time.
ProgramEmitter::Val ProgramEmitter::emitPton(const Call &call) {
  auto bytes = addressBytes(call.args[0]->as<StringLiteral>()->value);
  llvm::Value *out = temporary(call.type.size, "pton");
  for (size_t i = 0; i < bytes->size(); ++i)
    b_.CreateStore(b_.getInt8((*bytes)[i]), bytePointer(out, i));
  return {out, true};
}

ProgramEmitter::Val ProgramEmitter::emitMacaddr(const Call &call) {
  llvm::Value *out = zeroedTemporary(Type::macAddress().size, "macaddr");
  copyBytesOf(*call.args[0], out, Type::macAddress().size);
  return {out, true};
}

} // namespace bpfscope
