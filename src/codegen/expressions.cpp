// Expressions: literals, builtins, variables, operators, str() and args fields.
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"
#include "sema/probe_builtins.h"
#include "sema/stack_types.h"
#include "sema/symbol_functions.h"
#include "sema/typed_access.h"
#include "sema/value_functions.h"

#include <bpf/libbpf.h>

#include <algorithm>

namespace bpfscope {

using namespace ast;

llvm::Value *ProgramEmitter::emitInt(const Expr &e) {
  return emitExpr(e).v;
}

llvm::Value *ProgramEmitter::emitTruth(const Expr &e) {
  return b_.CreateICmpNE(emitInt(e), b_.getInt64(0));
}

// Each expression's instructions carry its own location, so a verifier
// rejection points at the expression rather than at its statement.
ProgramEmitter::Val ProgramEmitter::emitExpr(const Expr &e) {
  llvm::DebugLoc enclosing = b_.getCurrentDebugLocation();
  Span enclosing_span = current_span_;
  setLocation(e.span);
  Val value = emitExprOfKind(e);
  b_.SetCurrentDebugLocation(enclosing);
  current_span_ = enclosing_span;
  return value;
}

ProgramEmitter::Val ProgramEmitter::emitExprOfKind(const Expr &e) {
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
  case ExprKind::Bool:
    return {b_.getInt64(e.as<BoolLiteral>()->value ? 1 : 0), false};
  case ExprKind::Cast:
    return emitCast(*e.as<Cast>());
  case ExprKind::Field:
    return emitField(*e.as<FieldAccess>());
  case ExprKind::Index:
    return emitIndex(*e.as<Index>());
  case ExprKind::Tuple:
    return emitTuple(*e.as<TupleLiteral>());
  case ExprKind::Sizeof:
    return {b_.getInt64(e.as<Sizeof>()->value), false};
  case ExprKind::Offsetof:
    return {b_.getInt64(e.as<Offsetof>()->value), false};
  case ExprKind::Block: {
    const auto &block = *e.as<BlockExpr>();
    emitBlock(block.stmts);
    return emitExpr(*block.value);
  }
  case ExprKind::Wildcard: // a key of delete(@m[k, *]), which buildKey leaves out
    break;
  }
  return {b_.getInt64(0), false};
}

