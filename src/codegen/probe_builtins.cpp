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
  llvm::Value *pointer = b_.CreateIntToPtr(emitInt(*call.args[0]), b_.getPtrTy());
  if (call.name == "socket_cookie")
    return {m_.callHelper(BPF_FUNC_get_socket_cookie, b_.getInt64Ty(), {pointer}), false};
  llvm::Value *buf = zeroedTemporary(call.type.size, "path");
  m_.callHelper(BPF_FUNC_d_path, b_.getInt64Ty(), {pointer, buf, b_.getInt64(call.type.size)});
  return {buf, true};
}

} // namespace bpfscope
