// Typed memory: struct fields (`p->f`, `s.f`, bitfields), array elements,
// `*p`, `&x`, tuples and records, pointer arithmetic, and the builtins that
// walk the current task (curtask, ppid, pcomm, leader_tid, leader_comm).
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"

#include "sema/typed_access.h"

namespace bpfscope {

using namespace ast;

namespace {

// Which tuple element a `.N` or record `.name` access reads.
size_t tupleElementIndex(const Type &tuple, const std::string &field) {
  for (size_t i = 0; i < tuple.names.size(); ++i)
    if (tuple.names[i] == field)
      return i;
  return std::stoul(field);
}

StructField taskField(const char *name) {
  return *taskBuiltinType("curtask").pointee()->record->find(name);
}

} // namespace

ProgramEmitter::Space ProgramEmitter::addressSpaceOf(const Type &address) {
  if (!address.isPointer())
    return Space::Either;
  return address.user_address ? Space::User : Space::Kernel;
}

void ProgramEmitter::readMemory(Space space, llvm::Value *dst, llvm::Value *size,
                                llvm::Value *address) {
  if (space == Space::User)
    m_.probeReadUser(dst, size, address);
  else if (space == Space::Kernel)
    m_.probeReadKernel(dst, size, address);
  else
    m_.probeReadEither(dst, size, address);
}

void ProgramEmitter::readString(Space space, llvm::Value *dst, llvm::Value *size,
                                llvm::Value *address) {
  if (space == Space::User)
    m_.probeReadUserStr(dst, size, address);
  else if (space == Space::Kernel)
    m_.probeReadKernelStr(dst, size, address);
  else
    m_.probeReadEitherStr(dst, size, address);
}

ProgramEmitter::Location ProgramEmitter::offsetLocation(const Location &at, llvm::Value *offset) {
  if (at.space == Space::Local)
    return {b_.CreateGEP(b_.getInt8Ty(), at.address, offset), Space::Local};
  return {b_.CreateAdd(at.address, offset), at.space};
}

// Where `e` lives. Sema guarantees `e` is a memory location (isMemoryLocation)
// or a value that codegen holds in memory (a struct, array or tuple).
ProgramEmitter::Location ProgramEmitter::emitLocation(const Expr &e) {
  if (auto *f = e.as<FieldAccess>()) {
    const Type &base = f->base->type;
    Location at = base.isStruct() ? emitLocation(*f->base)
                                  : Location{emitInt(*f->base), addressSpaceOf(base)};
    return offsetLocation(at, b_.getInt64(accessedField(*f)->offset));
  }
  if (auto *i = e.as<Index>()) {
    const Type &base = i->base->type;
    llvm::Value *index = emitInt(*i->index);
    Location at = base.isPointer() ? Location{emitInt(*i->base), addressSpaceOf(base)}
                                   : emitLocation(*i->base);
    if (base.isArray()) {
      // Out of bounds reads address 0 (the helper fails and yields zeros);
      // a local array reads element 0, which keeps the verifier's range bounded.
      llvm::Value *inside = b_.CreateICmpULT(index, b_.getInt64(base.count));
      if (at.space == Space::Local)
        index = b_.CreateSelect(inside, index, b_.getInt64(0));
      else
        at.address = b_.CreateSelect(inside, at.address, b_.getInt64(0));
    }
    return offsetLocation(at, b_.CreateMul(index, b_.getInt64(i->type.size)));
  }
  if (auto *u = e.as<Unary>(); u && u->op == UnaryOp::Deref)
    return {emitInt(*u->operand), addressSpaceOf(u->operand->type)};
  return {emitExpr(e).v, Space::Local};
}

ProgramEmitter::Val ProgramEmitter::readLocation(const Location &at, const Type &type) {
  if (at.space == Space::Local)
    return loadValue(at.address, type);
  uint32_t size = type.size;
  llvm::Value *buf = temporary(type.isInMemory() ? size : 8, "read");
  readMemory(at.space, buf, b_.getInt64(size), at.address);
  return loadValue(buf, type);
}

llvm::Value *ProgramEmitter::readBitfield(const Location &at, const StructField &field) {
  Type storage = Type::integer(field.bitfieldStorageBytes(), false);
  llvm::Value *bits = readLocation(at, storage).v;
  bits = b_.CreateLShr(bits, field.bit_shift);
  uint64_t mask = field.bit_width >= 64 ? ~0ULL : (1ULL << field.bit_width) - 1;
  return b_.CreateAnd(bits, mask);
}

ProgramEmitter::Val ProgramEmitter::emitMemberAccess(const FieldAccess &f) {
  if (f.base->type.kind == TypeKind::Tuple)
    return emitTupleMember(f);
  std::optional<StructField> field = accessedField(f);
  Location at = emitLocation(f);
  if (field->isBitfield())
    return {readBitfield(at, *field), false};
  return readLocation(at, f.type);
}

ProgramEmitter::Val ProgramEmitter::emitTupleMember(const FieldAccess &f) {
  const Type &tuple = f.base->type;
  size_t i = tupleElementIndex(tuple, f.field);
  llvm::Value *base = emitExpr(*f.base).v;
  return loadValue(bytePointer(base, tuple.elementOffsets()[i]), tuple.elements[i]);
}

ProgramEmitter::Val ProgramEmitter::emitIndex(const Index &e) {
  const Type &base = e.base->type;
  if (base.kind == TypeKind::Tuple) {
    size_t i = e.index->as<IntegerLiteral>()->value;
    llvm::Value *tuple = emitExpr(*e.base).v;
    return loadValue(bytePointer(tuple, base.elementOffsets()[i]), base.elements[i]);
  }
  if (base.isString())
    return {stringCharacter(e), false};
  return readLocation(emitLocation(e), e.type);
}

// $s[i]: the character at i, or 0 past the string's buffer.
llvm::Value *ProgramEmitter::stringCharacter(const Index &e) {
  llvm::Value *text = emitExpr(*e.base).v;
  llvm::Value *index = emitInt(*e.index);
  llvm::Value *result = m_.createEntryAlloca(b_.getInt64Ty(), "string_char");
  b_.CreateStore(b_.getInt64(0), result);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *inside = llvm::BasicBlock::Create(m_.context(), "char_inside", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "char_done", fn);
  b_.CreateCondBr(b_.CreateICmpULT(index, b_.getInt64(e.base->type.size)), inside, done);
  b_.SetInsertPoint(inside);
  llvm::Value *c = b_.CreateLoad(b_.getInt8Ty(), b_.CreateGEP(b_.getInt8Ty(), text, index));
  b_.CreateStore(b_.CreateSExt(c, b_.getInt64Ty()), result);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return b_.CreateLoad(b_.getInt64Ty(), result);
}

ProgramEmitter::Val ProgramEmitter::emitTuple(const TupleLiteral &t) {
  llvm::Value *buf = zeroedTemporary(t.type.size, "tuple");
  std::vector<uint32_t> offsets = t.type.elementOffsets();
  for (size_t i = 0; i < t.elements.size(); ++i)
    storeExpr(bytePointer(buf, offsets[i]), t.type.elements[i], *t.elements[i]);
  return {buf, true};
}

// curtask is bpf_get_current_task(); the task fields read its relatives.
ProgramEmitter::Val ProgramEmitter::emitTaskBuiltin(const Builtin &b) {
  llvm::Value *task = m_.getCurrentTask();
  if (b.name == "curtask")
    return {task, false};
  return readTaskField(task, b.name, b.type);
}

// ppid/pcomm: the real_parent's tgid and comm; leader_tid/leader_comm: the
// group_leader's pid and comm.
ProgramEmitter::Val ProgramEmitter::readTaskField(llvm::Value *task, const std::string &name,
                                                  const Type &type) {
  bool parent = name == "ppid" || name == "pcomm";
  StructField relative = taskField(parent ? "real_parent" : "group_leader");
  Location relative_field{b_.CreateAdd(task, b_.getInt64(relative.offset)), Space::Kernel};
  llvm::Value *other = readLocation(relative_field, Type::integer(8, false)).v;
  bool numeric = name == "ppid" || name == "leader_tid";
  StructField f = taskField(numeric ? (parent ? "tgid" : "pid") : "comm");
  return readLocation({b_.CreateAdd(other, b_.getInt64(f.offset)), Space::Kernel}, type);
}

// comm(pid): the task bpf_task_from_pid finds (holding a reference until
// bpf_task_release), or "N/A" and the "No such process" warning sema recorded.
ProgramEmitter::Val ProgramEmitter::emitCommOfPid(const Call &call) {
  llvm::Value *pid = emitInt(*call.args[0]);
  llvm::Value *comm = zeroedTemporary(call.type.size, "comm");
  llvm::Value *task = m_.taskFromPid(pid);
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *found = llvm::BasicBlock::Create(m_.context(), "task_found", fn);
  auto *missing = llvm::BasicBlock::Create(m_.context(), "task_missing", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "comm_done", fn);
  b_.CreateCondBr(b_.CreateIsNull(task), missing, found);

  b_.SetInsertPoint(found);
  m_.probeReadKernel(comm, b_.getInt64(call.type.size),
                     bytePointer(task, taskField("comm").offset));
  m_.taskRelease(task);
  b_.CreateBr(done);

  b_.SetInsertPoint(missing);
  copyBytes(comm, constantString("N/A", 4).v, 4);
  // Not in recordBuffer(): comm(pid) may be an argument of the record built there.
  size_t id = printfIndex(call);
  const PrintfInfo &warning = program_.printfs[id];
  uint32_t size = sizeof(async::Header) + warning.args.size;
  llvm::Value *record = temporary(size, "warning");
  b_.CreateStore(b_.getInt64(async::kPrintfBase + id), record);
  storeValue(bytePointer(record, sizeof(async::Header)), warning.arg_types[0], {pid, false},
             call.args[0]->type);
  sendRecord(record, size);
  b_.CreateBr(done);

  b_.SetInsertPoint(done);
  return {comm, true};
}

// p + n on a typed pointer steps n elements, as in C.
llvm::Value *ProgramEmitter::scaledPointerOffset(const Binary &b, llvm::Value *r) {
  const Type *pointee = b.lhs->type.pointee();
  bool steps = pointee && pointee->size > 1 && b.rhs->type.isInteger() &&
               (b.op == BinaryOp::Add || b.op == BinaryOp::Sub);
  return steps ? b_.CreateMul(r, b_.getInt64(pointee->size)) : r;
}

} // namespace bpfscope
