// Lowers one probe body, for one expanded target, to one BPF program.
#pragma once

#include "codegen/bpf_module.h"
#include "parser/source.h"
#include "providers/provider.h"
#include "sema/program.h"

#include <functional>
#include <map>
#include <string>

namespace bpfscope {

// The maps every program of the object can reach, by script name.
struct ObjectMaps {
  std::map<std::string, llvm::GlobalVariable *> user; // "@x" -> AT_x
  llvm::GlobalVariable *events = nullptr;             // ring buffer for async actions
  llvm::GlobalVariable *start_time = nullptr;         // for `elapsed`
};

class ProgramEmitter {
public:
  ProgramEmitter(BpfModule &module, const CheckedProgram &program, const ObjectMaps &maps,
                 const SourceFile &source);

  void emit(const ProgramUnit &unit);

private:
  // A value during lowering: integers, booleans and pointers live in an i64
  // register; strings and tuples live in memory and `v` points at them.
  struct Val {
    llvm::Value *v = nullptr;
    bool in_memory = false;
  };

  // Statements
  void emitBlock(const ast::Block &block);
  void emitStmt(const ast::Stmt &stmt);
  void emitIf(const ast::If &s);
  void emitAssign(const ast::Assign &s);
  void emitExprStmt(const ast::ExprStmt &s);
  void emitPrintf(const ast::Call &call);
  void emitExit(const ast::Call &call);
  void emitDelete(const ast::Call &call);

  // Maps
  const MapInfo &mapInfo(const std::string &name) const;
  llvm::Value *buildKey(const MapInfo &info, const ast::MapAccess &access,
                        llvm::Value *bucket = nullptr);
  Val readMap(const ast::MapAccess &access);
  void writeMap(const ast::MapAccess &access, const ast::Expr &value);
  // Read-modify-write of an integer map value, starting from 0 when absent.
  llvm::Value *updateMapInteger(const ast::MapAccess &access,
                                const std::function<llvm::Value *(llvm::Value *)> &op);
  void emitAggregate(const ast::MapAccess &access, const ast::Call &call);
  void addToSlot(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *delta);
  void emitMinMax(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *x, bool is_min,
                  bool is_signed);
  void emitAverage(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *x);
  llvm::Value *log2Bucket(llvm::Value *x);
  llvm::Value *linearBucket(llvm::Value *x, const Type &lhist);

  // Expressions
  Val emitExpr(const ast::Expr &e);
  llvm::Value *emitInt(const ast::Expr &e);   // an integer-valued expression as i64
  llvm::Value *emitTruth(const ast::Expr &e); // i1
  Val emitBuiltin(const ast::Builtin &b);
  Val emitVariable(const ast::Variable &v);
  Val constantString(const std::string &text, uint32_t size);
  Val emitCall(const ast::Call &call);
  Val emitStr(const ast::Call &call);
  Val emitBinary(const ast::Binary &b);
  llvm::Value *emitLogical(const ast::Binary &b);
  llvm::Value *arithmetic(ast::BinaryOp op, llvm::Value *l, llvm::Value *r, bool is_signed);
  llvm::Value *divide(bool quotient, llvm::Value *l, llvm::Value *r, bool is_signed);
  Val emitUnary(const ast::Unary &u);
  Val emitTernary(const ast::Ternary &t);
  Val emitField(const ast::FieldAccess &f);
  llvm::Value *emitStringEquals(const ast::Expr &a, const ast::Expr &b);

  // Storage
  llvm::Value *temporary(uint32_t size, const llvm::Twine &name);
  llvm::Value *zeroedTemporary(uint32_t size, const llvm::Twine &name);
  llvm::Value *variableSlot(const ast::Variable &v);
  void storeValue(llvm::Value *dst, const Type &dst_type, const Val &value, const Type &value_type);
  Val loadValue(llvm::Value *src, const Type &type);
  llvm::Value *bytePointer(llvm::Value *base, uint64_t offset);
  llvm::Value *toInt64(llvm::Value *v, const Type &type);
  void finishEntry();
  void setLocation(Span span);

  BpfModule &m_;
  llvm::IRBuilder<> &b_;
  const CheckedProgram &program_;
  const ObjectMaps &maps_;
  const SourceFile &source_;

  const ProgramUnit *unit_ = nullptr;
  std::optional<ArgsLayout> args_;
  llvm::BasicBlock *entry_ = nullptr;
  llvm::BasicBlock *body_ = nullptr;
  llvm::AllocaInst *scratch_base_slot_ = nullptr;
  uint32_t scratch_size_ = 0;
  std::map<std::string, llvm::Value *> variables_;
};

} // namespace bpfscope
