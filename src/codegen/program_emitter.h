// Lowers one probe body, for one expanded target or several sharing it, to one BPF program.
#pragma once

#include "codegen/bpf_module.h"
#include "codegen/failure_counters.h"
#include "codegen/source_map.h"
#include "parser/source.h"
#include "providers/provider.h"
#include "sema/glob_pattern.h"
#include "sema/program.h"
#include "sema/struct_def.h"

#include <functional>
#include <map>
#include <string>

namespace bpfscope {

// The maps every program of the object can reach, by script name.
struct ObjectMaps {
  std::map<std::string, llvm::GlobalVariable *> user; // "@x" -> AT_x
  llvm::GlobalVariable *events = nullptr;             // ring buffer for async actions
  llvm::GlobalVariable *start_time = nullptr;         // for `elapsed`
  llvm::GlobalVariable *lost_events = nullptr;        // records the ring buffer had no room for
  llvm::GlobalVariable *target_names = nullptr;       // shared programs' target names, by cookie
  FailureCounters *failures = nullptr;                // counted helper failures, without -k
};

class ProgramEmitter {
public:
  // `locations` receives the span of every debug location given to instructions.
  ProgramEmitter(BpfModule &module, const CheckedProgram &program, const ObjectMaps &maps,
                 const SourceFile &source, SourceMap &locations);

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
  // printf in a pinned iterator: into the iteration's seq_file (seq_printf.cpp).
  void emitKernelFormatted(const ast::Call &call, size_t printf_index);
  // The id of the call's async record (its PrintfInfo, found by sema).
  size_t printfIndex(const ast::Call &call) const;
  void emitExit(const ast::Call &call);
  // Sends exit(code): the run ends once user space reads it.
  void sendExit(llvm::Value *code);
  // assert(cond, msg): when cond is false, errorf("assert failed: %s", msg) and exit(1).
  void emitAssert(const ast::Call &call);

  // Loops, jumps, scopes and declarations (control_flow.cpp)
  void emitControlFlow(const ast::Stmt &stmt);
  void emitWhile(const ast::While &s);
  void emitFor(const ast::For &s);
  // Loops whose body is a callback (map_loop.cpp): for ($kv : @m) through
  // bpf_for_each_map_elem, and a range bounded by a map's value through bpf_loop.
  void emitForMap(const ast::For &s);
  void emitForRangeCallback(const ast::For &s);
  // Sets the loop variable at the start of the callback; gets the loop's own context word.
  using CallbackStart = std::function<void(llvm::Function *callback, llvm::Value *extra)>;
  // Calls the helper that runs the callback with the context.
  using CallbackRun = std::function<void(llvm::Function *callback, llvm::Value *context)>;
  void emitCallbackLoop(const ast::For &s, llvm::Value *extra,
                        const std::vector<std::string> &arg_names,
                        const CallbackStart &set_variable, const CallbackRun &run);
  void emitCallbackBody(const ast::For &s, llvm::Function *callback,
                        const CallbackStart &set_variable);
  void setMapElement(const ast::For &s, llvm::Function *callback);
  // `return`: ends the probe with `result` (i64; the kernel sees its low 32
  // bits); inside a map loop's callback, it tells the caller (through its
  // flag) to end the probe too, with that result, and stops the loop.
  void emitReturn(llvm::Value *result);
  void emitJump(const ast::Jump &s);
  void emitLet(const ast::Let &s);
  // Continues in a new block that nothing branches to: the code after a jump.
  void continueUnreachable();
  void storeVariable(const ast::Variable &var, const Val &value, const Type &value_type);

  // Output functions (output_calls.cpp)
  // print, clear, zero, time, cat, system, signal; false for any other call.
  bool emitOutputCall(const ast::Call &call);
  void emitMapCommand(const ast::Call &call, uint64_t id);
  void emitSignal(const ast::Call &call);
  void emitJoin(const ast::Call &call); // join.cpp
  // Sends a record to user space, counting it as lost when the buffer is full.
  // Records wake the reader only when `urgent` or once a batch is pending (see async_event.h).
  void sendRecord(llvm::Value *record, uint32_t size, bool urgent = false);
  // Scratch memory for building one record, shared by every record of the
  // program (each is sent before the next is built), so records cost no stack.
  llvm::Value *recordBuffer();

