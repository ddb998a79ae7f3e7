#include "codegen/program_emitter.h"

#include <llvm/IR/Constants.h>

namespace bpfscope {

using namespace ast;

// Temporaries up to this size live on the 512-byte BPF stack; larger ones
// (strings, keys and printf records holding strings) in per-CPU scratch memory.
constexpr uint32_t kOnStackLimit = 64;

ProgramEmitter::ProgramEmitter(BpfModule &module, const CheckedProgram &program,
                               const ObjectMaps &maps, const SourceFile &source,
                               SourceMap &locations)
    : m_(module), b_(module.builder()), program_(program), maps_(maps), source_(source),
      locations_(locations) {}

void ProgramEmitter::emit(const ProgramUnit &unit) {
  unit_ = &unit;
  variables_.clear();
  loops_.clear();
  scratch_size_ = 0;
  record_offset_.reset();
  lost_key_ = nullptr;
  pid_tgid_slot_ = nullptr;
  predicate_lookups_.clear();
  for_each_count_ = 0;
  const Provider *provider = findProvider(unit.target.provider);
  args_.reset();
  LineColumn at = source_.locate(unit.probe->span.begin);
  std::string section =
      unit.shared() ? provider->sharedSectionName(unit.target) : provider->sectionName(unit.target);
  llvm::Function *fn = m_.beginProgram(unit.function_name, section, static_cast<unsigned>(at.line));
  entry_ = b_.GetInsertBlock();
  scratch_base_slot_ = m_.createEntryAlloca(b_.getPtrTy(), "scratch_base");
  body_ = llvm::BasicBlock::Create(m_.context(), "body", fn);
  b_.SetInsertPoint(body_);

  // Always observed: a discarded delete() reports its failure even without -k.
  m_.setHelperObserver(
      [this](unsigned helper, llvm::Value *result) { checkHelperResult(helper, result); });
  emitProcessFilter(*provider);
  if (unit.probe->predicate) {
    setLocation(unit.probe->predicate->span);
    emitPredicate(*unit.probe->predicate);
  }
  emitBlock(unit.probe->body);
  // Tracepoint programs return 0 so the kernel skips the perf sample path.
  b_.CreateRet(b_.getInt32(0));
  m_.setHelperObserver({});
  finishEntry();
}

// bpf_get_current_pid_tgid(), called once per run in the entry block: pid and
// tid cannot change while a probe runs, and every use re-calling the helper
// costs instructions on each event. A map loop's callback, a function of
// its own, calls the helper itself.
llvm::Value *ProgramEmitter::currentPidTgid() {
  if (b_.GetInsertBlock()->getParent() != entry_->getParent())
    return emitPidTgid();
  if (!pid_tgid_slot_)
    pid_tgid_slot_ = m_.createEntryAlloca(b_.getInt64Ty(), "pid_tgid");
  return b_.CreateLoad(b_.getInt64Ty(), pid_tgid_slot_);
}

// pid_tgid as bpfscope's own PID namespace sees it; in the initial namespace
// (nearly always) the plain helper, so that case costs nothing more.
llvm::Value *ProgramEmitter::emitPidTgid() {
  if (const auto &ns = program_.pid_namespace)
    return m_.getNsCurrentPidTgid(ns->device, ns->inode);
  return m_.getCurrentPidTgid();
}

// pid(init), tid(init): the initial namespace's ids, whichever bpfscope runs in.
llvm::Value *ProgramEmitter::initialPidTgid() {
  return program_.pid_namespace ? m_.getCurrentPidTgid() : currentPidTgid();
}

// The entry block finds this program's scratch memory (when it needs any) and
// then falls through to the body; it is built last, once the size is known.
void ProgramEmitter::finishEntry() {
  b_.SetInsertPoint(entry_);
  setLocation(unit_->probe->span);
  if (pid_tgid_slot_)
    b_.CreateStore(emitPidTgid(), pid_tgid_slot_);
  if (scratch_size_ == 0) {
    b_.CreateBr(body_);
    return;
  }
  uint32_t size = (scratch_size_ + 7) / 8 * 8;
  auto *map =
      m_.declareMap("scratch_" + unit_->function_name, BPF_MAP_TYPE_PERCPU_ARRAY, 4, size, 1);
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
  current_span_ = span;
  locations_.record(span);
  LineColumn at = source_.locate(span.begin);
  m_.setLocation(static_cast<unsigned>(at.line), static_cast<unsigned>(at.column));
}

// ------------------------------------------------------------------ storage

llvm::Value *ProgramEmitter::temporary(uint32_t size, const llvm::Twine &name) {
  llvm::Value *storage = programLongStorage(size, name);
  auto *slot = llvm::dyn_cast<llvm::AllocaInst>(storage);
  if (slot && !statement_temporaries_.empty()) {
    b_.CreateLifetimeStart(slot);
    statement_temporaries_.back().push_back(slot);
  }
  return storage;
}

void ProgramEmitter::endStatementTemporaries() {
  std::vector<llvm::AllocaInst *> slots = std::move(statement_temporaries_.back());
  statement_temporaries_.pop_back();
  // After return/break/continue nothing follows: the slots die with the path.
  if (b_.GetInsertBlock()->getTerminator())
    return;
  for (llvm::AllocaInst *slot : slots)
    b_.CreateLifetimeEnd(slot);
}

llvm::Value *ProgramEmitter::programLongStorage(uint32_t size, const llvm::Twine &name) {
  if (size <= kOnStackLimit) {
    // 8-byte aligned like scratch memory, so that 8-byte stores may fill it.
    llvm::AllocaInst *slot =
        m_.createEntryAlloca(llvm::ArrayType::get(b_.getInt8Ty(), (size + 7) / 8 * 8), name);
    slot->setAlignment(llvm::Align(8));
    return slot;
  }
  uint32_t offset = scratch_size_;
  scratch_size_ += (size + 7) / 8 * 8;
  llvm::Value *base = b_.CreateLoad(b_.getPtrTy(), scratch_base_slot_);
  return bytePointer(base, offset);
}

llvm::Value *ProgramEmitter::zeroedTemporary(uint32_t size, const llvm::Twine &name) {
  llvm::Value *p = temporary(size, name);
  zeroBytes(p, size);
  return p;
}

void ProgramEmitter::copyBytes(llvm::Value *dst, llvm::Value *src, uint64_t size,
                               uint64_t src_align) {
  if (size == 0)
    return;
  if (size <= kInlineCopyLimit)
    b_.CreateMemCpy(dst, llvm::MaybeAlign(1), src, llvm::MaybeAlign(src_align), size);
  else
    m_.probeReadKernel(dst, b_.getInt64(size), src);
}

void ProgramEmitter::zeroBytes(llvm::Value *dst, uint64_t size) {
  if (size == 0)
    return;
  if (size <= kInlineCopyLimit)
    b_.CreateMemSet(dst, b_.getInt8(0), size, llvm::MaybeAlign(1));
  else
    m_.zeroMemory(dst, b_.getInt64(size));
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
    if (dst_type.kind == TypeKind::Tuple && value_type.kind == TypeKind::Tuple &&
        dst_type.elements.size() == value_type.elements.size() && dst_type != value_type) {
      storeTupleElements(dst, dst_type, value.v, value_type);
      return;
    }
    uint32_t n = std::min(dst_type.size, value_type.size);
    copyBytes(dst, value.v, n);
    if (dst_type.size > n)
      zeroBytes(bytePointer(dst, n), dst_type.size - n);
    return;
  }
  llvm::Type *t = b_.getIntNTy(dst_type.size * 8);
  b_.CreateAlignedStore(b_.CreateTrunc(value.v, t), dst, llvm::MaybeAlign(1));
}

