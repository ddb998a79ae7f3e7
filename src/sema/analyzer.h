// The semantic analyzer: one class whose checks are split over the files
// that include this header, each for one kind of construct (sema.cpp runs the
// passes; sema_statements, sema_expressions, sema_operators, sema_maps,
// sema_output_calls and sema_c_types check what their names say). Private to
// src/sema: other stages see sema.h.
#pragma once

#include "providers/provider.h"
#include "sema/integer_promotion.h"
#include "sema/script_config.h"
#include "sema/sema.h"
#include "sema/shared_programs.h"
#include "sema/typed_access.h"
#include "sema/value_functions.h"
#include "sema/variable_scopes.h"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace bpfscope::sema_detail {

// The analyzer names AST nodes as its own (`Expr`, `Call`); only its files
// include this header.
using namespace ast;

// What is known about one map across the whole script.
struct MapState {
  Span first_use;
  std::optional<std::vector<Type>> keys;
  // Per key: given only constants ≥ 0 so far (integer_promotion.h).
  std::vector<bool> flexible_keys;
  std::optional<Type> value;
  // The type the integers assigned to the map so far meet in
  // (typeHoldingBoth), as bpftrace types them; `value` stores them at it
  // unless `++`/`--`/`op=` made the map 64 bits wide.
  std::optional<Type> integer_value;
  // Assigned only constants ≥ 0 so far (integer_promotion.h).
  bool integer_flexible = false;
};

bool isAggregateFunction(const std::string &name);

bool isIntegral(const Type &t);

// An integer or a pointer as a 64-bit integer, as printf and print arguments
// and a map's enum values hold them (an enum's values keep their names).
Type widened(const Type &t);

class Analyzer {
public:
  Analyzer(Program &program, Diagnostics &diags, const SemaOptions &options)
      : program_(program), real_diags_(diags), options_(options) {}
  std::optional<CheckedProgram> run(std::unique_ptr<Program> owned);

private:
  // ------------------------------------------------------------ map declarations
  void checkMapDeclarations();

  // Aggregations need a per-CPU map type, other values a plain one.
  void checkDeclaredMapTypes();

  // ------------------------------------------------------------ probes
  void expandProbes();

  // With config missing_probes = warn or ignore, an attach point that names
  // no function or event is skipped (warn says so) instead of failing the run.
  std::vector<ProbeTarget> expandAttachPoint(const Provider &p, const AttachPoint &ap,
                                             const std::vector<std::string> &parts);

  // An iterator run ends when the iterator has been read; probes waiting for
  // events would never see any.
  void checkIteratorsStandAlone();
  void checkAll(Diagnostics &diags, bool final);
  void checkProbe(size_t index, Probe &probe, const std::vector<ProbeTarget> &targets);

  // ------------------------------------------------------------ statements
  void checkBlock(Block &block);

  // A block whose $variables end with it.
  void checkScopedBlock(Block &block);
  void checkStmt(Stmt &stmt);
  void checkBranch(Block &block, bool reachable);
  void checkLoopOrDeclaration(Stmt &stmt);

  // return VALUE: the program's result, which the kernel reads (a test
  // probe passes only with 0). Kinds whose programs the kernel allows no
  // other result than 0 refuse anything else.
  void checkReturnValue(Expr &value);
  void checkLoopBody(Block &body);
  void checkUnroll(Unroll &s);
  void checkFor(For &s);

  // A bound the verifier cannot know: a map's value (`0..@m`, `0..@m[5]`).
  static bool readsMap(ExprPtr &bound);

  // for ($kv : @m): $kv is (key, value), or ((k1, k2, …), value).
  void checkForMap(For &s);

  // A body that runs as a callback (`as_callback`) has no probe context
  // and reaches the probe's variables it uses through For::captured.
  void checkLoopVariableAndBody(For &s, const Type &var_type, bool as_callback);
  std::optional<Type> mapElementType(MapAccess &map);
  void checkLet(Let &s);

  // A variable assigned an expression whose error was reported.
  void poison(Variable &var);

  // Declares `var` in the innermost block; a name may be declared once.
  int declareVariable(Variable &var, const Type &type, bool declared_type);
  void checkExprStmt(ExprStmt &s);
  void checkAssign(Assign &s);

  // `$x op= value` is `$x = $x op value`, as bpftrace parses it: op works at
  // the promoted type (so a uint32 $x plus 1 wraps at 32 bits), and its
  // result, 64 bits wide, is what $x is assigned.
  Type compoundResult(Assign &s, const Variable &var);

  // `source`: the assigned expression (none for a compound assignment).
  void assignVariable(Variable &var, const Type &value, bool compound,
                      const Expr *source = nullptr);