  // Maps
  const MapInfo &mapInfo(const std::string &name) const;
  llvm::Value *buildKey(const MapInfo &info, const ast::MapAccess &access,
                        llvm::Value *bucket = nullptr);
  Val readMap(const ast::MapAccess &access);
  // The predicate and the lookups the body shares with it (predicate_lookups.cpp).
  void emitPredicate(const ast::Expr &predicate);
  static std::string stableLookupName(const ast::MapAccess &access);
  llvm::Value *lookupForRead(const ast::MapAccess &access);
  llvm::Value *keyOf(const ast::MapAccess &access); // the predicate's key, or a new one
  void forgetLookups(const std::string &map);       // the body writes or deletes in `map`
  // count/sum/min/max/avg: the value over all CPUs (aggregate_read.cpp).
  llvm::Value *readAggregate(const MapInfo &info, llvm::Value *key);
  void writeMap(const ast::MapAccess &access, const ast::Expr &value);
  // Read-modify-write of an integer map value, starting from 0 when absent.
  llvm::Value *updateMapInteger(const ast::MapAccess &access,
                                const std::function<llvm::Value *(llvm::Value *)> &op);
  void emitAggregate(const ast::MapAccess &access, const ast::Call &call);
  void addToSlot(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *delta);
  void emitMinMax(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *x, bool is_min,
                  bool is_signed);
  void emitAverage(llvm::GlobalVariable *map, llvm::Value *key, llvm::Value *x);
  llvm::Value *beats(llvm::Value *x, llvm::Value *current, bool is_min, bool is_signed);
  void emitTimeSeries(llvm::GlobalVariable *map, const MapInfo &info, const ast::MapAccess &access,
                      llvm::Value *x);
  std::pair<llvm::Value *, llvm::Value *> timeSeriesStep(const Type &series, llvm::Value *value,
                                                         llvm::Value *meta, llvm::Value *x,
                                                         llvm::Value *now);
  llvm::Value *log2Bucket(llvm::Value *x, uint32_t bits);
  llvm::Value *highestSetBit(llvm::Value *x);
  llvm::Value *linearBucket(llvm::Value *x, const Type &lhist);

  // Expressions
  Val emitExpr(const ast::Expr &e);
  Val emitExprOfKind(const ast::Expr &e);
  llvm::Value *emitInt(const ast::Expr &e);   // an integer-valued expression as i64
  llvm::Value *emitTruth(const ast::Expr &e); // i1
  Val emitBuiltin(const ast::Builtin &b);
  Val emitVariable(const ast::Variable &v);
  Val constantString(const std::string &text, uint32_t size);
  // `probe` or `func` of a shared program's target, by its attach cookie (target_names.cpp).
  enum class TargetNameColumn { Probe, Func };
  Val emitTargetName(TargetNameColumn column, uint32_t size);
  Val emitCall(const ast::Call &call);
  Val emitStr(const ast::Call &call);
  Val emitBinary(const ast::Binary &b);
  llvm::Value *emitLogical(const ast::Binary &b);
  llvm::Value *arithmetic(ast::BinaryOp op, llvm::Value *l, llvm::Value *r, bool is_signed);
  llvm::Value *divide(bool quotient, llvm::Value *l, llvm::Value *r, bool is_signed);
  llvm::Value *divideOrZero(bool quotient, llvm::Value *l, llvm::Value *r, bool is_signed);
  void reportDivisionByZero(llvm::Value *zero);
  Val emitUnary(const ast::Unary &u);
  Val emitTernary(const ast::Ternary &t);
  Val emitField(const ast::FieldAccess &f);

