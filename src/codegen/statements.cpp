// Statements: blocks, if/else, assignments and the async actions (printf,
// errorf, warnf, exit).
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"
#include "providers/iter.h"

namespace bpfscope {

using namespace ast;

void ProgramEmitter::emitBlock(const Block &block) {
  for (const auto &stmt : block)
    emitStmt(*stmt);
}

void ProgramEmitter::emitStmt(const Stmt &stmt) {
  statement_temporaries_.emplace_back();
  emitStmtKind(stmt);
  endStatementTemporaries();
}

void ProgramEmitter::emitStmtKind(const Stmt &stmt) {
  setLocation(stmt.span);
  if (auto *s = stmt.as<ExprStmt>())
    return emitExprStmt(*s);
  if (auto *s = stmt.as<Assign>())
    return emitAssign(*s);
  if (auto *s = stmt.as<If>())
    return emitIf(*s);
  emitControlFlow(stmt);
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
      llvm::Value *updated =
          arithmetic(s.compound, old, emitInt(*s.value), s.compound_type.is_signed);
      updated = normalizeInteger(updated, s.compound_type);
      b_.CreateStore(normalizeInteger(updated, var->type), slot);
      return;
    }
    storeVariable(*var, emitExpr(*s.value), s.value->type);
    return;
  }
  auto *map = s.target->as<MapAccess>();
  if (s.is_compound) {
    llvm::Value *rhs = emitInt(*s.value);
    bool is_signed = mapInfo(map->name).value.is_signed;
    updateMapInteger(*map,
                     [&](llvm::Value *old) { return arithmetic(s.compound, old, rhs, is_signed); });
    return;
  }
  writeMap(*map, *s.value);
}

void ProgramEmitter::emitExprStmt(const ExprStmt &s) {
  if (auto *call = s.expr->as<Call>()) {
    if (call->name == "printf" || call->name == "errorf" || call->name == "warnf" ||
        call->name == "debugf")
      return emitPrintf(*call);
    if (call->name == "exit")
      return emitExit(*call);
    if (call->name == "assert")
      return emitAssert(*call);
    if (call->name == "fail" || call->name == "static_assert" || call->name == "assert_str")
      return; // checked at compile time; nothing of them runs in the program
    if (emitOutputCall(*call))
      return;
    if (call->name == "delete") {
      discarded_delete_ = true;
      emitExpr(*s.expr);
      discarded_delete_ = false;
      return;
    }
  }
  if (auto *b = s.expr->as<Builtin>(); b && b->name == "args")
    return; // a bare `args` reads nothing (sema types no record for it)
  emitExpr(*s.expr);
}

size_t ProgramEmitter::printfIndex(const Call &call) const {
  size_t id = 0;
  while (id < program_.printfs.size() && program_.printfs[id].call != &call)
    ++id;
  return id;
}

void ProgramEmitter::emitPrintf(const Call &call) {
  size_t id = printfIndex(call);
  const PrintfInfo *info = &program_.printfs[id];
  if (info->kind == AsyncKind::Debug ||
      (info->kind == AsyncKind::Printf && iteratorPinPath(unit_->target)))
    return emitKernelFormatted(call, id);
  uint32_t size = sizeof(async::Header) + info->args.size;
  llvm::Value *record = recordBuffer();
  b_.CreateStore(b_.getInt64(async::kPrintfBase + id), record);
  auto offsets = info->args.elementOffsets();
  // The format string is not sent: print(value) has none, the others skip it.
  size_t first_arg = info->kind == AsyncKind::PrintValue ? 0 : 1;
  for (size_t i = 0; i < info->arg_types.size(); ++i) {
    const Expr &arg = *call.args[i + first_arg];
    storeExpr(bytePointer(record, sizeof(async::Header) + offsets[i]), info->arg_types[i], arg);
  }
  sendRecord(record, size);
}

// exit() ends the probe where it stands, as in bpftrace: what follows it in
// the action does not run.
void ProgramEmitter::emitExit(const Call &call) {
  sendExit(call.args.empty() ? b_.getInt64(0) : emitInt(*call.args[0]));
  emitReturn(b_.getInt64(0));
  continueUnreachable();
}

void ProgramEmitter::sendExit(llvm::Value *code) {
  llvm::Value *record = recordBuffer();
  b_.CreateStore(b_.getInt64(async::kExit), record);
  b_.CreateStore(code, bytePointer(record, 8));
  sendRecord(record, 16, /*urgent=*/true);
}

} // namespace bpfscope
