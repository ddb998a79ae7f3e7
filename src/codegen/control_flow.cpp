// Loops (while, for over a range, unroll), break/continue/return, bare blocks
// and `let` declarations. Loops are plain LLVM loops: the kernel's verifier
// accepts bounded loops, and LLVM unrolls the small constant ones.
#include "codegen/program_emitter.h"

namespace bpfscope {

using namespace ast;

void ProgramEmitter::emitControlFlow(const Stmt &stmt) {
  // A loop body may run after a write later in the body: no reuse from here on.
  if (stmt.as<While>() || stmt.as<For>())
    predicate_lookups_.clear();
  if (auto *s = stmt.as<While>())
    return emitWhile(*s);
  if (auto *s = stmt.as<For>())
    return emitFor(*s);
  if (auto *s = stmt.as<Unroll>()) {
    for (uint64_t i = 0; i < s->times; ++i)
      emitBlock(s->body);
    return;
  }
  if (auto *s = stmt.as<Jump>())
    return emitJump(*s);
  if (auto *s = stmt.as<Scope>())
    return emitBlock(s->body);
  if (auto *s = stmt.as<Let>())
    return emitLet(*s);
}

void ProgramEmitter::emitWhile(const While &s) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *cond = llvm::BasicBlock::Create(m_.context(), "while_cond", fn);
  auto *body = llvm::BasicBlock::Create(m_.context(), "while_body", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "while_done", fn);
  b_.CreateBr(cond);
  b_.SetInsertPoint(cond);
  b_.CreateCondBr(emitTruth(*s.cond), body, done);
  b_.SetInsertPoint(body);
  loops_.push_back({cond, done});
  emitBlock(s.body);
  loops_.pop_back();
  b_.CreateBr(cond);
  b_.SetInsertPoint(done);
}

// for ($i : start..end): both bounds are evaluated once, before the loop.
void ProgramEmitter::emitFor(const For &s) {
  if (s.map)
    return emitForMap(s);
  if (s.range_callback)
    return emitForRangeCallback(s);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  llvm::Value *end = emitInt(*s.end);
  llvm::Value *counter = m_.createEntryAlloca(b_.getInt64Ty(), "for_counter");
  b_.CreateStore(emitInt(*s.start), counter);
  bool is_signed = s.var->type.is_signed;
  auto *cond = llvm::BasicBlock::Create(m_.context(), "for_cond", fn);
  auto *body = llvm::BasicBlock::Create(m_.context(), "for_body", fn);
  auto *next = llvm::BasicBlock::Create(m_.context(), "for_next", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "for_done", fn);
  b_.CreateBr(cond);

  b_.SetInsertPoint(cond);
  llvm::Value *i = b_.CreateLoad(b_.getInt64Ty(), counter);
  llvm::Value *more = is_signed ? b_.CreateICmpSLT(i, end) : b_.CreateICmpULT(i, end);
  b_.CreateCondBr(more, body, done);

  b_.SetInsertPoint(body);
  b_.CreateStore(i, variableSlot(*s.var));
  loops_.push_back({next, done});
  emitBlock(s.body);
  loops_.pop_back();
  b_.CreateBr(next);

  b_.SetInsertPoint(next);
  llvm::Value *current = b_.CreateLoad(b_.getInt64Ty(), counter);
  b_.CreateStore(b_.CreateAdd(current, b_.getInt64(1)), counter);
  b_.CreateBr(cond);
  b_.SetInsertPoint(done);
}

void ProgramEmitter::emitJump(const Jump &s) {
  switch (s.jump) {
  case JumpKind::Break:
    b_.CreateBr(loops_.back().break_to);
    break;
  case JumpKind::Continue:
    b_.CreateBr(loops_.back().continue_to);
    break;
  case JumpKind::Return:
    emitReturn(s.value ? emitInt(*s.value) : b_.getInt64(0));
    break;
  }
  continueUnreachable();
}

void ProgramEmitter::continueUnreachable() {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  b_.SetInsertPoint(llvm::BasicBlock::Create(m_.context(), "after_jump", fn));
}

// `let $x;` starts at zero (or an empty string).
void ProgramEmitter::emitLet(const Let &s) {
  if (s.value) {
    storeVariable(*s.var, emitExpr(*s.value), s.value->type);
    return;
  }
  llvm::Value *slot = variableSlot(*s.var);
  if (s.var->type.isInMemory())
    zeroBytes(slot, s.var->type.size);
  else
    b_.CreateStore(b_.getInt64(0), slot);
}

void ProgramEmitter::storeVariable(const Variable &var, const Val &value, const Type &value_type) {
  llvm::Value *slot = variableSlot(var);
  if (value.in_memory)
    storeValue(slot, var.type, value, value_type);
  else
    b_.CreateStore(normalizeInteger(value.v, var.type), slot);
}

llvm::Value *ProgramEmitter::normalizeInteger(llvm::Value *v, const Type &type) {
  if (type.kind == TypeKind::Bool)
    return b_.CreateZExt(b_.CreateICmpNE(v, b_.getInt64(0)), b_.getInt64Ty());
  if (!type.isInteger() || type.size >= 8)
    return v;
  llvm::Value *narrow = b_.CreateTrunc(v, b_.getIntNTy(type.size * 8));
  return toInt64(narrow, type);
}

// Integer <-> integer-array casts reinterpret the bytes (little-endian); a
// string cast to a byte array keeps its bytes where they are; (string[N])
// copies a string into N bytes; (bool) of a string is whether it is not empty.
ProgramEmitter::Val ProgramEmitter::emitCast(const Cast &c) {
  if (c.type.isArray() && c.operand->type.isString())
    return emitExpr(*c.operand);
  if (c.type.isString()) {
    llvm::Value *resized = temporary(c.type.size, "cast");
    storeValue(resized, c.type, emitExpr(*c.operand), c.operand->type);
    return {resized, true};
  }
  if (c.type.kind == TypeKind::Bool && c.operand->type.isString()) {
    llvm::Value *first = b_.CreateLoad(b_.getInt8Ty(), emitExpr(*c.operand).v);
    return {b_.CreateZExt(b_.CreateICmpNE(first, b_.getInt8(0)), b_.getInt64Ty()), false};
  }
  if (c.type.isArray()) {
    llvm::Value *bytes = temporary(c.type.size, "cast");
    llvm::Value *narrow = b_.CreateTrunc(emitInt(*c.operand), b_.getIntNTy(c.type.size * 8));
    b_.CreateAlignedStore(narrow, bytes, llvm::MaybeAlign(1));
    return {bytes, true};
  }
  if (c.operand->type.isArray())
    return loadValue(emitExpr(*c.operand).v, c.type);
  return {normalizeInteger(emitInt(*c.operand), c.type), false};
}

} // namespace bpfscope
