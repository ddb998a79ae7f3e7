// Loops whose body is a static callback: for ($kv : @m), which
// bpf_for_each_map_elem calls once per element (an aggregation's value is
// combined over the CPUs, aggregate_read.cpp), and for ($i : a..b) whose
// bounds read a map, which bpf_loop calls b - a times. The callback reaches
// the probe's state through its context argument, an array on the probe's
// stack:
//   [0]      the probe's scratch memory (its temporaries and records),
//   [1 + i]  the address of captured variable i (sema's For::captured),
//   [n + 1]  the address of a word the body sets when it runs `return`:
//            1 + the probe's 32-bit result, so 0 means no return,
//   [n + 2]  the address of a word for the loop itself (a range's start),
// so the body reads and writes the enclosing probe's variables in place.
// Its own temporaries take fresh offsets in the same scratch memory.
// continue returns 0 (next element), break and return return 1 (stop); after
// the loop the probe ends, with that result, if the word is set.
#include "codegen/program_emitter.h"

#include <llvm/IR/Constants.h>

namespace bpfscope {

using namespace ast;

void ProgramEmitter::emitForMap(const For &s) {
  llvm::GlobalVariable *map = maps_.user.at(s.map->as<MapAccess>()->name);
  emitCallbackLoop(
      s, b_.getInt64(0), {"map", "key", "value", "ctx"},
      [&](llvm::Function *callback, llvm::Value *) { setMapElement(s, callback); },
      [&](llvm::Function *callback, llvm::Value *context) {
        m_.forEachMapElem(map, callback, context);
      });
}

// for ($i : a..b) whose bounds read a map: bpf_loop runs the body b - a
// times (none when b <= a); the callback's index plus a is $i.
void ProgramEmitter::emitForRangeCallback(const For &s) {
  llvm::Value *start = emitInt(*s.start);
  llvm::Value *end = emitInt(*s.end);
  bool is_signed = s.var->type.is_signed;
  llvm::Value *any = is_signed ? b_.CreateICmpSLT(start, end) : b_.CreateICmpULT(start, end);
  llvm::Value *count = b_.CreateSelect(any, b_.CreateSub(end, start), b_.getInt64(0));
  emitCallbackLoop(
      s, start, {"index", "ctx"},
      [&](llvm::Function *callback, llvm::Value *first) {
        llvm::Value *index = b_.CreatePtrToInt(callback->getArg(0), b_.getInt64Ty());
        b_.CreateStore(b_.CreateAdd(first, index), variableSlot(*s.var));
      },
      [&](llvm::Function *callback, llvm::Value *context) { m_.loop(count, callback, context); });
}

void ProgramEmitter::emitCallbackLoop(const For &s, llvm::Value *extra,
                                      const std::vector<std::string> &arg_names,
                                      const CallbackStart &set_variable, const CallbackRun &run) {
  // The callback needs scratch memory to exist even when nothing else does.
  scratch_size_ = std::max<uint32_t>(scratch_size_, 8);
  size_t flag_index = s.captured.size() + 1;
  auto *context_type = llvm::ArrayType::get(b_.getPtrTy(), flag_index + 2);
  llvm::Value *context = m_.createEntryAlloca(context_type, "loop_context");
  b_.CreateStore(b_.CreateLoad(b_.getPtrTy(), scratch_base_slot_), context);
  for (size_t i = 0; i < s.captured.size(); ++i)
    b_.CreateStore(variableSlot(*s.captured[i]), bytePointer(context, (i + 1) * 8));
  llvm::Value *returned = m_.createEntryAlloca(b_.getInt64Ty(), "loop_returned");
  b_.CreateStore(b_.getInt64(0), returned);
  b_.CreateStore(returned, bytePointer(context, flag_index * 8));
  llvm::Value *extra_slot = m_.createEntryAlloca(b_.getInt64Ty(), "loop_extra");
  b_.CreateStore(extra, extra_slot);
  b_.CreateStore(extra_slot, bytePointer(context, (flag_index + 1) * 8));

  std::string name = unit_->function_name + "_for_each_" + std::to_string(for_each_count_++);
  llvm::Function *callback = m_.buildCallback(
      name, [&](llvm::Function *fn) { emitCallbackBody(s, fn, set_variable); }, arg_names);
  run(callback, context);

  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *end_probe = llvm::BasicBlock::Create(m_.context(), "loop_returned", fn);
  auto *after = llvm::BasicBlock::Create(m_.context(), "after_loop", fn);
  llvm::Value *flag = b_.CreateLoad(b_.getInt64Ty(), returned);
  b_.CreateCondBr(b_.CreateICmpNE(flag, b_.getInt64(0)), end_probe, after);
  b_.SetInsertPoint(end_probe);
  emitReturn(b_.CreateSub(flag, b_.getInt64(1)));
  b_.SetInsertPoint(after);
}

void ProgramEmitter::emitReturn(llvm::Value *result) {
  llvm::Value *result32 = b_.CreateTrunc(result, b_.getInt32Ty());
  if (!return_flag_) {
    b_.CreateRet(result32);
    return;
  }
  llvm::Value *flag = b_.CreateAdd(b_.CreateZExt(result32, b_.getInt64Ty()), b_.getInt64(1));
  b_.CreateStore(flag, return_flag_);
  b_.CreateRet(b_.getInt64(1));
}

void ProgramEmitter::emitCallbackBody(const For &s, llvm::Function *callback,
                                      const CallbackStart &set_variable) {
  // The probe's state, set aside while the callback is built.
  auto saved_variables = std::move(variables_);
  auto saved_loops = std::move(loops_);
  llvm::AllocaInst *saved_scratch = scratch_base_slot_;
  llvm::BasicBlock *saved_body = body_;
  llvm::AllocaInst *saved_lost_key = lost_key_;
  llvm::Value *saved_return_flag = return_flag_;
  variables_.clear();
  loops_.clear();
  lost_key_ = nullptr;

  llvm::Value *context = callback->getArg(callback->arg_size() - 1);
  scratch_base_slot_ = m_.createEntryAlloca(b_.getPtrTy(), "scratch_base");
  b_.CreateStore(b_.CreateLoad(b_.getPtrTy(), context), scratch_base_slot_);
  for (size_t i = 0; i < s.captured.size(); ++i)
    variables_[s.captured[i]->slot] =
        b_.CreateLoad(b_.getPtrTy(), bytePointer(context, (i + 1) * 8));
  return_flag_ = b_.CreateLoad(b_.getPtrTy(), bytePointer(context, (s.captured.size() + 1) * 8));
  body_ = llvm::BasicBlock::Create(m_.context(), "loop_body", callback);
  b_.CreateBr(body_);
  b_.SetInsertPoint(body_);

  llvm::Value *extra_slot =
      b_.CreateLoad(b_.getPtrTy(), bytePointer(context, (s.captured.size() + 2) * 8));
  set_variable(callback, b_.CreateLoad(b_.getInt64Ty(), extra_slot));

  auto *next = llvm::BasicBlock::Create(m_.context(), "loop_next", callback);
  auto *stop = llvm::BasicBlock::Create(m_.context(), "loop_stop", callback);
  loops_.push_back({next, stop});
  emitBlock(s.body);
  b_.CreateBr(next);
  b_.SetInsertPoint(next);
  b_.CreateRet(b_.getInt64(0));
  b_.SetInsertPoint(stop);
  b_.CreateRet(b_.getInt64(1));

  variables_ = std::move(saved_variables);
  loops_ = std::move(saved_loops);
  scratch_base_slot_ = saved_scratch;
  body_ = saved_body;
  lost_key_ = saved_lost_key;
  return_flag_ = saved_return_flag;
}

// $kv = (key, value), copied out of the map.
void ProgramEmitter::setMapElement(const For &s, llvm::Function *callback) {
  const MapInfo &info = mapInfo(s.map->as<MapAccess>()->name);
  llvm::Value *element = variableSlot(*s.var);
  auto offsets = s.var->type.elementOffsets();
  copyBytes(element, callback->getArg(1), info.key.size);
  if (isCombinedAggregate(info.value)) // this CPU's slot is one part: combine them all
    b_.CreateStore(readAggregate(info, callback->getArg(1)), bytePointer(element, offsets[1]));
  else
    copyBytes(bytePointer(element, offsets[1]), callback->getArg(2), info.value.size);
}

} // namespace bpfscope