  // The type an assigned value gives a variable or a map, as in the newest
  // bpftrace: a constant its smallest signed type (`1` an int8), an integer
  // operator's result 64 bits (the operator itself works at its promoted
  // size), a cast or anything else its own type.
  Type assignedType(const Expr &e, const Type &t);
  std::optional<int64_t> assignedConstant(const Expr &e) const;

  // `source` as a value of type `assigned` (assignedType) meets the type of
  // the variable or map it is assigned to.
  IntegerOperand assignedOperand(const Expr &source, const Type &assigned);

  // The integer type of a map's values once `source` is assigned to it too.
  Type mapIntegerType(MapAccess &map, const Expr &source, const Type &value);
  void integerMismatch(Span at, const std::string &name, const char *what, const Type &assigned,
                       const Type &known);
  void unifyVariable(VariableScopes::Declaration &decl, Span at, const Type &value,
                     const Expr *source = nullptr);

  // A variable or map (`what`) holding tuples of type `known` is assigned
  // one of type `value`: it widens to hold both (sema/tuple_types.h).
  void widenTuple(Type &known, const Type &value, Span at, const std::string &name,
                  const char *what);

  // printf(), and cat()/system() whose formatted text names a file or a command.
  void checkPrintf(Call &call, AsyncKind kind = AsyncKind::Printf);

  // A pinned iterator's printf is formatted by the kernel (sema/seq_printf_format.h).
  bool inPinnedIterator() const;
  void checkAssertion(Call &call);

  // ------------------------------------------------------------ output functions
  static bool isOutputStatement(const std::string &name);
  void checkOutputStatement(Call &call);

  // print(@m[, top[, div]]) prints a whole map; print(v) any other value.
  void checkPrint(Call &call);
  void checkJoin(Call &call);
  void checkMapCommand(Call &call);

  // A map named whole by print/clear/zero, which need not know its keys.
  void requireAssignedMap(MapAccess &map);
  void checkTime(Call &call);

  // signal("KILL"), signal("SIGKILL") or signal(9); a name becomes its number here.
  void checkSignal(Call &call);

  // override(rc): the probed kernel function returns rc without running, through
  // bpf_override_return, which the kernel gives kprobe programs alone, on the
  // functions marked for error injection.
  void checkOverride(Call &call);
  static bool overridable(const ProbeTarget &target);

  // On a kernel without kprobes a kprobe runs as fentry, which cannot override.
  static std::string kprobeHint(const ProbeTarget &target);
  bool requireUnsafe(Call &call);
  void checkExit(Call &call);

  // delete(@m, k) or delete(@m[k]); true when an element was deleted.
  Type checkDelete(Call &call);
  static bool hasWildcardKey(const MapAccess &map);

  // delete(@m[k, *]): every element whose other keys equal the ones given;
  // a `*` takes the type the map's key has there. True when one was deleted.
  Type checkWildcardDelete(MapAccess &map);

  // ------------------------------------------------------------ map functions
  Type checkMapFunction(Call &call);

  // The key argument `index` becomes the map access's key, as @m[k] would
  // write it: a tuple (k1, k2) names the keys of a map with two keys.
  void moveKeyIntoMap(Call &call, size_t index);

  // has_key(@m, k) and find(@m, k, $out). Sema's earlier passes may already
  // have moved the key into the map access.
  Type checkKeyLookup(Call &call);
  Type checkFindResult(Call &call, MapAccess &map);

  // len(@map): its number of elements; len(kstack), len(ustack): a stack's frames.
  Type checkLen(Call &call);

  // ------------------------------------------------------------ maps
  MapState &mapState(const MapAccess &map);

  // bpftrace keys a map with several keys by a tuple, so @m[(a, b)] names
  // the element @m[a, b] names.
  void spreadTupleLiteralKey(MapAccess &map);

  // @m[$t] with a (checked) tuple $t: its elements $t[0], $t[1], … are the keys.
  // The checked $t itself stays in the tree (as the first element's base):
  // variable scopes hold a pointer to every use they saw.
  std::vector<Type> spreadTupleVariableKey(MapAccess &map, const Type &tuple_type);
  void checkMapKeys(MapAccess &map);

  // The type a key expression is stored as. As in the newest bpftrace (PR
  // #4768) an integer key keeps its size, a constant its smallest type, as a
  // value assigned to a variable would (assignedType); an address is stored
  // as a uint64 and an enum's value as 64 bits that print by name.
  Type keyType(const Expr &key, const Type &t);

  // Key `index` of a map is stored at the smallest integer type that holds
  // the keys of every use; a sign-flexible constant counts as unsigned next
  // to unsigned keys. No type holds a uint64 and a signed key: bpftrace's
  // "argument mismatch".
  void unifyIntegerKey(MapAccess &map, size_t index, const Type &key);

  // `resign`: an integer map takes the sign of `value` (see checkAssign).
  void assignMapValue(MapAccess &map, const Type &value, Span at, bool resign = false);
  void requireIntegerMap(MapAccess &map);