  // Typed memory (typed_memory.cpp): struct fields, array elements, *p, &x,
  // tuples and records, the task builtins. Memory outside the program
  // (kernel or user) is read with bpf_probe_read_*; a struct, array or tuple
  // already copied into the program ("local") is read directly.
  // Where an address points: kernel or user memory, either (a plain integer:
  // the helper decides by the address), or the program's own memory.
  enum class Space { Kernel, User, Either, Local };
  static Space addressSpaceOf(const Type &address);
  void readMemory(Space space, llvm::Value *dst, llvm::Value *size, llvm::Value *address);
  void readString(Space space, llvm::Value *dst, llvm::Value *size, llvm::Value *address);
  struct Location {
    llvm::Value *address = nullptr; // i64 for Kernel/User, a pointer for Local
    Space space = Space::Kernel;
  };
  Location emitLocation(const ast::Expr &e);
  Location offsetLocation(const Location &at, llvm::Value *offset);
  Val readLocation(const Location &at, const Type &type);
  llvm::Value *readBitfield(const Location &at, const StructField &field);
  Val emitMemberAccess(const ast::FieldAccess &f);
  Val emitTupleMember(const ast::FieldAccess &f);
  Val emitIndex(const ast::Index &e);
  llvm::Value *stringCharacter(const ast::Index &e);
  Val emitTuple(const ast::TupleLiteral &t);
  Val emitTaskBuiltin(const ast::Builtin &b);
  Val readTaskField(llvm::Value *task, const std::string &name, const Type &type);
  Val emitCommOfPid(const ast::Call &call);
  llvm::Value *scaledPointerOffset(const ast::Binary &b, llvm::Value *r);
  Val loadContextField(const ArgField &field);
  const ArgField &argsField(const std::string &name);
  Val emitArgsRecord(const ast::Builtin &b);
  void fillArgsRecord(llvm::Value *dst, const Type &record);
  void storeContextField(llvm::Value *dst, const Type &dst_type, const ArgField &field);
  // USDT arguments (register_operand.cpp).
  Val loadRegisterOperand(const RegisterOperand &op, const Type &type);
  llvm::Value *operandAddress(const RegisterOperand &op);
  llvm::Value *loadRegister(uint32_t pt_regs_offset);
  Val emitProbeBuiltin(const ast::Builtin &b);    // arg0…argN, retval, func
  Val emitContextBuiltin(const ast::Builtin &b);  // ctx, usermode
  Val emitContextFunction(const ast::Call &call); // reg, socket_cookie, path
  // A pointer to a kernel object for a helper that checks its BTF type
  // (path(), socket_cookie()): a BTF tracing program's argument uncopied.
  llvm::Value *emitKernelObject(const ast::Expr &object);
  Val emitIteratorPath(const ast::Call &call);
  Val emitCast(const ast::Cast &c);
  // kstack/ustack, ksym/usym/kaddr (stacks.cpp)
  Val emitStack(const Type &type);
  void captureStack(llvm::Value *buf, const Type &type);
  static bool isStackCapture(const ast::Expr &e); // kstack/ustack, written straight into place
  Val emitSymbolCall(const ast::Call &call);
  llvm::Value *emitPerCpuAddress(const ast::Call &call);
  llvm::Value *emitStackDepth(const ast::Expr &stack);       // len(kstack), len(ustack)
  llvm::Value *emitUserSymbolAddress(const ast::Call &call); // uaddr("name")
  llvm::Value *currentProcessId();                           // the tgid, as an i64
  llvm::Value *currentPidTgid(); // bpf_get_current_pid_tgid(), once per program run
  llvm::Value *emitPidTgid();    // the helper call behind currentPidTgid()
  llvm::Value *initialPidTgid(); // as the initial PID namespace sees it
  // An i64 holding a value of `type` reduced to it: truncated and re-extended
  // for narrow integers, 0/1 for bool.
  llvm::Value *normalizeInteger(llvm::Value *v, const Type &type);
  // a == b for strings, tuples and integer arrays, as i1.
  llvm::Value *emitValuesEqual(const ast::Expr &a, const ast::Expr &b);
  // Bytes in program memory and how many there are (a string's buffer size).
  struct Bytes {
    llvm::Value *data;
    uint32_t size;
  };
  // Whether two strings agree on their first `limit` characters (up to a NUL), as i1.
  llvm::Value *stringsEqual(const Bytes &a, const Bytes &b, uint32_t limit);
  llvm::Value *valuesEqual(const Val &a, const Type &ta, const Val &b, const Type &tb);
  // Whether two buffers hold the same length and bytes, as i1.
  llvm::Value *buffersEqual(const Bytes &a, const Bytes &b);

