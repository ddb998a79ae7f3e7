#include "codegen/program_emitter.h"

#include "codegen/async_event.h"

#include <llvm/IR/Constants.h>

namespace bpfscope {

using namespace ast;

// Temporaries up to this size live on the 512-byte BPF stack; larger ones
// (strings, keys and printf records holding strings) in per-CPU scratch memory.
constexpr uint32_t kOnStackLimit = 64;

ProgramEmitter::ProgramEmitter(BpfModule &module, const CheckedProgram &program,
                               const ObjectMaps &maps, const SourceFile &source)
    : m_(module), b_(module.builder()), program_(program), maps_(maps), source_(source) {}

void ProgramEmitter::emit(const ProgramUnit &unit) {
  unit_ = &unit;
  variables_.clear();
  scratch_size_ = 0;
  const Provider *provider = findProvider(unit.target.provider);
  args_ = provider->args(unit.target);
  LineColumn at = source_.locate(unit.probe->span.begin);
  llvm::Function *fn = m_.beginProgram(unit.function_name, provider->sectionName(unit.target),
                                       static_cast<unsigned>(at.line));
  entry_ = b_.GetInsertBlock();
  scratch_base_slot_ = m_.createEntryAlloca(b_.getPtrTy(), "scratch_base");
  body_ = llvm::BasicBlock::Create(m_.context(), "body", fn);
  b_.SetInsertPoint(body_);

  if (unit.probe->predicate) {
    setLocation(unit.probe->predicate->span);
    llvm::Value *pass = emitTruth(*unit.probe->predicate);
    auto *then = llvm::BasicBlock::Create(m_.context(), "predicate_true", fn);
    auto *skip = llvm::BasicBlock::Create(m_.context(), "predicate_false", fn);
    b_.CreateCondBr(pass, then, skip);
    b_.SetInsertPoint(skip);
    b_.CreateRet(b_.getInt32(0));
    b_.SetInsertPoint(then);
  }
  emitBlock(unit.probe->body);
  // Tracepoint programs return 0 so the kernel skips the perf sample path.
  b_.CreateRet(b_.getInt32(0));
  finishEntry();
}

// The entry block finds this program's scratch memory (when it needs any) and
// then falls through to the body; it is built last, once the size is known.
void ProgramEmitter::finishEntry() {
  b_.SetInsertPoint(entry_);
  if (scratch_size_ == 0) {
    b_.CreateBr(body_);
    return;
  }
  uint32_t size = (scratch_size_ + 7) / 8 * 8;
  auto *map = m_.declareMap("scratch_" + unit_->function_name, BPF_MAP_TYPE_PERCPU_ARRAY, 4, size, 1);
  llvm::Value *key = m_.createEntryAlloca(b_.getInt32Ty(), "scratch_key");
  b_.CreateStore(b_.getInt32(0), key);
  llvm::Value *base = m_.mapLookup(map, key);
  auto *fail = llvm::BasicBlock::Create(m_.context(), "no_scratch", entry_->getParent());
  auto *ok = llvm::BasicBlock::Create(m_.context(), "scratch_ok", entry_->getParent());
  b_.CreateCondBr(b_.CreateIsNull(base), fail, ok);
  b_.SetInsertPoint(fail);
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(ok);
  b_.CreateStore(base, scratch_base_slot_);
  b_.CreateBr(body_);
}

void ProgramEmitter::setLocation(Span span) {
  LineColumn at = source_.locate(span.begin);
  m_.setLocation(static_cast<unsigned>(at.line), static_cast<unsigned>(at.column));
}

// ------------------------------------------------------------------ storage

llvm::Value *ProgramEmitter::temporary(uint32_t size, const llvm::Twine &name) {
  if (size <= kOnStackLimit)
    return m_.createEntryAlloca(llvm::ArrayType::get(b_.getInt8Ty(), (size + 7) / 8 * 8), name);
  uint32_t offset = scratch_size_;
  scratch_size_ += (size + 7) / 8 * 8;
  llvm::Value *base = b_.CreateLoad(b_.getPtrTy(), scratch_base_slot_);
  return bytePointer(base, offset);
}

llvm::Value *ProgramEmitter::zeroedTemporary(uint32_t size, const llvm::Twine &name) {
  llvm::Value *p = temporary(size, name);
  b_.CreateMemSet(p, b_.getInt8(0), size, llvm::MaybeAlign(1));
  return p;
}

llvm::Value *ProgramEmitter::bytePointer(llvm::Value *base, uint64_t offset) {
  if (offset == 0)
    return base;
  return b_.CreateGEP(b_.getInt8Ty(), base, b_.getInt64(offset));
}

llvm::Value *ProgramEmitter::toInt64(llvm::Value *v, const Type &type) {
  if (v->getType()->isPointerTy())
    return b_.CreatePtrToInt(v, b_.getInt64Ty());
  if (v->getType()->getIntegerBitWidth() == 64)
    return v;
  return type.is_signed ? b_.CreateSExt(v, b_.getInt64Ty()) : b_.CreateZExt(v, b_.getInt64Ty());
}

// Stores `value` (of `value_type`) into memory laid out as `dst_type`.
void ProgramEmitter::storeValue(llvm::Value *dst, const Type &dst_type, const Val &value,
                                const Type &value_type) {
  if (value.in_memory) {
    uint32_t n = std::min(dst_type.size, value_type.size);
    b_.CreateMemCpy(dst, llvm::MaybeAlign(1), value.v, llvm::MaybeAlign(1), n);
    if (dst_type.size > n)
      b_.CreateMemSet(bytePointer(dst, n), b_.getInt8(0), dst_type.size - n, llvm::MaybeAlign(1));
    return;
  }
  llvm::Type *t = b_.getIntNTy(dst_type.size * 8);
  b_.CreateAlignedStore(b_.CreateTrunc(value.v, t), dst, llvm::MaybeAlign(1));
}

ProgramEmitter::Val ProgramEmitter::loadValue(llvm::Value *src, const Type &type) {
  if (type.kind == TypeKind::String || type.kind == TypeKind::Tuple)
    return {src, true};
  llvm::Value *v = b_.CreateAlignedLoad(b_.getIntNTy(type.size * 8), src, llvm::MaybeAlign(1));
  return {toInt64(v, type), false};
}

llvm::Value *ProgramEmitter::variableSlot(const Variable &v) {
  auto it = variables_.find(v.name);
  if (it != variables_.end())
    return it->second;
  llvm::Value *slot;
  if (v.type.kind == TypeKind::String || v.type.kind == TypeKind::Tuple) {
    // Memory-valued variables need storage that every path can reach: make
    // it in the entry block's scratch area or stack frame.
    auto saved = b_.saveIP();
    b_.SetInsertPoint(body_, body_->begin());
    slot = temporary(v.type.size, v.name);
    b_.restoreIP(saved);
  } else {
    slot = m_.createEntryAlloca(b_.getInt64Ty(), v.name);
  }
  variables_[v.name] = slot;
  return slot;
}

// ------------------------------------------------------------------ statements

void ProgramEmitter::emitBlock(const Block &block) {
  for (const auto &stmt : block)
    emitStmt(*stmt);
}

void ProgramEmitter::emitStmt(const Stmt &stmt) {
  setLocation(stmt.span);
  if (auto *s = stmt.as<ExprStmt>())
    return emitExprStmt(*s);
  if (auto *s = stmt.as<Assign>())
    return emitAssign(*s);
  if (auto *s = stmt.as<If>())
    return emitIf(*s);
}

void ProgramEmitter::emitIf(const If &s) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  llvm::Value *cond = emitTruth(*s.cond);
  auto *then = llvm::BasicBlock::Create(m_.context(), "if_then", fn);
  auto *otherwise = llvm::BasicBlock::Create(m_.context(), "if_else", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "if_done", fn);
  b_.CreateCondBr(cond, then, otherwise);
  b_.SetInsertPoint(then);
  emitBlock(s.then_block);
  b_.CreateBr(done);
  b_.SetInsertPoint(otherwise);
  emitBlock(s.else_block);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void ProgramEmitter::emitAssign(const Assign &s) {
  if (auto *call = s.value->as<Call>(); call && s.target->type.isAggregate())
    return emitAggregate(*s.target->as<MapAccess>(), *call);

  if (auto *var = s.target->as<Variable>()) {
    llvm::Value *slot = variableSlot(*var);
    if (s.is_compound) {
      llvm::Value *old = b_.CreateLoad(b_.getInt64Ty(), slot);
      b_.CreateStore(arithmetic(s.compound, old, emitInt(*s.value), var->type.is_signed), slot);
      return;
    }
    Val value = emitExpr(*s.value);
    if (value.in_memory)
      storeValue(slot, var->type, value, s.value->type);
    else
      b_.CreateStore(value.v, slot);
    return;
  }
  auto *map = s.target->as<MapAccess>();
  if (s.is_compound) {
    llvm::Value *rhs = emitInt(*s.value);
    bool is_signed = mapInfo(map->name).value.is_signed;
    updateMapInteger(*map, [&](llvm::Value *old) {
      return arithmetic(s.compound, old, rhs, is_signed);
    });
    return;
  }
  writeMap(*map, *s.value);
}

void ProgramEmitter::emitExprStmt(const ExprStmt &s) {
  if (auto *call = s.expr->as<Call>()) {
    if (call->name == "printf")
      return emitPrintf(*call);
    if (call->name == "exit")
      return emitExit(*call);
    if (call->name == "delete")
      return emitDelete(*call);
  }
  emitExpr(*s.expr);
}

void ProgramEmitter::emitPrintf(const Call &call) {
  const PrintfInfo *info = nullptr;
  size_t id = 0;
  for (; id < program_.printfs.size(); ++id)
    if (program_.printfs[id].call == &call) {
      info = &program_.printfs[id];
      break;
    }
  uint32_t size = sizeof(async::Header) + info->args.size;
  llvm::Value *record = temporary(size, "printf_record");
  b_.CreateStore(b_.getInt64(async::kPrintfBase + id), record);
  auto offsets = info->args.elementOffsets();
  for (size_t i = 0; i < info->arg_types.size(); ++i) {
    const Expr &arg = *call.args[i + 1];
    storeValue(bytePointer(record, sizeof(async::Header) + offsets[i]), info->arg_types[i],
               emitExpr(arg), arg.type);
  }
  m_.ringbufOutput(maps_.events, record, b_.getInt64(size));
}

void ProgramEmitter::emitExit(const Call &call) {
  llvm::Value *record = temporary(16, "exit_record");
  b_.CreateStore(b_.getInt64(async::kExit), record);
  llvm::Value *code = call.args.empty() ? b_.getInt64(0) : emitInt(*call.args[0]);
  b_.CreateStore(code, bytePointer(record, 8));
  m_.ringbufOutput(maps_.events, record, b_.getInt64(16));
}

void ProgramEmitter::emitDelete(const Call &call) {
  const auto &access = *call.args[0]->as<MapAccess>();
  const MapInfo &info = mapInfo(access.name);
  m_.mapDelete(maps_.user.at(access.name), buildKey(info, access));
}

// ------------------------------------------------------------------ maps

const MapInfo &ProgramEmitter::mapInfo(const std::string &name) const {
  return *program_.findMap(name);
}

llvm::Value *ProgramEmitter::buildKey(const MapInfo &info, const MapAccess &access,
                                      llvm::Value *bucket) {
  uint32_t size = info.key.size + (bucket ? 8 : 0);
  llvm::Value *key = zeroedTemporary(size, "key");
  auto offsets = info.key.elementOffsets();
  for (size_t i = 0; i < access.keys.size(); ++i)
    storeValue(bytePointer(key, offsets[i]), info.key_types[i], emitExpr(*access.keys[i]),
               access.keys[i]->type);
  if (bucket)
    b_.CreateAlignedStore(bucket, bytePointer(key, info.key.size), llvm::MaybeAlign(1));
  return key;
}

ProgramEmitter::Val ProgramEmitter::readMap(const MapAccess &access) {
  const MapInfo &info = mapInfo(access.name);
  llvm::Value *found = m_.mapLookup(maps_.user.at(access.name), buildKey(info, access));
  // A missing element reads as zero (or an empty string).
  llvm::Value *result = temporary(info.value.size, "map_value");
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *hit = llvm::BasicBlock::Create(m_.context(), "map_hit", fn);
  auto *miss = llvm::BasicBlock::Create(m_.context(), "map_miss", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "map_done", fn);
  b_.CreateCondBr(b_.CreateIsNull(found), miss, hit);
  b_.SetInsertPoint(hit);
  b_.CreateMemCpy(result, llvm::MaybeAlign(1), found, llvm::MaybeAlign(1), info.value.size);
  b_.CreateBr(done);
  b_.SetInsertPoint(miss);
  b_.CreateMemSet(result, b_.getInt8(0), info.value.size, llvm::MaybeAlign(1));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return loadValue(result, info.value);
}

void ProgramEmitter::writeMap(const MapAccess &access, const Expr &value) {
  const MapInfo &info = mapInfo(access.name);
  llvm::Value *key = buildKey(info, access);
  llvm::Value *slot = temporary(info.value.size, "map_value");
  storeValue(slot, info.value, emitExpr(value), value.type);
  m_.mapUpdate(maps_.user.at(access.name), key, slot);
}

llvm::Value *ProgramEmitter::updateMapInteger(const MapAccess &access,
                                              const std::function<llvm::Value *(llvm::Value *)> &op) {
  const MapInfo &info = mapInfo(access.name);
  llvm::GlobalVariable *map = maps_.user.at(access.name);
  llvm::Value *key = buildKey(info, access);
  llvm::Value *found = m_.mapLookup(map, key);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *hit = llvm::BasicBlock::Create(m_.context(), "rmw_hit", fn);
  auto *miss = llvm::BasicBlock::Create(m_.context(), "rmw_miss", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "rmw_done", fn);
  b_.CreateCondBr(b_.CreateIsNull(found), miss, hit);

  b_.SetInsertPoint(hit);
  llvm::Value *updated_hit = op(b_.CreateLoad(b_.getInt64Ty(), found));
  b_.CreateStore(updated_hit, found);
  b_.CreateBr(done);
  hit = b_.GetInsertBlock();

  b_.SetInsertPoint(miss);
  llvm::Value *updated_miss = op(b_.getInt64(0));
  llvm::Value *slot = m_.createEntryAlloca(b_.getInt64Ty(), "new_value");
  b_.CreateStore(updated_miss, slot);
  m_.mapUpdate(map, key, slot);
  b_.CreateBr(done);
  miss = b_.GetInsertBlock();

  b_.SetInsertPoint(done);
  llvm::PHINode *result = b_.CreatePHI(b_.getInt64Ty(), 2);
  result->addIncoming(updated_hit, hit);
  result->addIncoming(updated_miss, miss);
  return result;
}

// ------------------------------------------------------------------ expressions

llvm::Value *ProgramEmitter::emitInt(const Expr &e) { return emitExpr(e).v; }

llvm::Value *ProgramEmitter::emitTruth(const Expr &e) {
  return b_.CreateICmpNE(emitInt(e), b_.getInt64(0));
}

ProgramEmitter::Val ProgramEmitter::emitExpr(const Expr &e) {
  switch (e.kind) {
  case ExprKind::Integer:
    return {b_.getInt64(e.as<IntegerLiteral>()->value), false};
  case ExprKind::String:
    return constantString(e.as<StringLiteral>()->value, e.type.size);
  case ExprKind::Builtin:
    return emitBuiltin(*e.as<Builtin>());
  case ExprKind::Variable:
    return emitVariable(*e.as<Variable>());
  case ExprKind::Map:
    return readMap(*e.as<MapAccess>());
  case ExprKind::Call:
    return emitCall(*e.as<Call>());
  case ExprKind::Binary:
    return emitBinary(*e.as<Binary>());
  case ExprKind::Unary:
    return emitUnary(*e.as<Unary>());
  case ExprKind::Ternary:
    return emitTernary(*e.as<Ternary>());
  case ExprKind::Field:
    return emitField(*e.as<FieldAccess>());
  }
  return {b_.getInt64(0), false};
}

ProgramEmitter::Val ProgramEmitter::emitBuiltin(const Builtin &b) {
  const std::string &n = b.name;
  if (n == "pid")
    return {b_.CreateLShr(m_.getCurrentPidTgid(), 32), false};
  if (n == "tid")
    return {b_.CreateAnd(m_.getCurrentPidTgid(), 0xffffffffULL), false};
  if (n == "uid")
    return {b_.CreateAnd(m_.getCurrentUidGid(), 0xffffffffULL), false};
  if (n == "gid")
    return {b_.CreateLShr(m_.getCurrentUidGid(), 32), false};
  if (n == "nsecs")
    return {m_.ktimeGetBootNs(), false};
  if (n == "cpu")
    return {m_.getSmpProcessorId(), false};
  if (n == "rand")
    return {m_.getPrandomU32(), false};
  if (n == "cgroup")
    return {m_.callHelper(BPF_FUNC_get_current_cgroup_id, b_.getInt64Ty(), {}), false};
  if (n == "elapsed") {
    llvm::Value *key = m_.createEntryAlloca(b_.getInt32Ty(), "start_key");
    b_.CreateStore(b_.getInt32(0), key);
    llvm::Value *now = m_.ktimeGetBootNs();
    llvm::Value *start_ptr = m_.mapLookup(maps_.start_time, key);
    llvm::Value *is_null = b_.CreateIsNull(start_ptr);
    // Array lookups never fail for index 0; the check satisfies the verifier.
    llvm::Function *fn = b_.GetInsertBlock()->getParent();
    auto *have = llvm::BasicBlock::Create(m_.context(), "have_start", fn);
    auto *done = llvm::BasicBlock::Create(m_.context(), "elapsed_done", fn);
    llvm::BasicBlock *from = b_.GetInsertBlock();
    b_.CreateCondBr(is_null, done, have);
    b_.SetInsertPoint(have);
    llvm::Value *elapsed = b_.CreateSub(now, b_.CreateLoad(b_.getInt64Ty(), start_ptr));
    b_.CreateBr(done);
    b_.SetInsertPoint(done);
    llvm::PHINode *phi = b_.CreatePHI(b_.getInt64Ty(), 2);
    phi->addIncoming(b_.getInt64(0), from);
    phi->addIncoming(elapsed, have);
    return {phi, false};
  }
  if (n == "probe")
    return constantString(unit_->target.canonical, b.type.size);
  if (n == "comm") {
    llvm::Value *buf = zeroedTemporary(16, "comm");
    m_.getCurrentComm(buf, b_.getInt64(16));
    return {buf, true};
  }
  return {b_.getInt64(0), false};
}

ProgramEmitter::Val ProgramEmitter::constantString(const std::string &text, uint32_t size) {
  llvm::Value *p = zeroedTemporary(size, "string");
  for (size_t i = 0; i < text.size() && i + 1 < size; ++i)
    b_.CreateStore(b_.getInt8(static_cast<uint8_t>(text[i])), bytePointer(p, i));
  return {p, true};
}

ProgramEmitter::Val ProgramEmitter::emitVariable(const Variable &v) {
  llvm::Value *slot = variableSlot(v);
  if (v.type.kind == TypeKind::String || v.type.kind == TypeKind::Tuple)
    return {slot, true};
  return {b_.CreateLoad(b_.getInt64Ty(), slot), false};
}

ProgramEmitter::Val ProgramEmitter::emitCall(const Call &call) {
  if (call.name == "str")
    return emitStr(call);
  return {b_.getInt64(0), false};
}

ProgramEmitter::Val ProgramEmitter::emitStr(const Call &call) {
  const Expr &src = *call.args[0];
  if (src.type.kind == TypeKind::String)
    return emitExpr(src);
  llvm::Value *address = emitInt(src);
  uint32_t size = call.type.size;
  llvm::Value *buf = zeroedTemporary(size, "str");
  llvm::Value *limit = b_.getInt64(size);
  if (call.args.size() == 2) {
    // A run-time length: read at most length bytes plus the terminating NUL, capped at the buffer.
    llvm::Value *want = b_.CreateAdd(emitInt(*call.args[1]), b_.getInt64(1));
    llvm::Value *capped = b_.CreateSelect(b_.CreateICmpULT(want, limit), want, limit);
    limit = b_.CreateAnd(capped, b_.getInt64(0xffff)); // keeps the verifier's range bounded
  }
  if (src.type.user_address)
    m_.probeReadUserStr(buf, limit, address);
  else
    m_.probeReadKernelStr(buf, limit, address);
  return {buf, true};
}

ProgramEmitter::Val ProgramEmitter::emitField(const FieldAccess &f) {
  const ArgField *field = args_->find(f.field);
  llvm::Value *address = bytePointer(m_.ctx(), field->offset);
  if (field->data_loc) {
    // __data_loc: the low 16 bits are the string's offset within the record.
    llvm::Value *loc = b_.CreateAlignedLoad(b_.getInt32Ty(), address, llvm::MaybeAlign(4));
    llvm::Value *offset = b_.CreateZExt(b_.CreateAnd(loc, 0xffff), b_.getInt64Ty());
    llvm::Value *base = b_.CreatePtrToInt(m_.ctx(), b_.getInt64Ty());
    return {b_.CreateAdd(base, offset), false};
  }
  if (field->type.kind == TypeKind::String) {
    llvm::Value *buf = zeroedTemporary(field->type.size, "field");
    m_.probeReadKernel(buf, b_.getInt64(field->type.size), address);
    return {buf, true};
  }
  llvm::Value *v = b_.CreateAlignedLoad(b_.getIntNTy(field->type.size * 8), address,
                                        llvm::MaybeAlign(field->type.size));
  return {toInt64(v, field->type), false};
}

ProgramEmitter::Val ProgramEmitter::emitBinary(const Binary &b) {
  if (b.op == BinaryOp::LogicalAnd || b.op == BinaryOp::LogicalOr)
    return {b_.CreateZExt(emitLogical(b), b_.getInt64Ty()), false};
  if (b.lhs->type.kind == TypeKind::String) {
    llvm::Value *eq = emitStringEquals(*b.lhs, *b.rhs);
    if (b.op == BinaryOp::Ne)
      eq = b_.CreateNot(eq);
    return {b_.CreateZExt(eq, b_.getInt64Ty()), false};
  }
  llvm::Value *l = emitInt(*b.lhs);
  llvm::Value *r = emitInt(*b.rhs);
  bool is_signed = (b.lhs->type.isInteger() && b.lhs->type.is_signed) ||
                   (b.rhs->type.isInteger() && b.rhs->type.is_signed);
  llvm::Value *v = arithmetic(b.op, l, r, is_signed);
  if (v->getType()->getIntegerBitWidth() == 1)
    v = b_.CreateZExt(v, b_.getInt64Ty());
  return {v, false};
}

llvm::Value *ProgramEmitter::arithmetic(BinaryOp op, llvm::Value *l, llvm::Value *r,
                                       bool is_signed) {
  switch (op) {
  case BinaryOp::Add: return b_.CreateAdd(l, r);
  case BinaryOp::Sub: return b_.CreateSub(l, r);
  case BinaryOp::Mul: return b_.CreateMul(l, r);
  case BinaryOp::Div:
  case BinaryOp::Mod:
    return divide(op == BinaryOp::Div, l, r, is_signed);
  case BinaryOp::BitAnd: return b_.CreateAnd(l, r);
  case BinaryOp::BitOr: return b_.CreateOr(l, r);
  case BinaryOp::BitXor: return b_.CreateXor(l, r);
  case BinaryOp::Shl: return b_.CreateShl(l, r);
  case BinaryOp::Shr: return is_signed ? b_.CreateAShr(l, r) : b_.CreateLShr(l, r);
  case BinaryOp::Eq: return b_.CreateICmpEQ(l, r);
  case BinaryOp::Ne: return b_.CreateICmpNE(l, r);
  case BinaryOp::Lt: return is_signed ? b_.CreateICmpSLT(l, r) : b_.CreateICmpULT(l, r);
  case BinaryOp::Le: return is_signed ? b_.CreateICmpSLE(l, r) : b_.CreateICmpULE(l, r);
  case BinaryOp::Gt: return is_signed ? b_.CreateICmpSGT(l, r) : b_.CreateICmpUGT(l, r);
  case BinaryOp::Ge: return is_signed ? b_.CreateICmpSGE(l, r) : b_.CreateICmpUGE(l, r);
  case BinaryOp::LogicalAnd:
  case BinaryOp::LogicalOr: break; // short-circuit: see emitLogical
  }
  return l;
}

// Division by zero yields 0, as in bpftrace. BPF before ISA v4 has only
// unsigned division, so signed operands divide their magnitudes and the sign
// is put back (C semantics: the quotient truncates toward zero, the remainder
// takes the dividend's sign).
llvm::Value *ProgramEmitter::divide(bool quotient, llvm::Value *l, llvm::Value *r, bool is_signed) {
  llvm::Value *zero = b_.CreateICmpEQ(r, b_.getInt64(0));
  llvm::Value *divisor = b_.CreateSelect(zero, b_.getInt64(1), r);
  if (!is_signed) {
    llvm::Value *q = quotient ? b_.CreateUDiv(l, divisor) : b_.CreateURem(l, divisor);
    return b_.CreateSelect(zero, b_.getInt64(0), q);
  }
  auto magnitude = [&](llvm::Value *v) {
    return b_.CreateSelect(b_.CreateICmpSLT(v, b_.getInt64(0)), b_.CreateNeg(v), v);
  };
  llvm::Value *l_negative = b_.CreateICmpSLT(l, b_.getInt64(0));
  llvm::Value *negative = quotient
                              ? b_.CreateXor(l_negative, b_.CreateICmpSLT(divisor, b_.getInt64(0)))
                              : l_negative;
  llvm::Value *q = quotient ? b_.CreateUDiv(magnitude(l), magnitude(divisor))
                            : b_.CreateURem(magnitude(l), magnitude(divisor));
  llvm::Value *result = b_.CreateSelect(negative, b_.CreateNeg(q), q);
  return b_.CreateSelect(zero, b_.getInt64(0), result);
}

// && and || evaluate their right side only when needed.
llvm::Value *ProgramEmitter::emitLogical(const Binary &b) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  llvm::Value *lhs = emitTruth(*b.lhs);
  llvm::BasicBlock *lhs_block = b_.GetInsertBlock();
  auto *rhs_block = llvm::BasicBlock::Create(m_.context(), "logic_rhs", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "logic_done", fn);
  bool is_and = b.op == BinaryOp::LogicalAnd;
  if (is_and)
    b_.CreateCondBr(lhs, rhs_block, done);
  else
    b_.CreateCondBr(lhs, done, rhs_block);
  b_.SetInsertPoint(rhs_block);
  llvm::Value *rhs = emitTruth(*b.rhs);
  rhs_block = b_.GetInsertBlock();
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  llvm::PHINode *phi = b_.CreatePHI(b_.getInt1Ty(), 2);
  phi->addIncoming(b_.getInt1(!is_and), lhs_block);
  phi->addIncoming(rhs, rhs_block);
  return phi;
}