ProgramEmitter::Val ProgramEmitter::emitBuiltin(const Builtin &b) {
  const std::string &n = b.name;
  if (b.constant)
    return {b_.getInt64(static_cast<uint64_t>(*b.constant)), false};
  if (isTaskBuiltin(n))
    return emitTaskBuiltin(b);
  if (n == "args")
    return emitArgsRecord(b);
  if (n == "pid")
    return {currentProcessId(), false};
  if (n == "tid")
    return {b_.CreateAnd(currentPidTgid(), 0xffffffffULL), false};
  if (n == "uid" || n == "username") // user space prints username's name
    return {b_.CreateAnd(m_.getCurrentUidGid(), 0xffffffffULL), false};
  if (n == "gid")
    return {b_.CreateLShr(m_.getCurrentUidGid(), 32), false};
  if (n == "nsecs")
    return {m_.ktimeGetBootNs(), false};
  if (n == "cpu")
    return {m_.getSmpProcessorId(), false};
  if (n == "rand")
    return {m_.getPrandomU32(), false};
  if (n == "cpid")
    return {b_.getInt64(program_.child_pid), false};
  if (n == "ncpus")
    return {b_.getInt64(static_cast<uint64_t>(libbpf_num_possible_cpus())), false};
  if (n == "numaid")
    return {m_.callHelper(BPF_FUNC_get_numa_node_id, b_.getInt64Ty(), {}), false};
  if (n == "jiffies")
    return {m_.callHelper(BPF_FUNC_jiffies64, b_.getInt64Ty(), {}), false};
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
    return unit_->shared() ? emitTargetName(TargetNameColumn::Probe, b.type.size)
                           : constantString(unit_->target.canonical, b.type.size);
  if (n == "probetype")
    return constantString(probeType(unit_->target), b.type.size);
  if (n == "has_cpid")
    return {b_.getInt64(program_.child_pid != 0), false};
  if (isProbeBuiltin(n))
    return emitProbeBuiltin(b);
  if (isContextBuiltin(n))
    return emitContextBuiltin(b);
  if (isStackFunction(n))
    return emitStack(b.type);
  if (n == "comm") {
    // The helper writes all 16 bytes (NUL-padded): nothing to zero first.
    llvm::Value *buf = temporary(16, "comm");
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
  if (v.type.isInMemory())
    return {slot, true};
  return {b_.CreateLoad(b_.getInt64Ty(), slot), false};
}

ProgramEmitter::Val ProgramEmitter::emitCall(const Call &call) {
  if (call.constant) // is_str(), strcap(), kfunc_exist(), …: the arguments do not run
    return {b_.getInt64(static_cast<uint64_t>(*call.constant)), false};
  if (call.name == "str")
    return emitStr(call);
  if (isValueFunction(call.name))
    return emitValueFunction(call);
  if (isMapFunction(call.name))
    return emitMapFunction(call);
  if (isStackFunction(call.name))
    return emitStack(call.type);
  if (isSymbolFunction(call.name) || call.name == "uaddr" || call.name == "percpu_kaddr")
    return emitSymbolCall(call);
  if (call.name == "strftime") // the timestamp; user space formats it
    return {emitInt(*call.args[1]), false};
  if (isTaskField(call.name))
    return readTaskField(emitInt(*call.args[0]), call.name, call.type);
  if (call.name == "comm")
    return emitCommOfPid(call);
  if (isContextFunction(call.name))
    return emitContextFunction(call);
  return {b_.getInt64(0), false};
}

ProgramEmitter::Val ProgramEmitter::emitStr(const Call &call) {
  const Expr &src = *call.args[0];
  if (src.type.kind == TypeKind::String && src.type.size <= call.type.size)
    return emitExpr(src);
  if (src.type.kind == TypeKind::String) {
    // Cut to max_strlen, keeping the terminating NUL, as str() of a pointer does.
    llvm::Value *buf = zeroedTemporary(call.type.size, "str");
    copyBytes(buf, emitExpr(src).v, call.type.size - 1);
    return {buf, true};
  }
  llvm::Value *address = emitInt(src);
  // As the newest bpftrace reads it: up to min(length, max_strlen) bytes with
  // their NUL, plus one byte beyond the string's type when max_strlen is
  // below 1024. A string that long then fills its type with no NUL in it,
  // which prints with str_trunc_trailer.
  uint32_t extra = program_.max_strlen < 1024 ? 1 : 0;
  llvm::Value *buf = zeroedTemporary(call.type.size + extra, "str");
  llvm::Value *limit = b_.getInt64(program_.max_strlen);
  if (call.args.size() == 2) {
    llvm::Value *want = emitInt(*call.args[1]);
    limit = b_.CreateSelect(b_.CreateICmpULT(want, limit), want, limit);
  }
  limit = b_.CreateAdd(limit, b_.getInt64(extra));
  limit = b_.CreateAnd(limit, b_.getInt64(0xffff)); // keeps the verifier's range bounded
  readString(addressSpaceOf(src.type), buf, limit, address);
  return {buf, true};
}

ProgramEmitter::Val ProgramEmitter::emitField(const FieldAccess &f) {
  if (auto *base = f.base->as<Builtin>(); !base || base->name != "args")
    return emitMemberAccess(f);
  return loadContextField(argsField(f.field));
}

const ArgField &ProgramEmitter::argsField(const std::string &name) {
  if (!args_)
    args_ = findProvider(unit_->target.provider)->args(unit_->target);
  return *args_->find(name);
}

// `args` as one value: a record in a statement temporary, which is scratch
// memory when it is too large for the stack.
ProgramEmitter::Val ProgramEmitter::emitArgsRecord(const Builtin &b) {
  llvm::Value *record = temporary(b.type.size, "args");
  fillArgsRecord(record, b.type);
  return {record, true};
}

// Each field stored into its member of the record at dst.
void ProgramEmitter::fillArgsRecord(llvm::Value *dst, const Type &record) {
  zeroBytes(dst, record.size);
  std::vector<uint32_t> offsets = record.elementOffsets();
  for (size_t i = 0; i < record.names.size(); ++i)
    storeContextField(bytePointer(dst, offsets[i]), record.elements[i], argsField(record.names[i]));
}

// A string or array field is read straight into its place, without a copy;
// a __data_loc string's address (inside the context) is copied into a plain
// number, as the verifier allows no arithmetic on a stored context pointer.
void ProgramEmitter::storeContextField(llvm::Value *dst, const Type &dst_type,
                                       const ArgField &field) {
  if (field.type.isInMemory() && !field.operand && !field.data_loc) {
    m_.probeReadKernel(dst, b_.getInt64(field.type.size), bytePointer(m_.ctx(), field.offset));
    return;
  }
  Val value = loadContextField(field);
  if (field.data_loc)
    value.v = m_.addressAsScalar(b_.CreateIntToPtr(value.v, b_.getPtrTy()));
  storeValue(dst, dst_type, value, dst_type);
}

ProgramEmitter::Val ProgramEmitter::loadContextField(const ArgField &field) {
  if (field.operand)
    return loadRegisterOperand(*field.operand, field.type);
  llvm::Value *address = bytePointer(m_.ctx(), field.offset);
  if (field.data_loc) {
    // __data_loc: the low 16 bits are the string's offset within the record.
    llvm::Value *loc = b_.CreateAlignedLoad(b_.getInt32Ty(), address, llvm::MaybeAlign(4));
    llvm::Value *offset = b_.CreateZExt(b_.CreateAnd(loc, 0xffff), b_.getInt64Ty());
    llvm::Value *base = b_.CreatePtrToInt(m_.ctx(), b_.getInt64Ty());
    return {b_.CreateAdd(base, offset), false};
  }
  if (field.type.isInMemory()) {
    llvm::Value *buf = zeroedTemporary(field.type.size, "field");
    m_.probeReadKernel(buf, b_.getInt64(field.type.size), address);
    return {buf, true};
  }
  if (field.btf_object_pointer && !keep_btf_pointers_)
    return {m_.addressAsScalar(b_.CreateAlignedLoad(b_.getPtrTy(), address, llvm::MaybeAlign(8))),
            false};
  llvm::Value *v = b_.CreateAlignedLoad(b_.getIntNTy(field.type.size * 8), address,
                                        llvm::MaybeAlign(field.type.size));
  return {toInt64(v, field.type), false};
}

ProgramEmitter::Val ProgramEmitter::emitBinary(const Binary &b) {
  if (b.op == BinaryOp::LogicalAnd || b.op == BinaryOp::LogicalOr)
    return {b_.CreateZExt(emitLogical(b), b_.getInt64Ty()), false};
  if (b.lhs->type.isInMemory()) {
    llvm::Value *eq = emitValuesEqual(*b.lhs, *b.rhs);
    if (b.op == BinaryOp::Ne)
      eq = b_.CreateNot(eq);
    return {b_.CreateZExt(eq, b_.getInt64Ty()), false};
  }
  llvm::Value *l = emitInt(*b.lhs);
  llvm::Value *r = scaledPointerOffset(b, emitInt(*b.rhs));
  if (b.op == BinaryOp::Div || b.op == BinaryOp::Mod)
    setLocation(b.op_span); // a division by zero is reported at its operator, as in bpftrace
  // Both operands are held extended to 64 bits, so working at 64 bits and
  // cutting the result to its type gives the promoted type's wraparound.
  llvm::Value *v = arithmetic(b.op, l, r, b.operand_type.is_signed);
  if (v->getType()->getIntegerBitWidth() == 1)
    return {b_.CreateZExt(v, b_.getInt64Ty()), false};
  return {normalizeInteger(v, b.type), false};
}

llvm::Value *ProgramEmitter::arithmetic(BinaryOp op, llvm::Value *l, llvm::Value *r,
                                        bool is_signed) {
  switch (op) {
  case BinaryOp::Add:
    return b_.CreateAdd(l, r);
  case BinaryOp::Sub:
    return b_.CreateSub(l, r);
  case BinaryOp::Mul:
    return b_.CreateMul(l, r);
  case BinaryOp::Div:
  case BinaryOp::Mod:
    return divide(op == BinaryOp::Div, l, r, is_signed);
  case BinaryOp::BitAnd:
    return b_.CreateAnd(l, r);
  case BinaryOp::BitOr:
    return b_.CreateOr(l, r);
  case BinaryOp::BitXor:
    return b_.CreateXor(l, r);
  case BinaryOp::Shl:
    return b_.CreateShl(l, r);
  case BinaryOp::Shr:
    return is_signed ? b_.CreateAShr(l, r) : b_.CreateLShr(l, r);
  case BinaryOp::Eq:
    return b_.CreateICmpEQ(l, r);
  case BinaryOp::Ne:
    return b_.CreateICmpNE(l, r);
  case BinaryOp::Lt:
    return is_signed ? b_.CreateICmpSLT(l, r) : b_.CreateICmpULT(l, r);
  case BinaryOp::Le:
    return is_signed ? b_.CreateICmpSLE(l, r) : b_.CreateICmpULE(l, r);
  case BinaryOp::Gt:
    return is_signed ? b_.CreateICmpSGT(l, r) : b_.CreateICmpUGT(l, r);
  case BinaryOp::Ge:
    return is_signed ? b_.CreateICmpSGE(l, r) : b_.CreateICmpUGE(l, r);
  case BinaryOp::LogicalAnd:
  case BinaryOp::LogicalOr:
    break; // short-circuit: see emitLogical
  }
  return l;
}

// The script's / and %: by zero they yield 1 and a warning, as in bpftrace.
llvm::Value *ProgramEmitter::divide(bool quotient, llvm::Value *l, llvm::Value *r, bool is_signed) {
  llvm::Value *zero = b_.CreateICmpEQ(r, b_.getInt64(0));
  reportDivisionByZero(zero);
  return b_.CreateSelect(zero, b_.getInt64(1), divideOrZero(quotient, l, r, is_signed));
}

// 0 for a zero divisor (an empty avg() read in a probe). BPF before ISA v4
// has only unsigned division, so signed operands divide their magnitudes and
// the sign is put back (C semantics: the quotient truncates toward zero, the
// remainder takes the dividend's sign).
llvm::Value *ProgramEmitter::divideOrZero(bool quotient, llvm::Value *l, llvm::Value *r,
                                          bool is_signed) {
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
  llvm::Value *negative =
      quotient ? b_.CreateXor(l_negative, b_.CreateICmpSLT(divisor, b_.getInt64(0))) : l_negative;
  llvm::Value *q = quotient ? b_.CreateUDiv(magnitude(l), magnitude(divisor))
                            : b_.CreateURem(magnitude(l), magnitude(divisor));
  llvm::Value *result = b_.CreateSelect(negative, b_.CreateNeg(q), q);
  return b_.CreateSelect(zero, b_.getInt64(0), result);
}

// Every division by zero is reported, -k or not, at the operator's expression.
void ProgramEmitter::reportDivisionByZero(llvm::Value *zero) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *report = llvm::BasicBlock::Create(m_.context(), "divide_by_zero", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "divide", fn);
  b_.CreateCondBr(zero, report, done);
  b_.SetInsertPoint(report);
  reportHelperFailure(async::kDivideByZero, b_.getInt64(0));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
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

llvm::Value *ProgramEmitter::emitValuesEqual(const Expr &a, const Expr &b) {
  Val va = emitExpr(a);
  Val vb = emitExpr(b);
  return valuesEqual(va, a.type, vb, b.type);
}

namespace {

// Which element of `b` each element of `a` compares with: the same position,
// or for records the field of the same name.
std::vector<std::pair<uint32_t, uint32_t>> comparedElements(const Type &a, const Type &b) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  uint32_t count = a.isArray() ? a.count : static_cast<uint32_t>(a.elements.size());
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t j = i;
    if (a.isRecord())
      j = static_cast<uint32_t>(std::find(b.names.begin(), b.names.end(), a.names[i]) -
                                b.names.begin());
    pairs.emplace_back(i, j);
  }
  return pairs;
}

} // namespace

