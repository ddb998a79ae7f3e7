// Map elements a probe's predicate reads are read again by its body through
// the predicate's lookup: `/@start[tid]/ { … nsecs - @start[tid] … }` does
// one bpf_map_lookup_elem, not two. The pointer stays valid for the program's
// run (the kernel frees hash elements after an RCU grace period), so reading
// through it is reading the element as the predicate found it, at most a
// few dozen instructions earlier. The body stops reusing a map's lookups at
// its first write or delete of that map, and every lookup at the first loop.
#include "codegen/program_emitter.h"

namespace bpfscope {

using namespace ast;

namespace {

// Builtins whose value cannot change while a probe runs.
bool isStableBuiltin(const Builtin &b) {
  static const char *const names[] = {"pid", "tid", "cpu",    "comm",
                                      "uid", "gid", "cgroup", "curtask"};
  if (b.constant)
    return true;
  for (const char *name : names)
    if (b.name == name)
      return true;
  return false;
}

// Every sub-expression of `e` is evaluated whenever `e` is: no &&, || or ?:,
// so a lookup made while evaluating it dominates the code that follows.
bool evaluatesAllOperands(const Expr &e) {
  if (auto *m = e.as<MapAccess>()) {
    for (const auto &key : m->keys)
      if (!evaluatesAllOperands(*key))
        return false;
    return true;
  }
  if (auto *b = e.as<Binary>())
    return b->op != BinaryOp::LogicalAnd && b->op != BinaryOp::LogicalOr &&
           evaluatesAllOperands(*b->lhs) && evaluatesAllOperands(*b->rhs);
  if (auto *u = e.as<Unary>())
    return (u->op == UnaryOp::Neg || u->op == UnaryOp::LogicalNot || u->op == UnaryOp::BitNot) &&
           evaluatesAllOperands(*u->operand);
  return e.as<IntegerLiteral>() || e.as<StringLiteral>() || e.as<Builtin>() || e.as<Variable>();
}

} // namespace

void ProgramEmitter::emitPredicate(const Expr &predicate) {
  recording_lookups_ = evaluatesAllOperands(predicate);
  llvm::Value *pass = emitTruth(predicate);
  recording_lookups_ = false;
  llvm::Function *fn = b_.GetInsertBlock()->getParent();
  auto *then = llvm::BasicBlock::Create(m_.context(), "predicate_true", fn);
  auto *skip = llvm::BasicBlock::Create(m_.context(), "predicate_false", fn);
  b_.CreateCondBr(pass, then, skip);
  b_.SetInsertPoint(skip);
  b_.CreateRet(b_.getInt32(0));
  b_.SetInsertPoint(then);
}

// "@map[key, …]" for keys of literals and stable builtins; "" when a key
// may differ between two reads.
std::string ProgramEmitter::stableLookupName(const MapAccess &access) {
  std::string name = access.name + "[";
  for (const auto &key : access.keys) {
    if (auto *i = key->as<IntegerLiteral>())
      name += std::to_string(i->value);
    else if (auto *s = key->as<StringLiteral>())
      name += "\"" + s->value + "\"";
    else if (auto *b = key->as<Builtin>(); b && isStableBuiltin(*b))
      name += b->constant ? std::to_string(*b->constant) : b->name;
    else
      return "";
    name += ",";
  }
  return name + "]";
}

llvm::Value *ProgramEmitter::lookupForRead(const MapAccess &access) {
  std::string name = stableLookupName(access);
  if (!name.empty())
    if (auto it = predicate_lookups_.find(name); it != predicate_lookups_.end())
      return it->second.found;
  llvm::Value *key = buildKey(mapInfo(access.name), access);
  llvm::Value *found = m_.mapLookup(maps_.user.at(access.name), key);
  // The predicate's key lives on the stack for the whole run (it is no
  // statement's temporary): a later delete of the element reuses it.
  if (recording_lookups_ && !name.empty() && llvm::isa<llvm::AllocaInst>(key))
    predicate_lookups_[name] = {found, key};
  return found;
}

llvm::Value *ProgramEmitter::keyOf(const MapAccess &access) {
  std::string name = stableLookupName(access);
  if (!name.empty())
    if (auto it = predicate_lookups_.find(name); it != predicate_lookups_.end())
      return it->second.key;
  return buildKey(mapInfo(access.name), access);
}

void ProgramEmitter::forgetLookups(const std::string &map) {
  std::erase_if(predicate_lookups_,
                [&](const auto &entry) { return entry.first.starts_with(map + "["); });
}

} // namespace bpfscope