// Strings compare like strcmp() == 0 over their fixed-size buffers: equal up
// to the first NUL, and a shorter buffer's end counts as a NUL.
llvm::Value *ProgramEmitter::emitStringEquals(const Expr &a, const Expr &b) {
  Val va = emitExpr(a);
  Val vb = emitExpr(b);
  uint32_t common = std::min(a.type.size, b.type.size);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *done = llvm::BasicBlock::Create(m_.context(), "streq_done", fn);
  llvm::PHINode *result = llvm::PHINode::Create(b_.getInt1Ty(), common * 2 + 1, "streq");
  for (uint32_t i = 0; i < common; ++i) {
    llvm::Value *ca = b_.CreateLoad(b_.getInt8Ty(), bytePointer(va.v, i));
    llvm::Value *cb = b_.CreateLoad(b_.getInt8Ty(), bytePointer(vb.v, i));
    auto *same = llvm::BasicBlock::Create(m_.context(), "streq_same", fn);
    result->addIncoming(b_.getInt1(false), b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpNE(ca, cb), done, same);
    b_.SetInsertPoint(same);
    auto *next = llvm::BasicBlock::Create(m_.context(), "streq_next", fn);
    result->addIncoming(b_.getInt1(true), b_.GetInsertBlock());
    b_.CreateCondBr(b_.CreateICmpEQ(ca, b_.getInt8(0)), done, next);
    b_.SetInsertPoint(next);
  }
  llvm::Value *tail = b_.getInt1(true);
  if (a.type.size != b.type.size) {
    llvm::Value *longer = a.type.size > b.type.size ? va.v : vb.v;
    tail = b_.CreateICmpEQ(b_.CreateLoad(b_.getInt8Ty(), bytePointer(longer, common)), b_.getInt8(0));
  }
  result->addIncoming(tail, b_.GetInsertBlock());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.Insert(result);
  return result;
}

