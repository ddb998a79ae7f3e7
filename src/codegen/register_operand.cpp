// Context values computed from the task's registers (USDT arguments): a
// constant, a register (or a narrower part of one), or a value in user memory
// at base + index * scale + displacement.
#include "codegen/program_emitter.h"

namespace bpfscope {

llvm::Value *ProgramEmitter::loadRegister(uint32_t pt_regs_offset) {
  return b_.CreateAlignedLoad(b_.getInt64Ty(), bytePointer(m_.ctx(), pt_regs_offset),
                              llvm::MaybeAlign(8));
}

llvm::Value *ProgramEmitter::operandAddress(const RegisterOperand &op) {
  llvm::Value *address = b_.getInt64(static_cast<uint64_t>(op.value));
  if (op.base)
    address = b_.CreateAdd(address, loadRegister(*op.base));
  if (op.index)
    address = b_.CreateAdd(address, b_.CreateMul(loadRegister(*op.index), b_.getInt64(op.scale)));
  return address;
}

ProgramEmitter::Val ProgramEmitter::loadRegisterOperand(const RegisterOperand &op,
                                                        const Type &type) {
  switch (op.kind) {
  case RegisterOperand::Kind::Constant:
    return {normalizeInteger(b_.getInt64(static_cast<uint64_t>(op.value)), type), false};
  case RegisterOperand::Kind::Register: {
    llvm::Value *whole = loadRegister(*op.base);
    if (op.shift)
      whole = b_.CreateLShr(whole, op.shift);
    return {normalizeInteger(whole, type), false};
  }
  case RegisterOperand::Kind::Memory:
    break;
  }
  llvm::Value *buf = zeroedTemporary(type.size, "operand");
  llvm::Value *address = b_.CreateIntToPtr(operandAddress(op), b_.getPtrTy());
  m_.probeReadUser(buf, b_.getInt64(type.size), address);
  llvm::Value *v =
      b_.CreateAlignedLoad(b_.getIntNTy(type.size * 8), buf, llvm::MaybeAlign(type.size));
  return {toInt64(v, type), false};
}

} // namespace bpfscope
