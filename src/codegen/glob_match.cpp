// globmatch(str, pattern) and memcmp(a, b, n).
//
// globmatch runs the pattern as a set of states, one bit per position
// between its tokens (bit i: the tokens before i have matched so far). Each
// character of the string moves every state past a token that accepts it,
// and `*` also stays where it is and lets the next token start without a
// character. The pattern is known at compile time, so each step is straight
// code over its tokens, run by bpf_loop (Linux 5.17) once per character.
#include "codegen/program_emitter.h"

namespace bpfscope {

llvm::Value *ProgramEmitter::globTokenMatches(const GlobToken &token, llvm::Value *c) {
  switch (token.kind) {
  case GlobToken::Kind::AnyChar:
  case GlobToken::Kind::AnyRun:
    return b_.getTrue();
  case GlobToken::Kind::Literal:
    return b_.CreateICmpEQ(c, b_.getInt8(token.literal));
  case GlobToken::Kind::Class:
    break;
  }
  llvm::Value *in_class = b_.getFalse();
  for (const auto &[low, high] : token.ranges)
    in_class = b_.CreateOr(in_class, b_.CreateAnd(b_.CreateICmpUGE(c, b_.getInt8(low)),
                                                  b_.CreateICmpULE(c, b_.getInt8(high))));
  return token.negated ? b_.CreateNot(in_class) : in_class;
}

namespace {

// The states reached from `states` without a character: past each `*`.
llvm::Value *skipRuns(llvm::IRBuilder<> &b, llvm::Value *states,
                      const std::vector<GlobToken> &pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].kind != GlobToken::Kind::AnyRun)
      continue;
    llvm::Value *here = b.CreateAnd(b.CreateLShr(states, i), 1);
    states = b.CreateOr(states, b.CreateShl(here, i + 1));
  }
  return states;
}

} // namespace

llvm::Value *ProgramEmitter::globMatch(const Bytes &text, const std::vector<GlobToken> &pattern) {
  // The states after `c`: each live state moves past a token that accepts it.
  auto step = [&](llvm::Value *states, llvm::Value *c) {
    llvm::Value *next = b_.getInt64(0);
    for (size_t i = 0; i < pattern.size(); ++i) {
      llvm::Value *here = b_.CreateAnd(b_.CreateLShr(states, i), 1);
      llvm::Value *accepted = b_.CreateZExt(globTokenMatches(pattern[i], c), b_.getInt64Ty());
      size_t to = pattern[i].kind == GlobToken::Kind::AnyRun ? i : i + 1;
      next = b_.CreateOr(next, b_.CreateShl(b_.CreateAnd(here, accepted), to));
    }
    return skipRuns(b_, next, pattern);
  };
  // bpf_loop's callback, one character per call: the verifier checks its body
  // once, where a loop in the program would be walked once per character.
  // Its context holds the string's address, then the states.
  auto body = [&](llvm::Function *fn) {
    auto *stop = llvm::BasicBlock::Create(m_.context(), "glob_stop", fn);
    auto *read = llvm::BasicBlock::Create(m_.context(), "glob_read", fn);
    auto *advance = llvm::BasicBlock::Create(m_.context(), "glob_advance", fn);
    auto *more = llvm::BasicBlock::Create(m_.context(), "glob_more", fn);
    llvm::Value *index =
        b_.CreateAnd(b_.CreatePtrToInt(fn->getArg(0), b_.getInt64Ty()), 0xffffffff);
    llvm::Value *context = fn->getArg(1);
    b_.CreateCondBr(b_.CreateICmpULT(index, b_.getInt64(text.size)), read, stop);
    b_.SetInsertPoint(read);
    Bytes string{b_.CreateLoad(b_.getPtrTy(), context), text.size};
    llvm::Value *c = byteAt(string, index);
    b_.CreateCondBr(b_.CreateICmpEQ(c, b_.getInt8(0)), stop, advance);
    b_.SetInsertPoint(advance);
    llvm::Value *states_at = bytePointer(context, 8);
    llvm::Value *next = step(b_.CreateLoad(b_.getInt64Ty(), states_at), c);
    b_.CreateStore(next, states_at);
    b_.CreateCondBr(b_.CreateICmpEQ(next, b_.getInt64(0)), stop, more);
    b_.SetInsertPoint(more);
    b_.CreateRet(b_.getInt64(0));
    b_.SetInsertPoint(stop);
    b_.CreateRet(b_.getInt64(1));
  };
  std::string name;
  for (int i = 0; name.empty() || m_.module().getFunction(name); ++i)
    name = "globmatch_step_" + std::to_string(i);
  llvm::Function *callback = m_.buildCallback(name, body);

  llvm::Value *context =
      m_.createEntryAlloca(llvm::ArrayType::get(b_.getInt64Ty(), 2), "globmatch_context");
  b_.CreateStore(text.data, context);
  llvm::Value *states_at = bytePointer(context, 8);
  b_.CreateStore(skipRuns(b_, b_.getInt64(1), pattern), states_at);
  m_.callHelper(BPF_FUNC_loop, b_.getInt64Ty(),
                {b_.getInt32(text.size), callback, context, b_.getInt64(0)});
  llvm::Value *states = b_.CreateLoad(b_.getInt64Ty(), states_at);
  llvm::Value *end = b_.CreateAnd(b_.CreateLShr(states, pattern.size()), 1);
  return b_.CreateICmpEQ(end, b_.getInt64(1));
}

// The first `count` bytes, never past the smaller value, compared as unsigned
// characters as C's memcmp does.
llvm::Value *ProgramEmitter::compareBytes(const Bytes &a, const Bytes &b, llvm::Value *count) {
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto block = [&](const char *name) { return llvm::BasicBlock::Create(m_.context(), name, fn); };
  llvm::Value *index_slot = m_.createEntryAlloca(b_.getInt64Ty(), "memcmp_index");
  llvm::Value *result_slot = m_.createEntryAlloca(b_.getInt64Ty(), "memcmp_result");
  b_.CreateStore(b_.getInt64(0), index_slot);
  b_.CreateStore(b_.getInt64(0), result_slot);
  auto *cond = block("memcmp_cond"), *body = block("memcmp_body"), *next = block("memcmp_next");
  auto *differ = block("memcmp_differ"), *done = block("memcmp_done");
  b_.CreateBr(cond);

  b_.SetInsertPoint(cond);
  llvm::Value *index = b_.CreateLoad(b_.getInt64Ty(), index_slot);
  llvm::Value *in_both = b_.CreateICmpULT(index, b_.getInt64(std::min(a.size, b.size)));
  b_.CreateCondBr(b_.CreateAnd(in_both, b_.CreateICmpULT(index, count)), body, done);
  b_.SetInsertPoint(body);
  llvm::Value *difference = b_.CreateSub(b_.CreateZExt(byteAt(a, index), b_.getInt64Ty()),
                                         b_.CreateZExt(byteAt(b, index), b_.getInt64Ty()));
  b_.CreateCondBr(b_.CreateICmpNE(difference, b_.getInt64(0)), differ, next);
  b_.SetInsertPoint(differ);
  b_.CreateStore(difference, result_slot);
  b_.CreateBr(done);
  b_.SetInsertPoint(next);
  b_.CreateStore(b_.CreateAdd(index, b_.getInt64(1)), index_slot);
  b_.CreateBr(cond);

  b_.SetInsertPoint(done);
  return b_.CreateLoad(b_.getInt64Ty(), result_slot);
}

} // namespace bpfscope