  // A map read as a value, or named by delete().
  Type lookupMap(MapAccess &map);
  std::optional<Type> aggregateType(Call &call);

  // tseries(n, interval_ns, num_intervals[, agg]): literals (`100ms` is one),
  // agg one of "avg", "max", "min", "sum" (without it, an interval keeps its last value).
  std::optional<Type> tseriesType(Call &call, bool is_signed);

  // hist(n) or hist(n, k): k, a literal 0..5, splits each power of two into 2^k buckets.
  std::optional<Type> histType(Call &call);
  std::optional<Type> lhistType(Call &call);

  // ------------------------------------------------------------ expressions
  Type check(Expr &e);
  Type checkUntyped(Expr &e);

  // { stmts; value }: the statements run in a scope of their own, which the
  // value still sees.
  Type checkBlockExpr(BlockExpr &b);
  Type checkBuiltin(Builtin &b);
  Type checkVariable(Variable &v);

  // The body of a for loop over a map runs as a callback, without the probe's context.
  bool requireProbeContext(Span span, const std::string &what);

  // ------------------------------------------------------------ C types (typed_access.h)
  FunctionChecker functionChecker();
  ReportError reporter();

  // (struct task_struct *)p, (u64)x: a type from the preamble or BTF.
  Type checkTypeNameCast(Cast &c);

  // An address computed from the context or the current task, or from a
  // kernel pointer, is the kernel's even in a uprobe: (uint64 *)((uint64)ctx + 8).
  static bool mentionsKernelObject(ExprPtr &operand);

  // Whether every target of the probe being checked runs in a process's code
  // (uprobe, uretprobe, usdt), where an address made from an integer is the
  // process's, as bpftrace takes it.
  bool probesUserCode() const;

  // (uint8[])x: the array holds as many elements as x's bytes fill, so the
  // type name becomes uint8[8] for an int64 x.
  bool sizeOpenArrayCast(Cast &c, const Type &from);
  Type checkIndex(Index &e);

  // A tuple's index may be any expression known at compile time:
  // (1, "a")[1 - 1] is (1, "a")[0].
  void foldTupleIndex(Index &e, const Type &base);
  Type checkTuple(TupleLiteral &t);

  // A tuple element keeps its own size, as in the newest bpftrace: a
  // constant its smallest signed type (sign flexible when ≥ 0, so that it
  // meets an unsigned element of another tuple as unsigned), an operator's
  // result 64 bits, any other integer its type. An address is held as a
  // number.
  Type tupleElementType(const Expr &e, const Type &t);

  // The type sizeof/offsetof names: written out, or an expression's (not evaluated).
  std::optional<Type> queriedType(const std::string &type_name, Span type_span, Expr *of_expr);
  Type checkSizeof(Sizeof &s);
  Type checkOffsetof(Offsetof &o);
  Type checkAddressOf(Unary &u, const Type &t);

  // `ctx`: in iter probes the iterator's typed context; elsewhere the
  // registers (`struct pt_regs *`) or the context's address.
  Type checkCtx(Builtin &b);
  Type checkTaskBuiltin(Builtin &b);

  // ppid(task), pcomm(task), leader_tid(task), leader_comm(task).
  Type checkTaskCall(Call &call);

  // comm(pid): the comm of any task, found with the bpf_task_from_pid kfunc.
  // No such task: "N/A" and a warning record, as in bpftrace.
  Type checkCommOfPid(Call &call);

  // Kernel functions (kfuncs) are found in the kernel's BTF; libbpf resolves them at load.
  bool requireKernelFunctions(Span span, const std::string &what,
                              const std::vector<std::string> &kfuncs, const char *since);

  // The kernel lets tracepoint, perf_event and BTF tracing programs call its
  // generic kfuncs, but not kprobe/uprobe programs or the raw_tp ones BEGIN and
  // END run as: the verifier says "calling kernel function … is not allowed".
  static bool mayCallKfuncs(const std::string &section);
  bool everyProbeMayCallKfuncs() const;
  bool requireKfuncProgramType(Span span, const std::string &what, const std::string &kfunc);

  // typeof(expr): the type expr has (checked, never evaluated); a name that
  // is no builtin may name a type (typeof(uint64_t)). A map's integers have
  // the type bpftrace gives them, not the 64 bits they are stored in.
  std::optional<Type> typeOf(Expr &of);
  static bool isBuiltinName(const std::string &name);

  // (typeof(expr))x: a cast to the type expr has.
  Type checkTypeofCast(Cast &c);
  Type checkCast(Cast &c);

  // (string[N])s: the string in N bytes, which must hold all of it.
  Type checkStringCast(Cast &c, uint32_t size);
  Type checkCall(Call &call);
  Type checkStr(Call &call);