  // Value functions (value_functions.cpp): strings, bytes and addresses.
  Val emitValueFunction(const ast::Call &call);
  Bytes emitBytes(const ast::Expr &e);
  llvm::Value *stringLength(const Bytes &s);
  // The index of the first `needle` in `haystack`, or -1.
  llvm::Value *findSubstring(const Bytes &haystack, const Bytes &needle);
  llvm::Value *byteAt(const Bytes &s, llvm::Value *index);
  // globmatch(str, pattern): whether the whole string matches (glob_match.cpp).
  llvm::Value *globMatch(const Bytes &text, const std::vector<GlobToken> &pattern);
  llvm::Value *globTokenMatches(const GlobToken &token, llvm::Value *c);
  // memcmp(a, b, n): the difference of the first unequal bytes, or 0 (glob_match.cpp).
  llvm::Value *compareBytes(const Bytes &a, const Bytes &b, llvm::Value *count);
  Val emitBswap(const ast::Call &call);
  // strerror, signal_name, syscall_name: a row of a constant table (name_lookup.cpp).
  Val emitNameLookup(const ast::Call &call);
  Val emitBuf(const ast::Call &call);
  Val emitNtop(const ast::Call &call);
  Val emitPton(const ast::Call &call);
  Val emitMacaddr(const ast::Call &call);
  llvm::Value *emitModeFunction(const ast::Call &call);
  // Copies up to `size` bytes of an in-memory value (an array, a string) to `dst`, or
  // reads `read_size` (default: `size`) bytes from the address `e` holds.
  void copyBytesOf(const ast::Expr &e, llvm::Value *dst, uint32_t size,
                   llvm::Value *read_size = nullptr);

  // Map functions (map_functions.cpp): has_key, find, len, delete.
  Val emitMapFunction(const ast::Call &call);
  llvm::Value *emitFind(const ast::Call &call);
  llvm::Value *emitLen(const ast::MapAccess &map);
  static bool isCombinedAggregate(const Type &value);
  void restartAggregate(llvm::GlobalVariable *map, llvm::Value *key, uint32_t value_size);
  // delete(@m[k, *]) (wildcard_delete.cpp): 1 when an element was deleted.
  llvm::Value *emitWildcardDelete(const ast::MapAccess &access);
  void emitWildcardMatch(const ast::MapAccess &access, llvm::Function *callback);
  llvm::Value *keyBytesEqual(llvm::Value *a, llvm::Value *b, uint32_t size);