ProgramEmitter::Val ProgramEmitter::emitUnary(const Unary &u) {
  switch (u.op) {
  case UnaryOp::Neg:
    return {b_.CreateNeg(emitInt(*u.operand)), false};
  case UnaryOp::BitNot:
    return {b_.CreateNot(emitInt(*u.operand)), false};
  case UnaryOp::LogicalNot:
    return {b_.CreateZExt(b_.CreateNot(emitTruth(*u.operand)), b_.getInt64Ty()), false};
  default:
    break;
  }
  int64_t delta = u.op == UnaryOp::PreInc || u.op == UnaryOp::PostInc ? 1 : -1;
  bool post = u.op == UnaryOp::PostInc || u.op == UnaryOp::PostDec;
  if (auto *map = u.operand->as<MapAccess>()) {
    llvm::Value *updated =
        updateMapInteger(*map, [&](llvm::Value *old) { return b_.CreateAdd(old, b_.getInt64(delta)); });
    return {post ? b_.CreateSub(updated, b_.getInt64(delta)) : updated, false};
  }
  llvm::Value *slot = variableSlot(*u.operand->as<Variable>());
  llvm::Value *old = b_.CreateLoad(b_.getInt64Ty(), slot);
  llvm::Value *updated = b_.CreateAdd(old, b_.getInt64(delta));
  b_.CreateStore(updated, slot);
  return {post ? old : updated, false};
}

ProgramEmitter::Val ProgramEmitter::emitTernary(const Ternary &t) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  llvm::Value *cond = emitTruth(*t.cond);
  bool in_memory = t.type.kind == TypeKind::String;
  llvm::Value *slot = in_memory ? temporary(t.type.size, "ternary")
                                : m_.createEntryAlloca(b_.getInt64Ty(), "ternary");
  auto *then = llvm::BasicBlock::Create(m_.context(), "ternary_then", fn);
  auto *otherwise = llvm::BasicBlock::Create(m_.context(), "ternary_else", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "ternary_done", fn);
  b_.CreateCondBr(cond, then, otherwise);
  for (auto [block, expr] : {std::pair{then, t.then_expr.get()}, {otherwise, t.else_expr.get()}}) {
    b_.SetInsertPoint(block);
    Val v = emitExpr(*expr);
    if (in_memory)
      storeValue(slot, t.type, v, expr->type);
    else
      b_.CreateStore(v.v, slot);
    b_.CreateBr(done);
  }
  b_.SetInsertPoint(done);
  if (in_memory)
    return {slot, true};
  return {b_.CreateLoad(b_.getInt64Ty(), slot), false};
}

} // namespace bpfscope
