// kstack/ustack, len() of a stack, and ksym/usym/kaddr/percpu_kaddr/uaddr. A stack is captured with
// bpf_get_stack into the value itself (layout in sema/types.h), not into a BPF_MAP_TYPE_STACK_TRACE
// map keyed by bpf_get_stackid: the value then carries everything user space needs to print it (no
// second map to read, no stack id reused or evicted before the map is printed, no hash collisions
// merging two stacks), at the price of a larger map key. Unused frames are zeroed so that equal
// stacks are equal keys.
#include "codegen/program_emitter.h"

#include "providers/pt_regs.h"
#include "sema/btf_types.h"
#include "sema/stack_types.h"
#include "sema/symbol_functions.h"

namespace bpfscope {

namespace {

// Layouts from sema/types.h.
constexpr uint32_t kStackFramesOffset = 4;
constexpr uint32_t kStackIpsOffset = 8;
constexpr uint32_t kSymbolPidOffset = 8;

} // namespace

llvm::Value *ProgramEmitter::currentProcessId() {
  return b_.CreateLShr(currentPidTgid(), 32);
}

ProgramEmitter::Val ProgramEmitter::emitStack(const Type &type) {
  llvm::Value *buf = temporary(type.size, "stack");
  captureStack(buf, type);
  return {buf, true};
}

bool ProgramEmitter::isStackCapture(const ast::Expr &e) {
  if (auto *call = e.as<ast::Call>())
    return isStackFunction(call->name);
  auto *builtin = e.as<ast::Builtin>();
  return builtin && isStackFunction(builtin->name);
}

// `buf` is 8-byte aligned: temporaries, keys and records all are.
void ProgramEmitter::captureStack(llvm::Value *buf, const Type &type) {
  zeroBytes(buf, type.size);
  if (type.user_address)
    b_.CreateStore(b_.CreateTrunc(currentProcessId(), b_.getInt32Ty()), buf);
  uint64_t flags = type.user_address ? BPF_F_USER_STACK : 0;
  if (type.stack_mode == StackMode::BuildId)
    flags |= BPF_F_USER_BUILD_ID;
  llvm::Value *bytes = m_.callHelper(BPF_FUNC_get_stack, b_.getInt64Ty(),
                                     {m_.ctx(), bytePointer(buf, kStackIpsOffset),
                                      b_.getInt64(type.size - kStackIpsOffset), b_.getInt64(flags)},
                                     "stack_bytes");
  // A negative result is an error: the stack then has no frames.
  llvm::Value *frames = b_.CreateUDiv(bytes, b_.getInt64(stackFrameSize(type.stack_mode)));
  llvm::Value *captured =
      b_.CreateSelect(b_.CreateICmpSGT(bytes, b_.getInt64(0)), frames, b_.getInt64(0));
  b_.CreateStore(b_.CreateTrunc(captured, b_.getInt32Ty()), bytePointer(buf, kStackFramesOffset));
}

// A position-independent binary's symbol: the load base is where the probed
// instruction is now (the instruction pointer) minus where it was linked.
llvm::Value *ProgramEmitter::emitUserSymbolAddress(const ast::Call &call) {
  const auto &name = call.args[0]->as<ast::StringLiteral>()->value;
  UserSymbolAddress symbol = *userSymbolAddress(name, unit_->target);
  if (!symbol.position_independent)
    return b_.getInt64(symbol.address);
  llvm::Value *base =
      b_.CreateSub(loadRegister(*ptRegsFieldOffset("ip")), b_.getInt64(symbol.site));
  return b_.CreateAdd(base, b_.getInt64(symbol.address));
}

llvm::Value *ProgramEmitter::emitStackDepth(const ast::Expr &stack) {
  Val v = emitExpr(stack);
  llvm::Value *frames =
      b_.CreateLoad(b_.getInt32Ty(), bytePointer(v.v, kStackFramesOffset), "frames");
  return b_.CreateZExt(frames, b_.getInt64Ty());
}

// The helpers return a pointer the verifier types (read-only memory or a BTF
// object); as a number it goes through addressAsScalar like ctx.
llvm::Value *ProgramEmitter::emitPerCpuAddress(const ast::Call &call) {
  const auto &name = call.args[0]->as<ast::StringLiteral>()->value;
  llvm::Value *variable = m_.kernelVariable(name, *BtfTypes::vmlinux()->perCpuVariableLayers(name));
  llvm::Value *pointer = call.args.size() == 1 ? m_.thisCpuPointer(variable)
                                               : m_.perCpuPointer(variable, emitInt(*call.args[1]));
  return m_.addressAsScalar(pointer);
}

ProgramEmitter::Val ProgramEmitter::emitSymbolCall(const ast::Call &call) {
  if (call.name == "kaddr") {
    const auto &name = call.args[0]->as<ast::StringLiteral>()->value;
    return {b_.getInt64(kernelSymbolAddress(name).value_or(0)), false};
  }
  if (call.name == "uaddr")
    return {emitUserSymbolAddress(call), false};
  if (call.name == "percpu_kaddr")
    return {emitPerCpuAddress(call), false};
  llvm::Value *address = emitInt(*call.args[0]);
  llvm::Value *buf = zeroedTemporary(call.type.size, "symbol");
  b_.CreateStore(address, buf);
  if (call.type.user_address)
    b_.CreateStore(currentProcessId(), bytePointer(buf, kSymbolPidOffset));
  return {buf, true};
}

} // namespace bpfscope