  // Storage. A temporary lives until the end of the statement that made it:
  // its stack slot carries lifetime markers, so LLVM's stack coloring lets
  // later statements reuse it and a probe with many map updates stays within
  // the 512-byte BPF stack.
  llvm::Value *temporary(uint32_t size, const llvm::Twine &name);
  // Storage for the whole program (variables): no lifetime markers.
  llvm::Value *programLongStorage(uint32_t size, const llvm::Twine &name);
  void emitStmtKind(const ast::Stmt &stmt);
  void endStatementTemporaries();
  llvm::Value *zeroedTemporary(uint32_t size, const llvm::Twine &name);
  // Copying and zeroing memory the program owns (stack, scratch, map values).
  // Up to kInlineCopyLimit bytes are inline loads and stores; a larger block
  // (a 1 KiB string, a stack) is one bpf_probe_read_kernel call, because an
  // inline 1 KiB copy is some 2000 instructions that take LLVM tens of
  // seconds to schedule. The kernel zeroes the destination of a failed
  // bpf_probe_read_kernel, so reading from address 0 zeroes a large block.
  static constexpr uint64_t kInlineCopyLimit = 64;
  void copyBytes(llvm::Value *dst, llvm::Value *src, uint64_t size, uint64_t src_align = 1);
  void zeroBytes(llvm::Value *dst, uint64_t size);
  llvm::Value *variableSlot(const ast::Variable &v);
  void storeValue(llvm::Value *dst, const Type &dst_type, const Val &value, const Type &value_type);
  // A tuple into a tuple of the same shape laid out otherwise (wider
  // elements; a record's fields in another order): each element is
  // converted into its own place there.
  void storeTupleElements(llvm::Value *dst, const Type &dst_type, llvm::Value *src,
                          const Type &src_type);
  // Stores `e` into `dst` (laid out as `dst_type`) without a temporary copy.
  void storeExpr(llvm::Value *dst, const Type &dst_type, const ast::Expr &e);
  Val loadValue(llvm::Value *src, const Type &type);
  llvm::Value *bytePointer(llvm::Value *base, uint64_t offset);
  llvm::Value *toInt64(llvm::Value *v, const Type &type);
  void finishEntry();
  // -p PID: returns early in other processes, for kinds not attached to the process alone.
  void emitProcessFilter(const Provider &provider);
  void setLocation(Span span);
  // -k: reports a failing result of `helper` (helper_checks.cpp); BpfModule's helper observer.
  void checkHelperResult(unsigned helper, llvm::Value *result);
  // Sends the HelperFailure record of a failed `helper` at the current span.
  void reportHelperFailure(unsigned helper, llvm::Value *result);
  // Without -k: counts a failure of `helper` at the current span in its
  // site's HelperFailureCounter (failure_counters.h).
  void countFailure(unsigned helper, llvm::Value *result);
  // Without -k: counts a refused map update at the current span, without a branch.
  void countRefusedUpdate(llvm::Value *result);

  BpfModule &m_;
  llvm::IRBuilder<> &b_;
  const CheckedProgram &program_;
  const ObjectMaps &maps_;
  const SourceFile &source_;
  SourceMap &locations_;

  const ProgramUnit *unit_ = nullptr;
  Span current_span_; // of the code being emitted: what a helper failure is reported at
  // Set while a delete() whose result is discarded is emitted: its failure is
  // reported without -k, as the newest bpftrace warns about it.
  bool discarded_delete_ = false;
  // The unit's args layout, asked of its provider when a field is first read:
  // a uprobe's comes from the binary's DWARF, which a probe without args
  // should not pay for.
  std::optional<ArgsLayout> args_;
  // Set while emitting the kernel object a helper takes (emitKernelObject):
  // BTF pointer args stay the verifier's typed pointers.
  bool keep_btf_pointers_ = false;
  llvm::BasicBlock *entry_ = nullptr;
  llvm::BasicBlock *body_ = nullptr;
  llvm::AllocaInst *scratch_base_slot_ = nullptr;
  uint32_t scratch_size_ = 0;
  std::optional<uint32_t> record_offset_;     // recordBuffer()'s place in scratch memory
  llvm::AllocaInst *lost_key_ = nullptr;      // sendRecord()'s key into lost_events
  llvm::AllocaInst *pid_tgid_slot_ = nullptr; // currentPidTgid()'s value, set in the entry block
  // The predicate's map lookups the body may read through (predicate_lookups.cpp),
  // by stableLookupName; recording while the predicate is emitted.
  struct PredicateLookup {
    llvm::Value *found; // bpf_map_lookup_elem's result
    llvm::Value *key;   // the key it was given
  };
  std::map<std::string, PredicateLookup> predicate_lookups_;
  bool recording_lookups_ = false;
  std::map<int, llvm::Value *> variables_; // by declaration slot (sema)
  // Stack temporaries of the statements being emitted, innermost last.
  std::vector<std::vector<llvm::AllocaInst *>> statement_temporaries_;
  uint32_t for_each_count_ = 0;        // callbacks of this program, for unique names
  llvm::Value *return_flag_ = nullptr; // in a map loop's callback: where `return` is noted
  // The enclosing loops, innermost last: where continue and break go.
  struct LoopTargets {
    llvm::BasicBlock *continue_to;
    llvm::BasicBlock *break_to;
  };
  std::vector<LoopTargets> loops_;
};

} // namespace bpfscope
