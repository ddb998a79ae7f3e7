// Output functions: print, clear, zero, time, cat, system, signal, join,
// assert, and the ring-buffer send every async record goes through.
#include "codegen/program_emitter.h"

#include "codegen/async_event.h"

#include <algorithm>

namespace bpfscope {

using namespace ast;

namespace {

// print(@m, …) names a whole map; print(@m[k]) or print($x) prints a value.
bool printsWholeMap(const Call &call) {
  auto *map = call.args.empty() ? nullptr : call.args[0]->as<MapAccess>();
  return map && map->keys.empty();
}

} // namespace

bool ProgramEmitter::emitOutputCall(const Call &call) {
  const std::string &name = call.name;
  if (name == "print" && printsWholeMap(call))
    emitMapCommand(call, async::kPrintMap);
  else if (name == "clear")
    emitMapCommand(call, async::kClearMap);
  else if (name == "zero")
    emitMapCommand(call, async::kZeroMap);
  else if (name == "signal" || name == "signal_thread")
    emitSignal(call);
  else if (name == "override")
    m_.callHelper(BPF_FUNC_override_return, b_.getInt64Ty(), {m_.ctx(), emitInt(*call.args[0])});
  else if (name == "join")
    emitJoin(call);
  else if (name == "print" || name == "time" || name == "cat" || name == "system")
    emitPrintf(call); // a record laid out by its PrintfInfo, like printf's
  else
    return false;
  return true;
}

void ProgramEmitter::emitMapCommand(const Call &call, uint64_t id) {
  const std::string &name = call.args[0]->as<MapAccess>()->name;
  uint64_t index = 0;
  while (index < program_.maps.size() && program_.maps[index].name != name)
    ++index;
  constexpr uint32_t size = sizeof(async::Header) + sizeof(async::MapCommand);
  llvm::Value *record = recordBuffer();
  b_.CreateStore(b_.getInt64(id), record);
  b_.CreateStore(
      b_.getInt64(index),
      bytePointer(record, sizeof(async::Header) + offsetof(async::MapCommand, map_index)));
  for (size_t arg = 1; arg <= 2; ++arg) {
    llvm::Value *v = arg < call.args.size() ? emitInt(*call.args[arg]) : b_.getInt64(0);
    uint64_t offset =
        arg == 1 ? offsetof(async::MapCommand, top) : offsetof(async::MapCommand, div);
    b_.CreateStore(v, bytePointer(record, sizeof(async::Header) + offset));
  }
  sendRecord(record, size);
}

void ProgramEmitter::emitAssert(const Call &call) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *failed = llvm::BasicBlock::Create(m_.context(), "assert_failed", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "assert_done", fn);
  b_.CreateCondBr(emitTruth(*call.args[0]), done, failed);
  b_.SetInsertPoint(failed);
  emitPrintf(call); // sema's record: "assert failed: %s" of the message
  sendExit(b_.getInt64(1));
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

void ProgramEmitter::emitSignal(const Call &call) {
  // signal() reaches the whole process, signal_thread() the traced thread alone.
  unsigned helper = call.name == "signal" ? BPF_FUNC_send_signal : BPF_FUNC_send_signal_thread;
  m_.callHelper(helper, b_.getInt64Ty(), {emitInt(*call.args[0])});
}

namespace {

// The largest record any program of `program` sends.
uint32_t largestRecord(const CheckedProgram &program) {
  uint32_t payload = std::max<uint32_t>(sizeof(async::MapCommand), sizeof(int64_t));
  for (const PrintfInfo &info : program.printfs)
    payload = std::max(payload, info.args.size);
  return (sizeof(async::Header) + payload + 7) / 8 * 8;
}

} // namespace

llvm::Value *ProgramEmitter::recordBuffer() {
  if (!record_offset_) {
    record_offset_ = scratch_size_;
    scratch_size_ += largestRecord(program_);
  }
  return bytePointer(b_.CreateLoad(b_.getPtrTy(), scratch_base_slot_), *record_offset_);
}

void ProgramEmitter::sendRecord(llvm::Value *record, uint32_t size, bool urgent) {
  llvm::Value *wakeup = b_.getInt64(BPF_RB_FORCE_WAKEUP);
  if (!urgent) {
    // Wake only the record that takes the pending data across the threshold,
    // pending in [kWakeupBytes - size, kWakeupBytes): the reader drains the
    // buffer empty once woken, so a reader that lags is not woken again by
    // every record while it works.
    llvm::Value *pending = m_.ringbufQuery(maps_.events, BPF_RB_AVAIL_DATA);
    llvm::Value *below = b_.CreateSub(pending, b_.getInt64(async::kWakeupBytes - size));
    wakeup = b_.CreateSelect(b_.CreateICmpULT(below, b_.getInt64(size)), wakeup,
                             b_.getInt64(BPF_RB_NO_WAKEUP));
  }
  llvm::Value *failed = b_.CreateICmpNE(
      m_.ringbufOutput(maps_.events, record, b_.getInt64(size), wakeup), b_.getInt64(0));
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *lost = llvm::BasicBlock::Create(m_.context(), "record_lost", fn);
  auto *count = llvm::BasicBlock::Create(m_.context(), "count_lost", fn);
  auto *done = llvm::BasicBlock::Create(m_.context(), "record_done", fn);
  b_.CreateCondBr(failed, lost, done);
  b_.SetInsertPoint(lost);
  if (!lost_key_)
    lost_key_ = m_.createEntryAlloca(b_.getInt32Ty(), "lost_key");
  b_.CreateStore(b_.getInt32(0), lost_key_);
  llvm::Value *counter = m_.mapLookup(maps_.lost_events, lost_key_);
  b_.CreateCondBr(b_.CreateIsNull(counter), done, count);
  b_.SetInsertPoint(count);
  // Per-CPU: no other program touches this slot concurrently.
  b_.CreateStore(b_.CreateAdd(b_.CreateLoad(b_.getInt64Ty(), counter), b_.getInt64(1)), counter);
  b_.CreateBr(done);
  b_.SetInsertPoint(done);
}

} // namespace bpfscope
