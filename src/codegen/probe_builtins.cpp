// arg0…argN, retval and func: read from the context slot the probe's provider
// names (pt_regs registers for kprobes, the u64 argument array for tracing
// programs), or, for func, the probed function's name as a constant (looked
// up by attach cookie in a shared program). And what else a program takes
// from its context: ctx, usermode, reg(), socket_cookie() and path().
#include "sema/probe_builtins.h"
#include "codegen/program_emitter.h"
#include "providers/pt_regs.h"

#include <linux/bpf.h>

namespace bpfscope {

ProgramEmitter::Val ProgramEmitter::emitProbeBuiltin(const ast::Builtin &b) {
  const Provider &provider = *findProvider(unit_->target.provider);
  if (b.name == "func" && unit_->shared())
    return emitTargetName(TargetNameColumn::Func, b.type.size);
  if (b.name == "func")
    return constantString(provider.functionName(unit_->target).value_or(""), b.type.size);
  std::optional<ArgField> slot =
      b.name == "retval" ? provider.returnValue(unit_->target)
                         : provider.positionalArg(unit_->target, *positionalArgIndex(b.name));
  // Sema checked that every target of the probe has the slot.
  return loadContextField(*slot);
}

ProgramEmitter::Val ProgramEmitter::emitContextBuiltin(const ast::Builtin &b) {
  if (b.name == "ctx") // a number, so that it may be printed, stored and masked like one
    return {m_.addressAsScalar(m_.ctx()), false};
  if (isSpecialProbe(unit_->target)) // sema: BEGIN and END are in user mode
    return {b_.getInt64(1), false};
  // usermode: the privilege level in cs's low bits is 3 in user mode.
  llvm::Value *cs = loadRegister(ptRegsCodeSegmentOffset());
  llvm::Value *user = b_.CreateICmpEQ(b_.CreateAnd(cs, 3), b_.getInt64(3));
  return {b_.CreateZExt(user, b_.getInt64Ty()), false};
}

ProgramEmitter::Val ProgramEmitter::emitContextFunction(const ast::Call &call) {
  if (call.name == "reg") {
    const std::string &name = call.args[0]->as<ast::StringLiteral>()->value;
    return {loadRegister(*ptRegsFieldOffset(name)), false};
  }
  if (call.name == "path" && isIteratorSection(sectionOf(unit_->target)))
    return emitIteratorPath(call);
  llvm::Value *pointer = b_.CreateIntToPtr(emitKernelObject(*call.args[0]), b_.getPtrTy());
  if (call.name == "socket_cookie")
    return {m_.callHelper(BPF_FUNC_get_socket_cookie, b_.getInt64Ty(), {pointer}), false};
  llvm::Value *buf = zeroedTemporary(call.type.size, "path");
  m_.callHelper(BPF_FUNC_d_path, b_.getInt64Ty(), {pointer, buf, b_.getInt64(call.type.size)});
  return {buf, true};
}

// A struct value (path(args.file->f_path)) stands for its address.
llvm::Value *ProgramEmitter::emitKernelObject(const ast::Expr &object) {
  keep_btf_pointers_ = true;
  llvm::Value *v = object.type.isStruct() ? emitLocation(object).address : emitInt(object);
  keep_btf_pointers_ = false;
  return v;
}

// path(ctx.file.f_path) in an iterator: the object's pointer loaded from the
// context as the verifier's trusted pointer, checked for null before the
// struct's address is taken from it (pointer arithmetic on a maybe-null
// pointer is refused); a null object leaves the path empty.
ProgramEmitter::Val ProgramEmitter::emitIteratorPath(const ast::Call &call) {
  IteratorObject at = *iteratorObject(*call.args[0]);
  llvm::Value *object = b_.CreateAlignedLoad(
      b_.getPtrTy(), bytePointer(m_.ctx(), at.context_offset), llvm::MaybeAlign(8));
  llvm::Value *buf = zeroedTemporary(call.type.size, "path");
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *present = llvm::BasicBlock::Create(b_.getContext(), "path_object", fn);
  auto *done = llvm::BasicBlock::Create(b_.getContext(), "path_done", fn);
  b_.CreateCondBr(b_.CreateIsNotNull(object), present, done);
  b_.SetInsertPoint(present);
  llvm::Value *path = b_.CreateGEP(b_.getInt8Ty(), m_.unhoisted(object), b_.getInt64(at.offset));
  m_.callHelper(BPF_FUNC_d_path, b_.getInt64Ty(), {path, buf, b_.getInt64(call.type.size)});
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
  return {buf, true};
}

} // namespace bpfscope