void ProgramEmitter::storeTupleElements(llvm::Value *dst, const Type &dst_type, llvm::Value *src,
                                        const Type &src_type) {
  zeroBytes(dst, dst_type.size);
  std::vector<uint32_t> dst_offsets = dst_type.elementOffsets();
  std::vector<uint32_t> src_offsets = src_type.elementOffsets();
  std::vector<size_t> from = matchingElements(dst_type, src_type);
  for (size_t i = 0; i < dst_type.elements.size(); ++i) {
    const Type &element = src_type.elements[from[i]];
    storeValue(bytePointer(dst, dst_offsets[i]), dst_type.elements[i],
               loadValue(bytePointer(src, src_offsets[from[i]]), element), element);
  }
}

void ProgramEmitter::storeExpr(llvm::Value *dst, const Type &dst_type, const Expr &e) {
  // `comm` goes straight into a key or record: the helper fills what a copy would.
  auto *builtin = e.as<Builtin>();
  if (builtin && builtin->name == "comm" && dst_type.size >= 16) {
    m_.getCurrentComm(dst, b_.getInt64(16));
    if (dst_type.size > 16)
      zeroBytes(bytePointer(dst, 16), dst_type.size - 16);
    return;
  }
  if (isStackCapture(e) && dst_type == e.type) {
    captureStack(dst, e.type);
    return;
  }
  // `args` is built in place: a tuple of several records need not hold each twice.
  if (builtin && builtin->name == "args" && dst_type == e.type) {
    fillArgsRecord(dst, e.type);
    return;
  }
  storeValue(dst, dst_type, emitExpr(e), e.type);
}

ProgramEmitter::Val ProgramEmitter::loadValue(llvm::Value *src, const Type &type) {
  if (type.isInMemory())
    return {src, true};
  llvm::Value *v = b_.CreateAlignedLoad(b_.getIntNTy(type.size * 8), src, llvm::MaybeAlign(1));
  return {toInt64(v, type), false};
}

llvm::Value *ProgramEmitter::variableSlot(const Variable &v) {
  auto it = variables_.find(v.slot);
  if (it != variables_.end())
    return it->second;
  llvm::Value *slot;
  if (v.type.isInMemory()) {
    // Memory-valued variables need storage that every path can reach: make
    // it in the entry block's scratch area or stack frame.
    auto saved = b_.saveIP();
    b_.SetInsertPoint(body_, body_->begin());
    slot = programLongStorage(v.type.size, v.name);
    b_.restoreIP(saved);
  } else {
    slot = m_.createEntryAlloca(b_.getInt64Ty(), v.name);
  }
  variables_[v.slot] = slot;
  return slot;
}

} // namespace bpfscope