  // A target's argument fields; nullopt after reporting why it has none.
  std::optional<ArgsLayout> argsOf(const ProbeTarget &target, Span at);

  // A bare `args` statement reads nothing: every attach point must have args,
  // but not the same fields (bpftrace's runtime test "mixed probe args").
  void checkBareArgs(Builtin &b);

  // `args` as one value (print(args), $a = args, @m[tid] = args): a record
  // of every field, the same for all of the probe's attach points.
  Type checkArgsRecord(const Builtin &b);
  Type checkField(FieldAccess &f);

  // A binary expression's constant value is kept as it is checked: operand
  // promotion asks for its operands' values, and asking constantValue()
  // would walk a long chain of `1 + 1 + …` again at each of its nodes.
  Type checkFoldedBinary(Binary &b);
  std::optional<int64_t> operandConstant(const Expr &e) const;

  // An operand as promotion sees it: a constant by its value, which gives it
  // its smallest type; a cast keeps the type the script chose; `~0xfff` is
  // the uint64 bpftrace makes of `~` on an unsigned constant, not an int16.
  IntegerOperand promotionOperand(const Expr &e);

  // A variable or map assigned only constants ≥ 0: `nsecs - $start` for
  // `$start = 0` is no mix of signs.
  bool holdsOnlyFlexibleValues(const Expr &e);
  Type checkBinary(Binary &b);

  // Sets the type an integer operator works at (integer_promotion.h) and
  // returns the type of its arithmetic result. Pointers and booleans take
  // part as 64-bit values.
  Type promoteOperands(Binary &b);

  // As in bpftrace, a variable counted with ++ or -- holds 64 bits: how far
  // it counts is not known. A declared type stays. Counting down can make
  // it negative: it is sign-flexible no longer.
  Type widenCounter(const Variable &var, const Type &t, bool down);

  // bpftrace's words, naming a constant by its smallest type (`-1`: int8).
  void warnMixedSigns(const Binary &b, const Type &l, const Type &r);
  static bool isComparison(BinaryOp op);
  static bool isArithmeticOperator(BinaryOp op);
  Type mismatch(Binary &b, const Type &l, const Type &r);
  Type checkUnary(Unary &u);
  Type checkTernary(Ternary &t);

  // Integer branches meet in the type an operator would promote them to.
  Type ternaryInteger(const Ternary &t, const Type &a, const Type &b);

  // ------------------------------------------------------------ helpers

  // A stack's type as captured: a kernel stack in build_id mode is raw.
  Type stackIn(Span span, const Type &stack);

  // How kstack/ustack print when the script names no mode: config stack_mode.
  StackMode stackMode() const;
  static bool isCtx(const Expr &e);

  // What reading count/sum/min/max/avg gives: a 64-bit integer, signed unless a count.
  static Type readableAggregate(const Type &t);

  // count/sum/min/max/avg read in a probe as their value over all CPUs.
  static bool isReadableAggregate(const Type &t);
  static bool isIncDec(UnaryOp op);
  static bool isDecrement(UnaryOp op);
  static bool isTruthy(const Type &t);

  // An integer, or none: an expression whose error was already reported.
  static bool isIntegralOrReported(const Type &t);
  static bool isNumeric(const Type &t);
  static bool isZeroLiteral(const Expr &e);
  void error(Span span, std::string message, std::string hint = {});
  void warning(Span span, std::string message, std::string hint = {});

  // ------------------------------------------------------------ result
  std::optional<CheckedProgram> finish(std::unique_ptr<Program> owned);
  static void addUnit(CheckedProgram &out, const Probe &probe, std::vector<ProbeTarget> targets);

  Program &program_;
  Diagnostics &real_diags_;
  SemaOptions options_;
  ScriptConfig config_;
  ScriptTypes types_;
  Diagnostics *diags_ = nullptr;
  bool final_ = false;

  // The value of each checked binary expression known at compile time.
  std::unordered_map<const Binary *, std::optional<int64_t>> folded_;
  std::vector<std::vector<ProbeTarget>> probe_targets_;
  const std::vector<ProbeTarget> *targets_ = nullptr;
  std::vector<ContextUses> probe_uses_; // by probe index
  ContextUses *uses_ = nullptr;         // the checked probe's
  std::map<std::string, MapState> maps_;
  std::map<std::string, const MapDeclaration *> declared_maps_;
  std::string assigning_map_; // the map whose new value is being checked
  VariableScopes scopes_;
  int loop_depth_ = 0;      // while/for loops around the statement being checked
  int map_loop_depth_ = 0;  // of which for loops over a map
  int unreached_depth_ = 0; // branches ruled out by a constant condition, around the statement
  std::vector<PrintfInfo> printfs_;
};

} // namespace bpfscope::sema_detail