// Strings compare like strcmp() == 0 over their fixed-size buffers: equal up
// to the first NUL, and a shorter buffer's end counts as a NUL. Tuples and
// arrays are equal when each element is; sema allows only elements that compare.
llvm::Value *ProgramEmitter::valuesEqual(const Val &a, const Type &ta, const Val &b,
                                         const Type &tb) {
  if (ta.isString())
    return stringsEqual({a.v, ta.size}, {b.v, tb.size}, UINT32_MAX);
  if (ta.kind == TypeKind::Buffer)
    return buffersEqual({a.v, ta.size}, {b.v, tb.size});
  if (!ta.isInMemory())
    return b_.CreateICmpEQ(a.v, b.v);
  llvm::Value *all = b_.getInt1(true);
  for (auto [i, j] : comparedElements(ta, tb)) {
    const Type &ea = ta.isArray() ? *ta.element : ta.elements[i];
    const Type &eb = tb.isArray() ? *tb.element : tb.elements[j];
    uint64_t offset_a = ta.isArray() ? uint64_t{i} * ea.size : ta.elementOffsets()[i];
    uint64_t offset_b = tb.isArray() ? uint64_t{j} * eb.size : tb.elementOffsets()[j];
    Val va = loadValue(bytePointer(a.v, offset_a), ea);
    Val vb = loadValue(bytePointer(b.v, offset_b), eb);
    all = b_.CreateAnd(all, valuesEqual(va, ea, vb, eb));
  }
  return all;
}

// Buffers are equal when their lengths are and so are the bytes within that
// length; what lies past it (a longer capacity, stale bytes) does not count.
llvm::Value *ProgramEmitter::buffersEqual(const Bytes &a, const Bytes &b) {
  llvm::Value *length = b_.CreateLoad(b_.getInt32Ty(), a.data);
  llvm::Value *all = b_.CreateICmpEQ(length, b_.CreateLoad(b_.getInt32Ty(), b.data));
  uint32_t common = std::min(a.size, b.size);
  for (uint32_t i = kBufferHeaderSize; i < common; ++i) {
    llvm::Value *ca = b_.CreateLoad(b_.getInt8Ty(), bytePointer(a.data, i));
    llvm::Value *cb = b_.CreateLoad(b_.getInt8Ty(), bytePointer(b.data, i));
    llvm::Value *past_end = b_.CreateICmpUGE(b_.getInt32(i - kBufferHeaderSize), length);
    all = b_.CreateAnd(all, b_.CreateOr(past_end, b_.CreateICmpEQ(ca, cb)));
  }
  return all;
}

// Whether two strings agree on their first `limit` characters (up to a NUL).
llvm::Value *ProgramEmitter::stringsEqual(const Bytes &a, const Bytes &b, uint32_t limit) {
  uint32_t common = std::min({a.size, b.size, limit});
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *done = llvm::BasicBlock::Create(m_.context(), "streq_done", fn);
  llvm::PHINode *result = llvm::PHINode::Create(b_.getInt1Ty(), common * 2 + 1, "streq");
  for (uint32_t i = 0; i < common; ++i) {
    llvm::Value *ca = b_.CreateLoad(b_.getInt8Ty(), bytePointer(a.data, i));
    llvm::Value *cb = b_.CreateLoad(b_.getInt8Ty(), bytePointer(b.data, i));
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
  if (common < limit && a.size != b.size) {
    llvm::Value *longer = a.size > b.size ? a.data : b.data;
    tail =
        b_.CreateICmpEQ(b_.CreateLoad(b_.getInt8Ty(), bytePointer(longer, common)), b_.getInt8(0));
  }
  result->addIncoming(tail, b_.GetInsertBlock());
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  b_.Insert(result);
  return result;
}

ProgramEmitter::Val ProgramEmitter::emitUnary(const Unary &u) {
  switch (u.op) {
  case UnaryOp::Deref:
    return readLocation(emitLocation(u), u.type);
  case UnaryOp::AddressOf:
    return {emitLocation(*u.operand).address, false};
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
    llvm::Value *updated = updateMapInteger(
        *map, [&](llvm::Value *old) { return b_.CreateAdd(old, b_.getInt64(delta)); });
    return {post ? b_.CreateSub(updated, b_.getInt64(delta)) : updated, false};
  }
  const auto &var = *u.operand->as<Variable>();
  llvm::Value *slot = variableSlot(var);
  llvm::Value *old = b_.CreateLoad(b_.getInt64Ty(), slot);
  llvm::Value *updated = normalizeInteger(b_.CreateAdd(old, b_.getInt64(delta)), var.type);
  b_.CreateStore(updated, slot);
  return {post ? old : updated, false};
}

ProgramEmitter::Val ProgramEmitter::emitTernary(const Ternary &t) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  // `a ?: b` yields a itself when it is true, evaluating it once.
  llvm::Value *elvis = t.then_expr ? nullptr : emitInt(*t.cond);
  llvm::Value *cond = elvis ? b_.CreateICmpNE(elvis, b_.getInt64(0)) : emitTruth(*t.cond);
  bool in_memory = t.type.isInMemory();
  llvm::Value *slot = in_memory ? temporary(t.type.size, "ternary")
                                : m_.createEntryAlloca(b_.getInt64Ty(), "ternary");
  auto *then = llvm::BasicBlock::Create(m_.context(), "ternary_then", fn);
  auto *otherwise = llvm::BasicBlock::Create(m_.context(), "ternary_else", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "ternary_done", fn);
  b_.CreateCondBr(cond, then, otherwise);
  for (auto [block, expr] : {std::pair{then, t.then_expr.get()}, {otherwise, t.else_expr.get()}}) {
    b_.SetInsertPoint(block);
    if (!expr) {
      b_.CreateStore(elvis, slot);
      b_.CreateBr(done);
      continue;
    }
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
