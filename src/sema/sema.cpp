#include "sema/sema.h"

#include "parser/ast_clone.h"
#include "parser/ast_walk.h"
#include "parser/macros.h"
#include "parser/quoted_split.h"
#include "parser/suggest.h"
#include "providers/iter.h"
#include "providers/provider.h"
#include "sema/assertions.h"
#include "sema/branch_types.h"
#include "sema/btf_types.h"
#include "sema/builtin_calls.h"
#include "sema/builtins.h"
#include "sema/compile_time_functions.h"
#include "sema/config_builtin.h"
#include "sema/constant_value.h"
#include "sema/integer_promotion.h"
#include "sema/join.h"
#include "sema/positional_params.h"
#include "sema/printf_spec.h"
#include "sema/probe_builtins.h"
#include "sema/scalar_types.h"
#include "sema/script_config.h"
#include "sema/seq_printf_format.h"
#include "sema/shared_programs.h"
#include "sema/signals.h"
#include "sema/stack_types.h"
#include "sema/strftime.h"
#include "sema/symbol_functions.h"
#include "sema/tuple_types.h"
#include "sema/typed_access.h"
#include "sema/value_functions.h"
#include "sema/variable_scopes.h"

#include <linux/bpf.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <unordered_map>

namespace bpfscope {
namespace {

using namespace ast;

// What is known about one map across the whole script.
struct MapState {
  Span first_use;
  std::optional<std::vector<Type>> keys;
  // Per key: given only constants ≥ 0 so far (integer_promotion.h).
  std::vector<bool> flexible_keys;
  std::optional<Type> value;
  // The integer type bpftrace gives the map's values (typeHoldingBoth); the
  // map itself stores them in 64 bits, `value`.
  std::optional<Type> integer_value;
  // Assigned only constants ≥ 0 so far (integer_promotion.h).
  bool integer_flexible = false;
};

// bpftrace's limit on unroll(N).
constexpr uint64_t kMaxUnroll = 100;

// What two tuples stored in one variable or map need (sema/tuple_types.h).
constexpr const char *kTupleMismatchHint =
    "tuples meet element by element: the same number of elements (a record: the same field "
    "names), values of one kind in each place, and integers that one type holds (a uint64 and a "
    "signed integer need a cast)";

// The BPF map type a map declaration (`let @m = lruhash(10);`) names, and
// whether it holds per-CPU values (aggregations).
struct DeclaredMapKind {
  const char *name;
  uint32_t bpf_type;
  bool per_cpu;
};
constexpr DeclaredMapKind kDeclaredMapKinds[] = {
    {"hash", BPF_MAP_TYPE_HASH, false},
    {"lruhash", BPF_MAP_TYPE_LRU_HASH, false},
    {"percpuhash", BPF_MAP_TYPE_PERCPU_HASH, true},
    {"percpulruhash", BPF_MAP_TYPE_LRU_PERCPU_HASH, true},
};

const DeclaredMapKind *declaredMapKind(const std::string &name) {
  for (const DeclaredMapKind &kind : kDeclaredMapKinds)
    if (name == kind.name)
      return &kind;
  return nullptr;
}

const std::vector<std::string> &functionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all = {
        "printf",   "exit",  "delete", "str",           "count",  "sum",           "min",
        "max",      "avg",   "stats",  "hist",          "lhist",  "print",         "clear",
        "zero",     "time",  "cat",    "system",        "signal", "signal_thread", "len",
        "has_key",  "find",  "kstack", "ustack",        "ksym",   "usym",          "kaddr",
        "strftime", "join",  "errorf", "warnf",         "assert", "assert_str",    "static_assert",
        "fail",     "uaddr", "reg",    "socket_cookie", "path",   "tseries",       "percpu_kaddr",
        "override", "debugf"};
    for (const std::string &name : valueFunctionNames())
      all.push_back(name);
    for (const std::string &name : compileTimeFunctionNames())
      all.push_back(name);
    return all;
  }();
  return names;
}

// Functions of the newest bpftrace that bpfscope knows but cannot compile, and why.
std::optional<std::string> unsupportedFunctionReason(const std::string &name) {
  static const std::map<std::string, std::string> reasons = {
      {"skboutput", "it needs bpf_skb_output, which the kernel gives only to fentry/fexit "
                    "programs, and a PCAP writer in user space"},
      {"unwatch", "bpfscope's watchpoints watch fixed addresses for the whole run"},
  };
  auto it = reasons.find(name);
  if (it == reasons.end())
    return std::nullopt;
  return it->second;
}

bool isAggregateFunction(const std::string &name) {
  static const std::set<std::string> names = {"count", "sum",  "min",   "max",    "avg",
                                              "stats", "hist", "lhist", "tseries"};
  return names.count(name) > 0;
}

bool isIntegral(const Type &t) {
  return t.kind == TypeKind::Integer || t.kind == TypeKind::Bool;
}

// == and != compare strings, integers, buffers, integer arrays of one element
// type and length, and tuples (records by field name) whose elements compare.
bool equalityComparable(const Type &a, const Type &b) {
  if (isIntegral(a) && isIntegral(b))
    return true;
  if (a.isString() && b.isString())
    return true;
  if (a.kind == TypeKind::Buffer && b.kind == TypeKind::Buffer)
    return true;
  if (a.isArray() && b.isArray())
    return a.element->isInteger() && *a.element == *b.element && a.count == b.count;
  if (a.kind != TypeKind::Tuple || b.kind != TypeKind::Tuple ||
      a.elements.size() != b.elements.size() || a.names.size() != b.names.size())
    return false;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    size_t j = i;
    if (a.isRecord()) {
      auto it = std::find(b.names.begin(), b.names.end(), a.names[i]);
      if (it == b.names.end())
        return false;
      j = static_cast<size_t>(it - b.names.begin());
    }
    if (!equalityComparable(a.elements[i], b.elements[j]))
      return false;
  }
  return true;
}

// Maps and printf arguments hold integers as 64-bit values (an enum's
// values keep their names).
Type widened(const Type &t) {
  if (t.kind == TypeKind::Integer) {
    Type wide = Type::integer(8, t.is_signed);
    wide.enumeration = t.enumeration;
    return wide;
  }
  if (t.kind == TypeKind::Pointer)
    return Type::integer(8, false);
  return t;
}

// What args.FIELD reads: a __data_loc field gives its string's address.
Type argsFieldType(const ArgField &field) {
  return field.data_loc ? Type::pointer(false) : field.type;
}

// The record `args` is: each field as args.FIELD reads it, integers of the
// field's own size as in any tuple, addresses kept as untyped pointers, which
// print in hex.
Type argsRecordType(const ArgsLayout &layout) {
  std::vector<std::string> names;
  std::vector<Type> members;
  for (const auto &field : layout.fields) {
    if (field.hidden_from_programs || !field.unreadable.empty())
      continue;
    Type t = argsFieldType(field);
    names.push_back(field.name);
    members.push_back(t.isPointer() ? Type::pointer(t.user_address) : t);
  }
  return Type::namedTuple(std::move(names), std::move(members));
}

std::string programName(const ProbeTarget &target, size_t index) {
  std::string name;
  for (char c : target.canonical)
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name + "_" + std::to_string(index);
}

class Analyzer {
public:
  Analyzer(Program &program, Diagnostics &diags, const SemaOptions &options)
      : program_(program), real_diags_(diags), options_(options) {}

  std::optional<CheckedProgram> run(std::unique_ptr<Program> owned) {
    if (!expandMacros(program_, real_diags_))
      return std::nullopt;
    config_ = resolveConfig(program_.config, options_.config_environment, real_diags_);
    if (config_.all.count("max_strlen"))
      options_.max_strlen = config_.max_strlen;
    substitutePositionalParams(program_, options_.positional_args, real_diags_);
    rewriteBuiltinCalls(program_);
    substituteConfigBuiltin(program_, config_.all);
    diags_ = &real_diags_;
    types_.define(program_, options_.max_strlen, reporter());
    checkMapDeclarations();
    expandProbes();
    if (real_diags_.hasErrors())
      return std::nullopt;
    // Maps may be read before (in text order) the statement that assigns
    // them; a few silent passes learn their types before the reporting one.
    for (int pass = 0; pass < 3; ++pass) {
      Diagnostics scratch(real_diags_.source());
      checkAll(scratch, /*final=*/false);
    }
    checkAll(real_diags_, /*final=*/true);
    checkDeclaredMapTypes();
    if (real_diags_.hasErrors())
      return std::nullopt;
    return finish(std::move(owned));
  }

private:
  // ------------------------------------------------------------ map declarations

  void checkMapDeclarations() {
    for (const MapDeclaration &decl : program_.map_declarations) {
      if (!declaredMapKind(decl.kind)) {
        real_diags_.error(decl.kind_span, "unknown map type '" + decl.kind + "'",
                          "use one of hash, lruhash, percpuhash or percpulruhash");
      } else if (decl.max_entries == 0 || decl.max_entries > UINT32_MAX) {
        real_diags_.error(decl.span, "a map's maximum number of entries must be at least 1");
      } else if (!declared_maps_.emplace(decl.name, &decl).second) {
        real_diags_.error(decl.span, "map " + decl.name + " is declared twice");
      }
    }
  }

  // Aggregations need a per-CPU map type, other values a plain one.
  void checkDeclaredMapTypes() {
    for (const auto &[name, decl] : declared_maps_) {
      auto state = maps_.find(name);
      if (state == maps_.end() || !state->second.value) {
        real_diags_.warning(decl->span, "map " + name + " is declared but never assigned");
        continue;
      }
      bool per_cpu = state->second.value->isPerCpu();
      if (declaredMapKind(decl->kind)->per_cpu != per_cpu)
        real_diags_.error(decl->kind_span,
                          name + " holds " + state->second.value->name() + ", which needs a " +
                              (per_cpu ? "per-CPU" : "non-per-CPU") + " map, not " + decl->kind,
                          per_cpu ? "declare it percpuhash or percpulruhash"
                                  : "declare it hash or lruhash");
    }
  }

  // ------------------------------------------------------------ probes

  void expandProbes() {
    for (auto &probe : program_.probes) {
      std::vector<ProbeTarget> targets;
      for (const auto &ap : probe.attach_points) {
        // provider and parts: "tracepoint:syscalls:sys_enter_read"
        auto parts = attachPointParts(ap.text);
        std::string kind = parts.front();
        parts.erase(parts.begin());
        const Provider *p = findProvider(kind);
        if (!p) {
          std::vector<std::string> names;
          for (const Provider *known : allProviders())
            names.emplace_back(known->name());
          std::string hint = didYouMean(kind, names);
          real_diags_.error(ap.span, "unknown probe type '" + kind + "'",
                            hint.empty() ? "list the probes with: bpfscope -l" : hint);
          continue;
        }
        for (auto &t : expandAttachPoint(*p, ap, parts))
          targets.push_back(std::move(t));
      }
      probe_targets_.push_back(std::move(targets));
    }
    probe_uses_.resize(program_.probes.size());
    checkIteratorsStandAlone();
  }

  // With config missing_probes = warn or ignore, an attach point that names
  // no function or event is skipped (warn says so) instead of failing the run.
  std::vector<ProbeTarget> expandAttachPoint(const Provider &p, const AttachPoint &ap,
                                             const std::vector<std::string> &parts) {
    auto expand = [&](Diagnostics &diags) {
      return options_.target_pid
                 ? p.expandForProcess(ap, parts, static_cast<int>(options_.target_pid), diags)
                 : p.expand(ap, parts, diags);
    };
    auto policy = config_.all.find("missing_probes");
    if (policy == config_.all.end() || policy->second == "error")
      return expand(real_diags_);
    Diagnostics found(real_diags_.source());
    std::vector<ProbeTarget> targets = expand(found);
    bool skipped = targets.empty() && found.hasErrors();
    for (const Diagnostic &d : found.all()) {
      if (skipped && d.severity == Severity::Error && policy->second == "ignore")
        continue;
      bool as_error = d.severity == Severity::Error && !skipped;
      std::string message = d.message + (skipped && d.severity == Severity::Error
                                             ? " (missing_probes = warn: skipping the probe)"
                                             : "");
      if (as_error)
        d.span ? real_diags_.error(*d.span, message, d.hint) : real_diags_.error(message, d.hint);
      else
        d.span ? real_diags_.warning(*d.span, message, d.hint)
               : real_diags_.warning(message, d.hint);
    }
    return targets;
  }

  // An iterator run ends when the iterator has been read; probes waiting for
  // events would never see any.
  void checkIteratorsStandAlone() {
    const Probe *iterator = nullptr;
    bool attaches = false;
    for (size_t i = 0; i < program_.probes.size(); ++i)
      for (const auto &target : probe_targets_[i]) {
        Trigger trigger = findProvider(target.provider)->trigger();
        if (trigger == Trigger::Iterate && !iterator)
          iterator = &program_.probes[i];
        attaches = attaches || trigger == Trigger::Attach || trigger == Trigger::OnSignal;
      }
    if (iterator && attaches)
      real_diags_.error(iterator->attach_points.front().span,
                        "iter probes cannot be combined with probes that wait for events",
                        "run the iterator in a script of its own (BEGIN and END may stay)");
  }

  void checkAll(Diagnostics &diags, bool final) {
    diags_ = &diags;
    final_ = final;
    printfs_.clear();
    for (size_t i = 0; i < program_.probes.size(); ++i) {
      uses_ = &probe_uses_[i];
      checkProbe(i, program_.probes[i], probe_targets_[i]);
    }
  }

  void checkProbe(size_t index, Probe &probe, const std::vector<ProbeTarget> &targets) {
    targets_ = &targets;
    scopes_.reset(index);
    loop_depth_ = 0;
    map_loop_depth_ = 0;
    if (probe.predicate) {
      Type t = check(*probe.predicate);
      if (t.kind != TypeKind::None && !isTruthy(t))
        error(probe.predicate->span, "predicate must be an integer or a boolean, not " + t.name());
    }
    checkBlock(probe.body);
    scopes_.resolveUses();
  }

  // ------------------------------------------------------------ statements

  void checkBlock(Block &block) {
    for (auto &stmt : block)
      checkStmt(*stmt);
  }

  // A block whose $variables end with it.
  void checkScopedBlock(Block &block) {
    scopes_.enter();
    checkBlock(block);
    scopes_.leave();
  }

  void checkStmt(Stmt &stmt) {
    if (auto *s = stmt.as<ExprStmt>())
      return checkExprStmt(*s);
    if (auto *s = stmt.as<Assign>())
      return checkAssign(*s);
    if (auto *s = stmt.as<If>()) {
      Type t = check(*s->cond);
      if (t.kind != TypeKind::None && !isTruthy(t))
        error(s->cond->span, "condition must be an integer or a boolean, not " + t.name());
      // A condition known at compile time rules one branch out, as bpftrace's
      // literal folding removes it: a fail() there is never reached.
      std::optional<int64_t> known = constantValue(*s->cond);
      checkBranch(s->then_block, !known || *known != 0);
      checkBranch(s->else_block, !known || *known == 0);
      return;
    }
    checkLoopOrDeclaration(stmt);
  }

  void checkBranch(Block &block, bool reachable) {
    unreached_depth_ += reachable ? 0 : 1;
    checkScopedBlock(block);
    unreached_depth_ -= reachable ? 0 : 1;
  }

  void checkLoopOrDeclaration(Stmt &stmt) {
    if (auto *s = stmt.as<While>()) {
      warning(s->span, "while loops are deprecated and may be removed in the future",
              "for loops over a range (for ($i : $start..$end) { … }) replace them, and the "
              "verifier proves them bounded more easily");
      Type t = check(*s->cond);
      if (t.kind != TypeKind::None && !isTruthy(t))
        error(s->cond->span, "condition must be an integer or a boolean, not " + t.name());
      return checkLoopBody(s->body);
    }
    if (auto *s = stmt.as<Unroll>())
      return checkUnroll(*s);
    if (auto *s = stmt.as<For>())
      return checkFor(*s);
    if (auto *s = stmt.as<Jump>()) {
      if (s->jump != JumpKind::Return && loop_depth_ == 0)
        error(s->span, std::string("'") + (s->jump == JumpKind::Break ? "break" : "continue") +
                           "' can only be used inside a while or for loop");
      if (s->value)
        checkReturnValue(*s->value);
      return;
    }
    if (auto *s = stmt.as<Scope>())
      return checkScopedBlock(s->body);
    if (auto *s = stmt.as<Let>())
      return checkLet(*s);
  }

  // return VALUE: the program's result, which the kernel reads (a test
  // probe passes only with 0). Kinds whose programs the kernel allows no
  // other result than 0 refuse anything else.
  void checkReturnValue(Expr &value) {
    Type t = check(value);
    if (!isIntegralOrReported(t)) {
      error(value.span, "a return value must be an integer or a boolean, not " + t.name(),
            "a probe's result is a number for the kernel: 0, or another value to fail a test "
            "probe");
      return;
    }
    if (constantValue(value) == 0)
      return;
    for (const auto &target : *targets_)
      if (auto refusal = findProvider(target.provider)->returnValueRefusal()) {
        error(value.span, target.provider + " probes cannot return a value: " + *refusal,
              "end the probe with a plain 'return;'");
        return;
      }
  }

  void checkLoopBody(Block &body) {
    ++loop_depth_;
    checkScopedBlock(body);
    --loop_depth_;
  }

  void checkUnroll(Unroll &s) {
    Type t = check(*s.count);
    auto *lit = s.count->as<IntegerLiteral>();
    if (t.kind != TypeKind::None && !lit)
      error(s.count->span, "the unroll count must be an integer literal",
            "unroll repeats its block at compile time, e.g. unroll(4) { … }");
    else if (lit && (lit->value < 1 || lit->value > kMaxUnroll))
      error(s.count->span, "the unroll count must be between 1 and " + std::to_string(kMaxUnroll) +
                               ", not " + std::to_string(lit->value));
    else if (lit)
      s.times = lit->value;
    checkScopedBlock(s.body);
  }

  void checkFor(For &s) {
    if (s.map)
      return checkForMap(s);
    bool is_signed = false;
    for (Expr *bound : {s.start.get(), s.end.get()}) {
      Type t = check(*bound);
      if (t.kind != TypeKind::None && !isIntegral(t))
        error(bound->span, "the bounds of a for range must be integers, not " + t.name());
      is_signed = is_signed || (t.isInteger() && t.is_signed);
    }
    s.range_callback = readsMap(s.start) || readsMap(s.end);
    checkLoopVariableAndBody(s, Type::integer(8, is_signed), s.range_callback);
  }

  // A bound the verifier cannot know: a map's value (`0..@m`, `0..@m[5]`).
  static bool readsMap(ExprPtr &bound) {
    bool found = false;
    ast::Visitor visitor;
    visitor.expr = [&found](ExprPtr &e) {
      found = found || e->is<MapAccess>();
      return !found;
    };
    ast::walkExpr(bound, visitor);
    return found;
  }

  // for ($kv : @m): $kv is (key, value), or ((k1, k2, …), value).
  void checkForMap(For &s) {
    std::optional<Type> element = mapElementType(*s.map->as<MapAccess>());
    checkLoopVariableAndBody(s, element.value_or(Type::none()), true);
  }

  // A body that runs as a callback (`as_callback`) has no probe context
  // and reaches the probe's variables it uses through For::captured.
  void checkLoopVariableAndBody(For &s, const Type &var_type, bool as_callback) {
    int first_inner_slot = scopes_.nextSlot();
    scopes_.enter();
    declareVariable(*s.var, var_type, false);
    map_loop_depth_ += as_callback ? 1 : 0;
    checkLoopBody(s.body);
    map_loop_depth_ -= as_callback ? 1 : 0;
    scopes_.leave();
    s.captured.clear();
    if (!as_callback)
      return;
    for (int slot = 0; slot < first_inner_slot; ++slot)
      for (const Variable *use : scopes_.at(slot).uses)
        if (use->span.begin >= s.span.begin && use->span.end <= s.span.end) {
          s.captured.push_back(use);
          break;
        }
  }

  std::optional<Type> mapElementType(MapAccess &map) {
    MapState &state = mapState(map);
    if (!state.value) {
      lookupMap(map); // reports a map that is never assigned
      return std::nullopt;
    }
    map.type = *state.value;
    // count/sum/min/max/avg: the value over all CPUs, as reading it in a probe gives.
    Type value = isReadableAggregate(*state.value) ? readableAggregate(*state.value) : *state.value;
    if (value.isAggregate()) {
      error(map.span, "for loops cannot iterate over an aggregation (" + state.value->name() + ")",
            "loop over a map of count(), sum(), min(), max(), avg() or plain values");
      return std::nullopt;
    }
    std::vector<Type> keys = state.keys.value_or(std::vector<Type>{});
    if (keys.empty()) {
      error(map.span, map.name + " has no keys to iterate over",
            "for loops iterate over maps with keys, e.g. " + map.name + "[k] = v");
      return std::nullopt;
    }
    Type key = keys.size() == 1 ? keys[0] : Type::tuple(keys);
    return Type::tuple({key, value});
  }

  void checkLet(Let &s) {
    std::optional<Type> declared;
    if (s.type_of) {
      declared = typeOf(*s.type_of);
    } else if (!s.type_name.empty()) {
      // A scalar, or a type the script or the kernel's BTF names
      // (`let $t: typeof(struct task_struct *)`).
      declared = scalarTypeNamed(s.type_name, options_.max_strlen);
      if (!declared)
        declared = types_.resolve(s.type_name);
      if (!declared)
        error(s.type_span, "unknown type '" + s.type_name + "'",
              "a variable's type is int8…int64, uint8…uint64, bool, string, a struct, union or "
              "enum the script or the kernel defines, or a pointer to or an array of one");
    }
    Type value = s.value ? check(*s.value) : Type::none();
    int slot = declareVariable(*s.var, declared.value_or(Type::none()), declared.has_value());
    if (value.kind != TypeKind::None)
      unifyVariable(scopes_.at(slot), s.value->span, assignedType(*s.value, value), s.value.get());
    else if (s.value)
      scopes_.at(slot).poisoned = true;
  }

  // A variable assigned an expression whose error was reported.
  void poison(Variable &var) {
    int slot = scopes_.find(var.name);
    if (slot < 0)
      slot = scopes_.declare(var.name, var.span, Type::none(), false);
    scopes_.use(var, slot);
    scopes_.at(slot).poisoned = true;
  }

  // Declares `var` in the innermost block; a name may be declared once.
  int declareVariable(Variable &var, const Type &type, bool declared_type) {
    if (int prior = scopes_.find(var.name); prior >= 0) {
      error(var.span, "variable " + var.name + " is already declared",
            "assign it with " + var.name + " = …; variables cannot be shadowed");
      scopes_.use(var, prior);
      return prior;
    }
    int slot = scopes_.declare(var.name, var.span, type, declared_type);
    scopes_.use(var, slot);
    return slot;
  }

  void checkExprStmt(ExprStmt &s) {
    if (auto *call = s.expr->as<Call>()) {
      if (call->name == "printf")
        return checkPrintf(*call);
      if (call->name == "debugf")
        return checkPrintf(*call, AsyncKind::Debug);
      if (call->name == "errorf" || call->name == "warnf")
        return checkPrintf(*call, call->name == "errorf" ? AsyncKind::Error : AsyncKind::Warning);
      if (isAssertion(call->name))
        return checkAssertion(*call);
      if (call->name == "exit")
        return checkExit(*call);
      if (call->name == "delete") {
        checkDelete(*call);
        return;
      }
      if (isOutputStatement(call->name))
        return checkOutputStatement(*call);
      if (isAggregateFunction(call->name)) {
        error(call->span, call->name + "() must be assigned to a map",
              "write @name = " + call->name + "(…)");
        return;
      }
    }
    if (auto *u = s.expr->as<Unary>(); u && isIncDec(u->op)) {
      check(*u);
      return;
    }
    if (auto *b = s.expr->as<Builtin>(); b && b->name == "args")
      checkBareArgs(*b);
    else
      check(*s.expr);
    if (!s.discard)
      warning(s.expr->span, "the value of this expression is not used",
              "assign it to _ to discard it on purpose: _ = …;");
  }

  void checkAssign(Assign &s) {
    if (auto *call = s.value->as<Call>(); call && isAggregateFunction(call->name)) {
      auto *map = s.target->as<MapAccess>();
      if (!map || s.is_compound) {
        error(s.span, call->name + "() can only be assigned to a map with '='",
              "write @name = " + call->name + "(…)");
        return;
      }
      checkMapKeys(*map);
      std::optional<Type> agg = aggregateType(*call);
      if (agg)
        assignMapValue(*map, *agg, call->span);
      return;
    }
    auto *target_map = s.target->as<MapAccess>();
    assigning_map_ = target_map ? target_map->name : "";
    Type value = check(*s.value);
    assigning_map_.clear();
    if (value.kind == TypeKind::None) {
      // The expression's own error says why; the variable's uses say nothing more.
      if (auto *var = s.target->as<Variable>())
        poison(*var);
      return;
    }

    if (s.is_compound && !isIntegral(value)) {
      error(s.value->span, std::string("operator ") + spelling(s.compound) +
                               "= needs an integer, not " + value.name());
      return;
    }
    if (auto *var = s.target->as<Variable>()) {
      if (s.is_compound)
        return assignVariable(*var, compoundResult(s, *var), true);
      return assignVariable(*var, assignedType(*s.value, value), false, s.value.get());
    }
    if (auto *map = s.target->as<MapAccess>()) {
      checkMapKeys(*map);
      if (s.is_compound)
        requireIntegerMap(*map);
      MapState &state = mapState(*map);
      // A map that held only constants ≥ 0 takes the sign of what it holds now.
      bool held_flexible = state.value && state.integer_flexible;
      Type stored = s.is_compound ? Type::integer(8, true) : value;
      if (!s.is_compound && value.isInteger())
        stored = mapIntegerType(*map, *s.value, value);
      if (isCtx(*s.value)) // ctx is its address as a number, as print(ctx) shows
        stored = widened(value);
      if (s.is_compound && s.compound == BinaryOp::Sub)
        state.integer_flexible = false;
      assignMapValue(*map, stored, s.value->span, held_flexible && !s.is_compound);
      return;
    }
    error(s.target->span, "can only assign to a $variable or an @map");
  }

  // `$x op= value` is `$x = $x op value`, as bpftrace parses it: op works at
  // the promoted type (so a uint32 $x plus 1 wraps at 32 bits), and its
  // result, 64 bits wide, is what $x is assigned.
  Type compoundResult(Assign &s, const Variable &var) {
    const Expr &value = *s.value;
    int slot = scopes_.find(var.name);
    const Type *known = slot >= 0 ? &scopes_.at(slot).type : nullptr;
    s.compound_type = Type::integer(8, value.type.is_signed);
    if (known && known->isInteger() && value.type.isInteger()) {
      std::optional<Type> promoted = promotedOperandType(
          {*known, std::nullopt, scopes_.at(slot).sign_flexible}, promotionOperand(value));
      if (promoted && s.compound == BinaryOp::Sub)
        promoted = subtractionType(*promoted);
      s.compound_type =
          promoted ? Type::integer(promoted->size, promoted->is_signed) : Type::integer(8, true);
    }
    return Type::integer(8, s.compound_type.is_signed);
  }

  // `source`: the assigned expression (none for a compound assignment).
  void assignVariable(Variable &var, const Type &value, bool compound,
                      const Expr *source = nullptr) {
    var.type = value;
    int slot = scopes_.find(var.name);
    if (slot < 0) {
      if (compound)
        error(var.span, "variable " + var.name + " is used before it is assigned");
      slot = scopes_.declare(var.name, var.span, Type::none(), false);
    }
    scopes_.use(var, slot);
    unifyVariable(scopes_.at(slot), var.span, value, source);
  }

  // The type an assigned value gives a variable or a map, as in the newest
  // bpftrace: a constant its smallest signed type (`1` an int8), an integer
  // operator's result 64 bits (the operator itself works at its promoted
  // size), a cast or anything else its own type.
  Type assignedType(const Expr &e, const Type &t) {
    if (!t.isInteger() || t.enumeration || e.is<Cast>())
      return t;
    if (assignedConstant(e))
      return promotionOperand(e).promotionType();
    if (e.is<Binary>())
      return Type::integer(8, t.is_signed);
    return t;
  }

  std::optional<int64_t> assignedConstant(const Expr &e) const {
    return e.is<Cast>() ? std::nullopt : operandConstant(e);
  }

  // `source` as a value of type `assigned` (assignedType) meets the type of
  // the variable or map it is assigned to.
  IntegerOperand assignedOperand(const Expr &source, const Type &assigned) {
    IntegerOperand operand = promotionOperand(source);
    operand.type = assigned;
    return operand;
  }

  // The integer type of a map's values once `source` is assigned to it too.
  Type mapIntegerType(MapAccess &map, const Expr &source, const Type &value) {
    MapState &state = mapState(map);
    Type assigned = assignedType(source, value);
    IntegerOperand operand = assignedOperand(source, assigned);
    if (!state.integer_value) {
      state.integer_value = assigned;
      state.integer_flexible = operand.signFlexible();
      return assigned;
    }
    IntegerOperand known{*state.integer_value, std::nullopt, state.integer_flexible};
    if (std::optional<Type> both = typeHoldingBoth(known, operand))
      state.integer_value = *both;
    else
      integerMismatch(source.span, map.name, "map", assigned, *state.integer_value);
    state.integer_flexible = state.integer_flexible && operand.signFlexible();
    return *state.integer_value;
  }

  void integerMismatch(Span at, const std::string &name, const char *what, const Type &assigned,
                       const Type &known) {
    error(at,
          "type mismatch for " + name + ": assigning " + assigned.name() + " to a " + what +
              " that holds " + known.name(),
          "no integer type holds every " + known.name() + " and " + assigned.name() +
              " value: cast one of them");
  }

  void unifyVariable(VariableScopes::Declaration &decl, Span at, const Type &value,
                     const Expr *source = nullptr) {
    Type &known = decl.type;
    std::optional<IntegerOperand> assigned;
    if (isIntegral(value))
      assigned = source ? assignedOperand(*source, value) : IntegerOperand{value, std::nullopt};
    if (known.kind == TypeKind::None) {
      // A type the previous pass widened the variable to holds this value
      // too: operators on the variable before its widest assignment see it.
      known = value;
      decl.sign_flexible = assigned && assigned->signFlexible();
      if (decl.settled.isInteger() && value.isInteger() && !decl.declared_type) {
        IntegerOperand settled{decl.settled, std::nullopt, decl.settled_flexible};
        known = typeHoldingBoth(settled, *assigned).value_or(value);
      }
      if (decl.settled.kind == TypeKind::Tuple && !decl.declared_type)
        known = tupleHoldingBoth(decl.settled, value).value_or(value);
      return;
    }
    if (decl.declared_type) {
      // A declared type stays: integers are truncated, strings cut to fit. A
      // declared pointer, array or struct takes the address space of what it
      // is assigned (`let $c: struct C *; $c = (struct C *)arg0;` in a uprobe
      // points into the process).
      Type in_declared_space = value;
      in_declared_space.user_address = known.user_address;
      bool same = known == in_declared_space;
      bool fits = (known.isInteger() && isIntegral(value)) ||
                  (known.isString() && value.isString()) || same ||
                  tupleHoldingBoth(known, value) == known;
      if (!fits)
        error(at, "type mismatch for " + decl.name + ": assigning " + value.name() +
                      " to a variable declared " + known.name());
      if (same)
        known.user_address = value.user_address;
      return;
    }
    if (known.kind == TypeKind::String && value.kind == TypeKind::String) {
      known.size = std::max(known.size, value.size);
    } else if (isIntegral(known) && assigned) {
      if (std::optional<Type> both =
              typeHoldingBoth({known, std::nullopt, decl.sign_flexible}, *assigned))
        known = *both;
      else
        integerMismatch(at, decl.name, "variable", value, known);
      decl.sign_flexible = decl.sign_flexible && assigned->signFlexible();
    } else if (known.kind == TypeKind::Tuple && value.kind == TypeKind::Tuple) {
      widenTuple(known, value, at, decl.name, "variable");
    } else if (known != value) {
      error(at, "type mismatch for " + decl.name + ": assigning " + value.name() +
                    " to a variable that holds " + known.name());
    }
  }

  // A variable or map (`what`) holding tuples of type `known` is assigned
  // one of type `value`: it widens to hold both (sema/tuple_types.h).
  void widenTuple(Type &known, const Type &value, Span at, const std::string &name,
                  const char *what) {
    if (std::optional<Type> both = tupleHoldingBoth(known, value))
      known = *both;
    else
      error(at,
            "type mismatch for " + name + ": assigning " + value.name() + " to a " + what +
                " that holds " + known.name(),
            kTupleMismatchHint);
  }

  // printf(), and cat()/system() whose formatted text names a file or a command.
  void checkPrintf(Call &call, AsyncKind kind = AsyncKind::Printf) {
    auto *format = call.args.empty() ? nullptr : call.args[0]->as<StringLiteral>();
    if (!format) {
      error(call.span, call.name + "() needs a format string literal as its first argument",
            "write " + call.name + "(\"%d\\n\", value)");
      return;
    }
    PrintfInfo info{&call, call.span, format->value, {}, {}, kind};
    for (size_t i = 1; i < call.args.size(); ++i) {
      Type t = check(*call.args[i]);
      if (t.kind == TypeKind::None)
        return; // the argument's own error says why
      if (t.isAggregate()) {
        error(call.args[i]->span, call.name + "() cannot print a value of type " + t.name());
        return;
      }
      info.arg_types.push_back(widened(t));
    }
    int bad_arg = -1;
    std::string problem = checkPrintfFormat(info.format, info.arg_types, &bad_arg);
    if (!problem.empty()) {
      Span at = bad_arg >= 0 && bad_arg + 1 < static_cast<int>(call.args.size())
                    ? call.args[bad_arg + 1]->span
                    : call.args[0]->span;
      error(at, problem);
      return;
    }
    bool kernel_formats =
        kind == AsyncKind::Debug || (kind == AsyncKind::Printf && inPinnedIterator());
    if (kernel_formats) {
      problem =
          seqPrintfProblem(kind == AsyncKind::Debug ? "debugf" : "printf in a pinned iterator",
                           info.format, info.arg_types);
      if (!problem.empty()) {
        error(call.span, problem, "print integers with %d/%u/%x and strings with %s");
        return;
      }
    }
    info.args = Type::tuple(info.arg_types);
    printfs_.push_back(std::move(info));
  }

  // A pinned iterator's printf is formatted by the kernel (sema/seq_printf_format.h).
  bool inPinnedIterator() const {
    for (const auto &target : *targets_)
      if (iteratorPinPath(target))
        return true;
    return false;
  }

  void checkAssertion(Call &call) {
    AssertionChecker checker{[this](Expr &e) { return check(e); }, reporter(),
                             unreached_depth_ == 0};
    if (call.name == "fail")
      return checkFail(call, checker);
    if (call.name == "static_assert")
      return checkStaticAssert(call, checker);
    if (call.name == "assert_str")
      return checkAssertStr(call, checker);
    if (loop_depth_ > 0)
      error(call.span, "assert() cannot be used inside a loop: it calls exit()",
            "set a variable in the loop and assert it after the loop");
    if (auto info = assertRecord(call, checker))
      printfs_.push_back(std::move(*info));
  }

  // ------------------------------------------------------------ output functions

  static bool isOutputStatement(const std::string &name) {
    static const std::set<std::string> names = {"print", "clear",   "zero",   "time",
                                                "cat",   "system",  "signal", "signal_thread",
                                                "join",  "override"};
    return names.count(name) > 0;
  }

  void checkOutputStatement(Call &call) {
    if (call.name == "print")
      return checkPrint(call);
    if (call.name == "clear" || call.name == "zero")
      return checkMapCommand(call);
    if (call.name == "time")
      return checkTime(call);
    if (call.name == "signal" || call.name == "signal_thread")
      return checkSignal(call);
    if (call.name == "override")
      return checkOverride(call);
    if (call.name == "cat")
      return checkPrintf(call, AsyncKind::Cat);
    if (call.name == "join")
      return checkJoin(call);
    if (requireUnsafe(call))
      checkPrintf(call, AsyncKind::System);
  }

  // print(@m[, top[, div]]) prints a whole map; print(v) any other value.
  void checkPrint(Call &call) {
    if (call.args.empty() || call.args.size() > 3) {
      error(call.span, "print() takes a map with an optional top and div, or one value",
            "write print(@map), print(@map, 10, 1000) or print($value)");
      return;
    }
    auto *map = call.args[0]->as<MapAccess>();
    if (map && map->keys.empty()) {
      requireAssignedMap(*map);
      for (size_t i = 1; i < call.args.size(); ++i)
        if (!isIntegralOrReported(check(*call.args[i])))
          error(call.args[i]->span,
                std::string("print() ") + (i == 1 ? "top" : "div") + " must be an integer");
      return;
    }
    if (call.args.size() > 1) {
      error(call.args[1]->span, "only a whole map can be printed with top and div",
            "write print(@map, top, div)");
      return;
    }
    Type t = check(*call.args[0]);
    if (t.kind == TypeKind::None)
      return;
    PrintfInfo info{&call, call.span, "", {widened(t)}, {}, AsyncKind::PrintValue};
    info.args = Type::tuple(info.arg_types);
    printfs_.push_back(std::move(info));
  }

  void checkJoin(Call &call) {
    Type array = call.args.empty() ? Type::none() : check(*call.args[0]);
    if (auto info = joinRecord(call, array, reporter()))
      printfs_.push_back(std::move(*info));
  }

  void checkMapCommand(Call &call) {
    auto *map = call.args.size() == 1 ? call.args[0]->as<MapAccess>() : nullptr;
    if (!map || !map->keys.empty()) {
      error(call.span, call.name + "() takes a whole map", "write " + call.name + "(@map)");
      return;
    }
    requireAssignedMap(*map);
  }

  // A map named whole by print/clear/zero, which need not know its keys.
  void requireAssignedMap(MapAccess &map) {
    MapState &state = mapState(map);
    if (state.value) {
      map.type = *state.value;
      return;
    }
    if (final_)
      error(map.span, map.name + " is never assigned a value",
            "assign it somewhere, e.g. " + map.name + " = count()");
  }

  void checkTime(Call &call) {
    std::string format = "%H:%M:%S\n";
    if (call.args.size() > 1) {
      error(call.span, "time() takes at most one argument, a strftime format");
      return;
    }
    if (call.args.size() == 1) {
      auto *literal = call.args[0]->as<StringLiteral>();
      if (!literal) {
        error(call.args[0]->span, "time() needs a format string literal",
              "write time(\"%H:%M:%S\\n\")");
        return;
      }
      check(*literal);
      format = literal->value;
    }
    PrintfInfo info{&call, call.span, format, {}, Type::tuple({}), AsyncKind::Time};
    printfs_.push_back(std::move(info));
  }

  // signal("KILL"), signal("SIGKILL") or signal(9); a name becomes its number here.
  void checkSignal(Call &call) {
    if (!requireUnsafe(call))
      return;
    if (call.args.size() != 1) {
      error(call.span, call.name + "() takes one argument, a signal name or number",
            "write " + call.name + "(\"KILL\") or " + call.name + "(9)");
      return;
    }
    Expr &arg = *call.args[0];
    if (auto *name = arg.as<StringLiteral>()) {
      int number = signalNumber(name->value);
      if (number <= 0) {
        error(arg.span, "unknown signal '" + name->value + "'",
              "use a name such as \"KILL\", \"SIGUSR1\", or a number");
        return;
      }
      call.args[0] = std::make_unique<IntegerLiteral>(arg.span, static_cast<uint64_t>(number));
    }
    Type t = check(*call.args[0]);
    if (!isIntegralOrReported(t)) {
      error(call.args[0]->span, call.name + "() needs a signal name or number, not " + t.name());
      return;
    }
    if (auto *literal = call.args[0]->as<IntegerLiteral>();
        literal && (literal->value < 1 || literal->value > 64))
      error(literal->span, "signal " + std::to_string(literal->value) + " is out of range 1..64");
  }

  // override(rc): the probed kernel function returns rc without running, through
  // bpf_override_return, which the kernel gives kprobe programs alone, on the
  // functions marked for error injection.
  void checkOverride(Call &call) {
    if (!requireUnsafe(call))
      return;
    if (call.args.size() != 1) {
      error(call.span, "override() takes one argument, the value the function returns",
            "write override(-1) or override($rc)");
      return;
    }
    if (!isIntegralOrReported(check(*call.args[0])))
      error(call.args[0]->span, "override() needs an integer return value");
    for (const auto &target : *targets_) {
      if (overridable(target))
        continue;
      error(call.span, "override() cannot change the return value in " + target.canonical,
            kprobeHint(target));
      return;
    }
  }

  static bool overridable(const ProbeTarget &target) { return sectionOf(target) == "kprobe"; }

  // On a kernel without kprobes a kprobe runs as fentry, which cannot override.
  static std::string kprobeHint(const ProbeTarget &target) {
    if (target.provider == "fentry" && target.canonical.rfind("kprobe:", 0) == 0)
      return "this kernel has no kprobes, so " + target.canonical +
             " runs as an fentry program, which cannot change a return value";
    return "attach it to the function with kprobe:FUNCTION (the kernel must allow error "
           "injection there: CONFIG_BPF_KPROBE_OVERRIDE and ALLOW_ERROR_INJECTION)";
  }

  bool requireUnsafe(Call &call) {
    if (options_.unsafe)
      return true;
    error(call.span, call.name + "() is an unsafe function being used in safe mode",
          "run with --unsafe to allow it");
    return false;
  }

  void checkExit(Call &call) {
    if (loop_depth_ > 0)
      error(call.span, "exit() cannot be used inside a loop",
            "set a variable, break out of the loop, and call exit() after it");
    if (call.args.size() > 1) {
      error(call.span, "exit() takes at most one argument, the exit code");
      return;
    }
    if (call.args.size() == 1 && !isIntegralOrReported(check(*call.args[0])))
      error(call.args[0]->span, "the exit code must be an integer");
  }

  // delete(@m, k) or delete(@m[k]); true when an element was deleted.
  Type checkDelete(Call &call) {
    MapAccess *map = call.args.empty() ? nullptr : call.args[0]->as<MapAccess>();
    if (!map || call.args.size() > 2) {
      error(call.span, "delete() takes a map and a key",
            "write delete(@map, key), or delete(@map, (k1, k2)) for a map with two keys");
      return Type::none();
    }
    if (call.args.size() == 2) {
      if (!map->keys.empty()) {
        error(call.args[1]->span, "delete() got a key twice");
        return Type::none();
      }
      moveKeyIntoMap(call, 1);
    }
    if (hasWildcardKey(*map))
      return checkWildcardDelete(*map);
    checkMapKeys(*map);
    lookupMap(*map);
    return Type::boolean();
  }

  static bool hasWildcardKey(const MapAccess &map) {
    return std::any_of(map.keys.begin(), map.keys.end(),
                       [](const ExprPtr &k) { return k->is<WildcardKey>(); });
  }

  // delete(@m[k, *]): every element whose other keys equal the ones given;
  // a `*` takes the type the map's key has there. True when one was deleted.
  Type checkWildcardDelete(MapAccess &map) {
    MapState &state = mapState(map);
    if (!state.keys) {
      lookupMap(map); // the map is given its keys nowhere: reports it
      return Type::boolean();
    }
    const std::vector<Type> &known = *state.keys;
    if (known.size() != map.keys.size()) {
      error(map.span,
            map.name + " has " + std::to_string(known.size()) + " key(s), not " +
                std::to_string(map.keys.size()),
            "give each key a value or a *");
      return Type::none();
    }
    for (size_t i = 0; i < known.size(); ++i) {
      Expr &key = *map.keys[i];
      if (key.is<WildcardKey>()) {
        key.type = known[i];
        continue;
      }
      Type t = keyType(key, check(key));
      if (t.kind == TypeKind::None)
        return Type::none();
      if (t.isInteger() && known[i].isInteger()) {
        unifyIntegerKey(map, i, t); // the stored key must hold the value matched
        continue;
      }
      bool fits = t.kind == known[i].kind &&
                  (t.kind != TypeKind::String || t.size <= known[i].size) &&
                  (t.kind != TypeKind::Tuple || tupleHoldingBoth(known[i], t) == known[i]);
      if (!fits || (t.kind == TypeKind::Stack && t != known[i])) {
        error(key.span, map.name + " key " + std::to_string(i + 1) + " has type " + t.name() +
                            " here but " + known[i].name() + " elsewhere");
        return Type::none();
      }
    }
    lookupMap(map);
    return Type::boolean();
  }

  // ------------------------------------------------------------ map functions

  Type checkMapFunction(Call &call) {
    if (call.name == "delete")
      return checkDelete(call);
    if (call.name == "len")
      return checkLen(call);
    return checkKeyLookup(call);
  }

  // The key argument `index` becomes the map access's key, as @m[k] would
  // write it: a tuple (k1, k2) names the keys of a map with two keys.
  void moveKeyIntoMap(Call &call, size_t index) {
    auto &map = *call.args[0]->as<MapAccess>();
    ExprPtr key = std::move(call.args[index]);
    call.args.erase(call.args.begin() + static_cast<long>(index));
    auto *tuple = key->as<TupleLiteral>();
    if (!tuple || !tuple->names.empty()) {
      map.keys.push_back(std::move(key));
      return;
    }
    for (auto &element : tuple->elements)
      map.keys.push_back(std::move(element));
  }

  // has_key(@m, k) and find(@m, k, $out). Sema's earlier passes may already
  // have moved the key into the map access.
  Type checkKeyLookup(Call &call) {
    bool is_find = call.name == "find";
    auto *map = call.args.empty() ? nullptr : call.args[0]->as<MapAccess>();
    size_t given = call.args.size() + (map && !map->keys.empty() ? 1 : 0);
    if (!map || given != (is_find ? 3u : 2u)) {
      error(call.span,
            call.name +
                (is_find ? "() takes a map, a key and a $variable" : "() takes a map and a key"),
            is_find ? "write find(@map, key, $value)" : "write has_key(@map, key)");
      return Type::none();
    }
    if (map->keys.empty())
      moveKeyIntoMap(call, 1);
    checkMapKeys(*map);
    if (is_find)
      return checkFindResult(call, *map);
    if (!mapState(*map).value)
      lookupMap(*map); // reports a map that is never assigned
    return Type::boolean();
  }

  Type checkFindResult(Call &call, MapAccess &map) {
    auto *out = call.args[1]->as<Variable>();
    if (!out) {
      error(call.args[1]->span, "find() stores the value it finds in a $variable",
            "write find(@map, key, $value)");
      return Type::none();
    }
    Type value = lookupMap(map);
    if (value.kind == TypeKind::None)
      return value;
    if (mapState(map).value->isAggregate()) {
      error(map.span, "find() cannot read an aggregation (" + mapState(map).value->name() + ")",
            "read it as " + map.name + "[key] instead");
      return Type::none();
    }
    assignVariable(*out, value, false);
    return Type::boolean();
  }

  // len(@map): its number of elements; len(kstack), len(ustack): a stack's frames.
  Type checkLen(Call &call) {
    auto *map = call.args.size() == 1 ? call.args[0]->as<MapAccess>() : nullptr;
    if (call.args.size() == 1 && !map) {
      Type arg = check(*call.args[0]);
      if (arg.kind == TypeKind::Stack || arg.kind == TypeKind::None)
        return arg.kind == TypeKind::None ? arg : Type::integer(8, true);
    }
    if (!map || !map->keys.empty()) {
      error(call.span, "len() takes a whole map or a stack", "write len(@map) or len(ustack)");
      return Type::none();
    }
    requireAssignedMap(*map);
    return Type::integer(8, true);
  }

  // ------------------------------------------------------------ maps

  MapState &mapState(const MapAccess &map) {
    auto [it, inserted] = maps_.try_emplace(map.name);
    if (inserted)
      it->second.first_use = map.span;
    return it->second;
  }

  // bpftrace keys a map with several keys by a tuple, so @m[(a, b)] names
  // the element @m[a, b] names.
  void spreadTupleLiteralKey(MapAccess &map) {
    auto *tuple = map.keys.size() == 1 ? map.keys[0]->as<TupleLiteral>() : nullptr;
    if (!tuple || !tuple->names.empty())
      return;
    std::vector<ExprPtr> elements = std::move(tuple->elements);
    map.keys = std::move(elements);
  }

  // @m[$t] with a (checked) tuple $t: its elements $t[0], $t[1], … are the keys.
  // The checked $t itself stays in the tree (as the first element's base):
  // variable scopes hold a pointer to every use they saw.
  std::vector<Type> spreadTupleVariableKey(MapAccess &map, const Type &tuple_type) {
    Span span = map.keys[0]->span;
    std::vector<ExprPtr> bases;
    bases.push_back(std::move(map.keys[0]));
    for (size_t i = 1; i < tuple_type.elements.size(); ++i)
      bases.push_back(clone(*bases.front()));
    map.keys.clear();
    std::vector<Type> keys;
    for (size_t i = 0; i < bases.size(); ++i) {
      auto index = std::make_unique<IntegerLiteral>(span, i);
      map.keys.push_back(std::make_unique<Index>(span, std::move(bases[i]), std::move(index)));
      keys.push_back(keyType(*map.keys.back(), check(*map.keys.back())));
    }
    return keys;
  }

  void checkMapKeys(MapAccess &map) {
    spreadTupleLiteralKey(map);
    std::vector<Type> keys;
    for (auto &k : map.keys) {
      Type t = check(*k);
      if (t.kind == TypeKind::None)
        return; // the key's own error says why
      if (t.isAggregate()) {
        error(k->span, "a map key cannot be of type " + t.name());
        return;
      }
      keys.push_back(keyType(*k, t));
    }
    if (keys.size() == 1 && keys[0].kind == TypeKind::Tuple && !keys[0].isRecord() &&
        map.keys[0]->as<Variable>())
      keys = spreadTupleVariableKey(map, keys[0]);
    MapState &state = mapState(map);
    if (!state.keys) {
      state.keys = keys;
      for (size_t i = 0; i < keys.size(); ++i)
        state.flexible_keys.push_back(keys[i].isInteger() &&
                                      promotionOperand(*map.keys[i]).signFlexible());
      return;
    }
    auto &known = *state.keys;
    if (known.size() != keys.size()) {
      error(map.span, map.name + " is used with " + std::to_string(keys.size()) +
                          " key(s) here but " + std::to_string(known.size()) + " elsewhere");
      return;
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      if (std::optional<Type> tuple_key = tupleHoldingBoth(known[i], keys[i]))
        known[i] = *tuple_key;
      else if (known[i].kind == TypeKind::String && keys[i].kind == TypeKind::String)
        known[i].size = std::max(known[i].size, keys[i].size);
      else if (known[i].isInteger() && keys[i].isInteger())
        unifyIntegerKey(map, i, keys[i]);
      else if (known[i].kind != keys[i].kind || known[i].kind == TypeKind::Tuple ||
               (known[i].kind == TypeKind::Stack && known[i] != keys[i]))
        error(map.keys[i]->span, map.name + " key " + std::to_string(i + 1) + " has type " +
                                     keys[i].name() + " here but " + known[i].name() +
                                     " elsewhere");
    }
  }

  // The type a key expression is stored as. As in the newest bpftrace (PR
  // #4768) an integer key keeps its size, a constant its smallest type, as a
  // value assigned to a variable would (assignedType); an address is stored
  // as a uint64 and an enum's value as 64 bits that print by name.
  Type keyType(const Expr &key, const Type &t) {
    if (!t.isInteger() || t.enumeration)
      return widened(t);
    Type assigned = assignedType(key, t);
    return Type::integer(assigned.size, assigned.is_signed); // not where it was read from
  }

  // Key `index` of a map is stored at the smallest integer type that holds
  // the keys of every use; a sign-flexible constant counts as unsigned next
  // to unsigned keys. No type holds a uint64 and a signed key: bpftrace's
  // "argument mismatch".
  void unifyIntegerKey(MapAccess &map, size_t index, const Type &key) {
    Type &known = (*mapState(map).keys)[index];
    if (known.enumeration || key.enumeration)
      return; // an enum's keys keep the type that prints them by name
    auto flexible = mapState(map).flexible_keys.begin() + static_cast<ptrdiff_t>(index);
    IntegerOperand operand = assignedOperand(*map.keys[index], key);
    IntegerOperand stored{known, std::nullopt, *flexible};
    if (std::optional<Type> both = typeHoldingBoth(stored, operand))
      known = *both;
    else
      error(map.keys[index]->span,
            map.name + " key " + std::to_string(index + 1) + " has type " + key.name() +
                " here but " + known.name() + " elsewhere",
            "no integer type holds every " + known.name() + " and " + key.name() +
                " value: cast one of them");
    *flexible = *flexible && operand.signFlexible();
  }

  // `resign`: an integer map takes the sign of `value` (see checkAssign).
  void assignMapValue(MapAccess &map, const Type &value, Span at, bool resign = false) {
    // A pointer keeps its type, so @p->field reads through it. An integer
    // is stored at the type bpftrace gives it (mapIntegerType; `@m = 1`:
    // int8), an enum's values at 64 bits, as its constants are.
    Type stored = value.isPointer() ? value : widened(value);
    if (value.isInteger() && !value.enumeration)
      stored = Type::integer(value.size, value.is_signed); // not where it was read from
    MapState &state = mapState(map);
    map.type = stored;
    if (!state.value) {
      state.value = stored;
      return;
    }
    Type &known = *state.value;
    if (known.kind == TypeKind::String && stored.kind == TypeKind::String) {
      known.size = std::max(known.size, stored.size);
    } else if (known.kind == TypeKind::Integer && stored.kind == TypeKind::Integer) {
      known.is_signed = resign ? stored.is_signed : known.is_signed || stored.is_signed;
      known.size = std::max(known.size, stored.size);
      // `@c++` and `@c -= 1` make it 64 bits wide for later assignments too.
      if (state.integer_value && !known.enumeration)
        state.integer_value = known;
    } else if (known.kind == TypeKind::Tuple && stored.kind == TypeKind::Tuple) {
      widenTuple(known, stored, at, map.name, "map");
    } else if (known != stored) {
      error(at, "type mismatch for " + map.name + ": assigning " + stored.name() +
                    " to a map that holds " + known.name());
    }
  }

  void requireIntegerMap(MapAccess &map) {
    MapState &state = mapState(map);
    if (state.value && state.value->kind != TypeKind::Integer)
      error(map.span, map.name + " holds " + state.value->name() + ", not an integer");
  }

  // A map read as a value, or named by delete().
  Type lookupMap(MapAccess &map) {
    MapState &state = mapState(map);
    // `@n = @n + 1` before any other assignment: @n starts as an integer 0.
    if (!state.value && map.name == assigning_map_)
      return Type::integer(8, true);
    if (!state.value) {
      if (final_) {
        std::vector<std::string> assigned;
        for (const auto &[name, s] : maps_)
          if (s.value)
            assigned.push_back(name);
        std::string hint = didYouMean(map.name, assigned);
        error(map.span, map.name + " is read but never assigned a value",
              hint.empty() ? "assign it somewhere, e.g. " + map.name + " = 1" : hint);
      }
      return Type::none();
    }
    if (isReadableAggregate(*state.value))
      return readableAggregate(*state.value);
    if (state.value->isAggregate()) {
      error(map.span,
            "reading an aggregation (" + state.value->name() +
                ") inside a probe is not supported yet",
            "aggregations are printed at exit, or with print(" + map.name + ")");
      return Type::none();
    }
    return *state.value;
  }

  std::optional<Type> aggregateType(Call &call) {
    const std::string &f = call.name;
    size_t want = f == "count" ? 0 : f == "lhist" ? 4 : f == "tseries" ? 3 : 1;
    if ((f == "hist" && call.args.size() == 2) || (f == "tseries" && call.args.size() == 4))
      want = call.args.size(); // hist(n, k), tseries(n, interval, count, agg)
    if (call.args.size() != want) {
      error(call.span, f + "() takes " + std::to_string(want) + " argument(s), got " +
                           std::to_string(call.args.size()));
      return std::nullopt;
    }
    bool is_signed = true;
    if (want > 0) {
      Type t = check(*call.args[0]);
      if (t.kind == TypeKind::None)
        return std::nullopt; // the argument's own error says why
      if (!isIntegral(t)) {
        error(call.args[0]->span, f + "() needs an integer, not " + t.name());
        return std::nullopt;
      }
      is_signed = t.is_signed;
    }
    if (f == "count")
      return Type::aggregate(TypeKind::Count, false);
    if (f == "sum")
      return Type::aggregate(TypeKind::Sum, is_signed);
    if (f == "min")
      return Type::aggregate(TypeKind::Min, is_signed);
    if (f == "max")
      return Type::aggregate(TypeKind::Max, is_signed);
    if (f == "avg")
      return Type::aggregate(TypeKind::Avg, is_signed);
    if (f == "stats")
      return Type::aggregate(TypeKind::Stats, is_signed);
    if (f == "hist")
      return histType(call);
    if (f == "tseries")
      return tseriesType(call, is_signed);
    return lhistType(call);
  }

  // tseries(n, interval_ns, num_intervals[, agg]): literals (`100ms` is one),
  // agg one of "avg", "max", "min", "sum" (without it, an interval keeps its last value).
  std::optional<Type> tseriesType(Call &call, bool is_signed) {
    auto *interval = call.args[1]->as<IntegerLiteral>();
    if (!interval || interval->value == 0) {
      error(call.args[1]->span, "tseries() interval must be a positive integer literal",
            "it is in nanoseconds; durations work: tseries(x, 100ms, 20)");
      return std::nullopt;
    }
    auto *intervals = call.args[2]->as<IntegerLiteral>();
    if (!intervals || intervals->value == 0 || intervals->value > 1000000) {
      error(call.args[2]->span,
            "tseries() num_intervals must be an integer literal from 1 to 1000000");
      return std::nullopt;
    }
    check(*interval);
    check(*intervals);
    TSeriesAgg agg = TSeriesAgg::Last;
    if (call.args.size() == 4) {
      static const std::map<std::string, TSeriesAgg> aggs = {{"avg", TSeriesAgg::Avg},
                                                             {"max", TSeriesAgg::Max},
                                                             {"min", TSeriesAgg::Min},
                                                             {"sum", TSeriesAgg::Sum}};
      auto *name = call.args[3]->as<StringLiteral>();
      auto found = name ? aggs.find(name->value) : aggs.end();
      if (found == aggs.end()) {
        error(call.args[3]->span,
              "tseries() aggregation must be \"avg\", \"max\", \"min\" or \"sum\"",
              "leave it out to keep the last value of each interval");
        return std::nullopt;
      }
      check(*name);
      agg = found->second;
    }
    return Type::tseries(interval->value, intervals->value, agg, is_signed);
  }

  // hist(n) or hist(n, k): k, a literal 0..5, splits each power of two into 2^k buckets.
  std::optional<Type> histType(Call &call) {
    if (call.args.size() < 2)
      return Type::hist(0);
    auto *k = call.args[1]->as<IntegerLiteral>();
    if (!k || k->value > 5) {
      error(call.args[1]->span, "hist() k must be an integer literal from 0 to 5",
            "k sets 2^k buckets per power of two: hist(n, 2)");
      return std::nullopt;
    }
    check(*k);
    return Type::hist(static_cast<uint32_t>(k->value));
  }

  std::optional<Type> lhistType(Call &call) {
    int64_t params[3];
    static const char *names[3] = {"min", "max", "step"};
    for (int i = 0; i < 3; ++i) {
      auto *lit = call.args[i + 1]->as<IntegerLiteral>();
      if (!lit) {
        error(call.args[i + 1]->span,
              std::string("lhist() ") + names[i] + " must be an integer literal");
        return std::nullopt;
      }
      check(*lit);
      params[i] = static_cast<int64_t>(lit->value);
    }
    if (params[0] < 0 || params[1] <= params[0] || params[2] <= 0) {
      error(call.span, "lhist() needs 0 <= min < max and step > 0");
      return std::nullopt;
    }
    if ((params[1] - params[0]) / params[2] > 1000) {
      error(call.span, "lhist() would have more than 1000 buckets", "use a larger step");
      return std::nullopt;
    }
    return Type::lhist(params[0], params[1], params[2]);
  }

  // ------------------------------------------------------------ expressions

  Type check(Expr &e) {
    e.type = checkUntyped(e);
    return e.type;
  }

  Type checkUntyped(Expr &e) {
    switch (e.kind) {
    case ExprKind::Integer: {
      auto &lit = *e.as<IntegerLiteral>();
      return Type::integer(8, lit.value <= static_cast<uint64_t>(INT64_MAX));
    }
    case ExprKind::String:
      return Type::string(static_cast<uint32_t>(e.as<StringLiteral>()->value.size() + 1));
    case ExprKind::Builtin:
      return checkBuiltin(*e.as<Builtin>());
    case ExprKind::Variable:
      return checkVariable(*e.as<Variable>());
    case ExprKind::Map: {
      auto &map = *e.as<MapAccess>();
      checkMapKeys(map);
      return lookupMap(map);
    }
    case ExprKind::Call:
      return checkCall(*e.as<Call>());
    case ExprKind::Binary:
      return checkFoldedBinary(*e.as<Binary>());
    case ExprKind::Unary:
      return checkUnary(*e.as<Unary>());
    case ExprKind::Ternary:
      return checkTernary(*e.as<Ternary>());
    case ExprKind::Bool:
      return Type::boolean();
    case ExprKind::Cast:
      return checkCast(*e.as<Cast>());
    case ExprKind::Index:
      return checkIndex(*e.as<Index>());
    case ExprKind::Tuple:
      return checkTuple(*e.as<TupleLiteral>());
    case ExprKind::Sizeof:
      return checkSizeof(*e.as<Sizeof>());
    case ExprKind::Offsetof:
      return checkOffsetof(*e.as<Offsetof>());
    case ExprKind::Field:
      return checkField(*e.as<FieldAccess>());
    case ExprKind::Block:
      return checkBlockExpr(*e.as<BlockExpr>());
    case ExprKind::Wildcard:
      error(e.span, "a wildcard key '*' is only valid in delete(@map[…])",
            "write delete(@map[k, *]) to delete every element whose first key is k");
      return Type::none();
    }
    return Type::none();
  }

  // { stmts; value }: the statements run in a scope of their own, which the
  // value still sees.
  Type checkBlockExpr(BlockExpr &b) {
    scopes_.enter();
    checkBlock(b.stmts);
    Type t = Type::none();
    if (b.value)
      t = check(*b.value);
    else
      error(b.span, "this block has no value: its last statement ends with ';'",
            "end the block with the expression that gives its value, without a ';' after it");
    scopes_.leave();
    return t;
  }

  Type checkBuiltin(Builtin &b) {
    if (b.name == "cpid" && options_.child_pid == 0)
      error(b.span, "cpid is the pid of the command -c starts; there is none",
            "run with -c 'COMMAND'");
    if (auto t = builtinType(b.name))
      return *t;
    if (b.name == "probe" || b.name == "probetype") {
      if (b.name == "probe" && map_loop_depth_ > 0)
        uses_->probe_in_map_loop = true;
      size_t longest = 0;
      for (const auto &target : *targets_)
        longest = std::max(longest,
                           b.name == "probe" ? target.canonical.size() : probeType(target).size());
      return Type::string(static_cast<uint32_t>(longest + 1));
    }
    if (b.name == "ctx")
      return checkCtx(b);
    if (b.name == "args")
      return checkArgsRecord(b);
    if (isProbeBuiltin(b.name) && !requireProbeContext(b.span, b.name))
      return Type::none();
    if (isProbeBuiltin(b.name)) {
      if (b.name != "func")
        uses_->slots.insert(b.name);
      ProbeBuiltinCheck checked = checkProbeBuiltin(b.name, *targets_);
      if (!checked.type)
        error(b.span, checked.error, checked.hint);
      return checked.type.value_or(Type::none());
    }
    if (isTaskBuiltin(b.name))
      return checkTaskBuiltin(b);
    if (isContextBuiltin(b.name)) {
      if (!requireProbeContext(b.span, b.name))
        return Type::none();
      ProbeBuiltinCheck checked = checkContextBuiltin(b.name, *targets_);
      if (!checked.type)
        error(b.span, checked.error, checked.hint);
      return checked.type.value_or(Type::none());
    }
    if (isStackFunction(b.name))
      return stackIn(b.span, defaultStackType(b.name, stackMode()));
    if (auto value = types_.constant(b.name)) {
      b.constant = value;
      Type t = Type::integer(8, true);
      t.enumeration = types_.enumOfConstant(b.name);
      return t;
    }
    std::string hint = didYouMean(b.name, builtinNames());
    error(b.span, "unknown builtin '" + b.name + "'", hint);
    return Type::none();
  }

  Type checkVariable(Variable &v) {
    if (int slot = scopes_.find(v.name); slot >= 0) {
      scopes_.use(v, slot);
      if (scopes_.at(slot).poisoned)
        return Type::none();
      Type &type = scopes_.at(slot).type;
      if (type.kind == TypeKind::None) // `let $x;` read before any assignment: 0
        type = Type::integer(8, true);
      return type;
    }
    error(v.span, "variable " + v.name + " is used before it is assigned",
          didYouMean(v.name, scopes_.visibleNames()));
    return Type::none();
  }

  // The body of a for loop over a map runs as a callback, without the probe's context.
  bool requireProbeContext(Span span, const std::string &what) {
    if (map_loop_depth_ == 0)
      return true;
    error(span, what + " cannot be read inside a for loop over a map or up to a map's value",
          "read it into a variable before the loop, e.g. $v = " + what + ";");
    return false;
  }

  // ------------------------------------------------------------ C types (typed_access.h)

  FunctionChecker functionChecker() {
    return {[this](Expr &e) { return check(e); }, reporter(), options_.max_strlen};
  }

  ReportError reporter() {
    return [this](Span span, std::string message, std::string hint) {
      error(span, std::move(message), std::move(hint));
    };
  }

  // (struct task_struct *)p, (u64)x: a type from the preamble or BTF.
  Type checkTypeNameCast(Cast &c) {
    Type from = check(*c.operand);
    if (from.kind != TypeKind::None && !sizeOpenArrayCast(c, from))
      return Type::none();
    std::optional<Type> to = types_.resolveOrReport(c.type_name, c.type_span, reporter());
    if (!to || from.kind == TypeKind::None)
      return Type::none();
    if (to->isInteger() && isNumeric(from))
      return *to;
    if (!checkTypedCast(*to, from, c.span, reporter()))
      return Type::none();
    Type cast = *to;
    if (cast.isPointer() && from.isPointer()) // a user pointer stays one: (int32 *)uaddr("x")
      cast.user_address = from.user_address;
    else if (cast.isPointer()) // (struct foo *)arg0 in a uprobe points into the process
      cast.user_address = probesUserCode() && !mentionsKernelObject(c.operand);
    return cast;
  }

  // An address computed from the context or the current task, or from a
  // kernel pointer, is the kernel's even in a uprobe: (uint64 *)((uint64)ctx + 8).
  static bool mentionsKernelObject(ExprPtr &operand) {
    bool found = false;
    ast::Visitor visitor;
    visitor.expr = [&found](ExprPtr &e) {
      auto *builtin = e->as<Builtin>();
      found = found || (builtin && (builtin->name == "ctx" || builtin->name == "curtask")) ||
              (e->type.isPointer() && !e->type.user_address);
      return !found;
    };
    ast::walkExpr(operand, visitor);
    return found;
  }

  // Whether every target of the probe being checked runs in a process's code
  // (uprobe, uretprobe, usdt), where an address made from an integer is the
  // process's, as bpftrace takes it.
  bool probesUserCode() const {
    if (!targets_ || targets_->empty())
      return false;
    return std::all_of(targets_->begin(), targets_->end(), [](const ProbeTarget &target) {
      return findProvider(target.provider)->userCodeSite(target).has_value();
    });
  }

  // (uint8[])x: the array holds as many elements as x's bytes fill, so the
  // type name becomes uint8[8] for an int64 x.
  bool sizeOpenArrayCast(Cast &c, const Type &from) {
    const std::string open = "[]";
    if (c.type_name.size() <= open.size() ||
        c.type_name.compare(c.type_name.size() - open.size(), open.size(), open) != 0)
      return true;
    std::string element_name = c.type_name.substr(0, c.type_name.size() - open.size());
    std::optional<Type> element = types_.resolveOrReport(element_name, c.type_span, reporter());
    if (!element)
      return false;
    if (!element->isInteger() || from.size == 0 || from.size % element->size != 0) {
      error(c.span, "cannot cast " + from.name() + " to " + c.type_name,
            "an array cast takes an integer or a string whose size is a multiple of " +
                element->name() + "'s");
      return false;
    }
    c.type_name = element_name + "[" + std::to_string(from.size / element->size) + "]";
    return true;
  }

  Type checkIndex(Index &e) {
    Type base = check(*e.base);
    Type index = check(*e.index);
    if (base.kind == TypeKind::None || index.kind == TypeKind::None)
      return Type::none();
    foldTupleIndex(e, base);
    return indexType(base, index, e, reporter());
  }

  // A tuple's index may be any expression known at compile time:
  // (1, "a")[1 - 1] is (1, "a")[0].
  void foldTupleIndex(Index &e, const Type &base) {
    if (base.kind != TypeKind::Tuple || e.index->as<IntegerLiteral>())
      return;
    std::optional<int64_t> value = constantValue(*e.index);
    if (!value || *value < 0)
      return;
    Span span = e.index->span;
    e.index = std::make_unique<IntegerLiteral>(span, static_cast<uint64_t>(*value));
    e.index->type = Type::integer(8, false);
  }

  Type checkTuple(TupleLiteral &t) {
    std::vector<Type> elements;
    for (auto &element : t.elements) {
      Type et = check(*element);
      if (et.kind == TypeKind::None)
        return et;
      if (et.isAggregate()) {
        error(element->span, "a tuple cannot hold a value of type " + et.name());
        return Type::none();
      }
      elements.push_back(tupleElementType(*element, et));
    }
    for (size_t i = 0; i < t.names.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (t.names[i] == t.names[j]) {
          error(t.elements[i]->span, "record field '" + t.names[i] + "' is given twice");
          return Type::none();
        }
    if (t.names.empty())
      return Type::tuple(std::move(elements));
    return Type::namedTuple(t.names, std::move(elements));
  }

  // A tuple element keeps its own size, as in the newest bpftrace: a
  // constant its smallest signed type (sign flexible when ≥ 0, so that it
  // meets an unsigned element of another tuple as unsigned), an operator's
  // result 64 bits, any other integer its type. An address is held as a
  // number.
  Type tupleElementType(const Expr &e, const Type &t) {
    if (!t.isInteger())
      return widened(t);
    Type element = assignedType(e, t);
    element.sign_flexible = assignedOperand(e, element).signFlexible();
    return element;
  }

  // The type sizeof/offsetof names: written out, or an expression's (not evaluated).
  std::optional<Type> queriedType(const std::string &type_name, Span type_span, Expr *of_expr) {
    if (!of_expr)
      return types_.resolveOrReport(type_name, type_span, reporter());
    // sizeof(u64): a typedef's name parses as an identifier.
    if (auto *name = of_expr->as<Builtin>(); name && !builtinType(name->name))
      if (auto t = types_.resolve(name->name); t && !types_.constant(name->name))
        return t;
    Type t = check(*of_expr);
    if (t.kind == TypeKind::None)
      return std::nullopt;
    return t;
  }

  Type checkSizeof(Sizeof &s) {
    std::optional<Type> t = queriedType(s.type_name, s.type_span, s.of_expr.get());
    if (!t)
      return Type::none();
    s.value = t->size;
    return Type::integer(8, false);
  }

  Type checkOffsetof(Offsetof &o) {
    std::optional<Type> t = queriedType(o.type_name, o.type_span, o.of_expr.get());
    if (!t)
      return Type::none();
    const Type *s = structOf(*t);
    std::optional<uint64_t> offset = offsetOfPath(s ? *s : *t, o.path, o.path_span, reporter());
    if (!offset)
      return Type::none();
    o.value = *offset;
    return Type::integer(8, false);
  }

  Type checkAddressOf(Unary &u, const Type &t) {
    // bpftrace takes these (unstable_addr) to hand storage to the C functions
    // a script imports from .bpf.c files, which bpfscope does not compile.
    if (u.operand->is<Variable>() || u.operand->is<MapAccess>()) {
      error(u.span, "bpfscope does not take the address of a $variable or @map",
            "bpftrace's &$x and &@m (unstable) pass storage to imported C functions, which "
            "bpfscope does not compile; use the value itself");
      return Type::none();
    }
    if (!isMemoryLocation(*u.operand)) {
      error(u.span, "operator & needs a struct field, an array element or *pointer",
            "e.g. &curtask->pid");
      return Type::none();
    }
    if (auto *field = u.operand->as<FieldAccess>(); field && isBitfield(*field)) {
      error(u.span, "cannot take the address of a bitfield");
      return Type::none();
    }
    Type base = t;
    base.user_address = false;
    return Type::pointerTo(base, t.user_address);
  }

  // `ctx`: in iter probes the iterator's typed context; elsewhere the
  // registers (`struct pt_regs *`) or the context's address.
  Type checkCtx(Builtin &b) {
    if (!requireProbeContext(b.span, "ctx"))
      return Type::none();
    auto iteratorContext = [](const ProbeTarget &t) {
      return findProvider(t.provider)->contextType(t);
    };
    if (std::none_of(targets_->begin(), targets_->end(),
                     [&](const ProbeTarget &t) { return iteratorContext(t).has_value(); })) {
      ProbeBuiltinCheck checked = checkContextAccess("ctx", *targets_);
      if (checked.type)
        checked = checkContextBuiltin("ctx", *targets_);
      else
        checked.hint += "; iter probes have a typed ctx too";
      if (!checked.type)
        error(b.span, checked.error, checked.hint);
      return checked.type.value_or(Type::none());
    }
    std::optional<Type> type;
    for (const auto &target : *targets_) {
      auto context = iteratorContext(target);
      if (!context || (type && *type != *context)) {
        error(b.span, "ctx has different types across this probe's attach points",
              "give iter probes a block of their own");
        return Type::none();
      }
      type = context;
    }
    return type.value_or(Type::none());
  }

  Type checkTaskBuiltin(Builtin &b) {
    // A preamble definition of struct task_struct replaces the kernel's, as in bpftrace.
    if (auto own = types_.preambleType("struct task_struct"); own && b.name == "curtask")
      return Type::pointerTo(*own);
    if (b.name != "curtask" && !taskBuiltinType("curtask").isPointer()) {
      error(b.span, missingBtfMessage(b.name + " and curtask's fields"));
      return Type::none();
    }
    return taskBuiltinType(b.name);
  }

  // ppid(task), pcomm(task), leader_tid(task), leader_comm(task).
  Type checkTaskCall(Call &call) {
    Type task = check(*call.args[0]);
    if (task.kind == TypeKind::None)
      return task;
    Type wanted = taskBuiltinType("curtask");
    if (!wanted.isPointer()) {
      error(call.span, call.name + "() needs the kernel's BTF (/sys/kernel/btf/vmlinux)");
      return Type::none();
    }
    if (task != wanted) {
      error(call.args[0]->span, call.name + "() needs a struct task_struct *, not " + task.name(),
            "write " + call.name + "(curtask) or " + call.name + "((struct task_struct *)$task)");
      return Type::none();
    }
    return taskBuiltinType(call.name);
  }

  // comm(pid): the comm of any task, found with the bpf_task_from_pid kfunc.
  // No such task: "N/A" and a warning record, as in bpftrace.
  Type checkCommOfPid(Call &call) {
    Type pid = check(*call.args[0]);
    if (pid.kind == TypeKind::None)
      return pid;
    if (!pid.isInteger()) {
      error(call.args[0]->span, "comm()'s argument is a pid, an integer, not " + pid.name());
      return Type::none();
    }
    if (!requireKernelFunctions(call.span, "comm(pid)", {"bpf_task_from_pid", "bpf_task_release"},
                                "6.2") ||
        !requireKfuncProgramType(call.span, "comm(pid)", "bpf_task_from_pid"))
      return Type::none();
    PrintfInfo warning{&call, call.span,          "No such process (pid=%d)",
                       {pid}, Type::tuple({pid}), AsyncKind::Warning};
    printfs_.push_back(std::move(warning));
    return Type::string(16);
  }

  // Kernel functions (kfuncs) are found in the kernel's BTF; libbpf resolves them at load.
  bool requireKernelFunctions(Span span, const std::string &what,
                              const std::vector<std::string> &kfuncs, const char *since) {
    BtfTypes *btf = BtfTypes::vmlinux();
    if (!btf) {
      error(span, missingBtfMessage(what));
      return false;
    }
    for (const std::string &kfunc : kfuncs) {
      if (btf->hasFunction(kfunc))
        continue;
      error(span, what + " needs the kernel function " + kfunc + ", which this kernel lacks",
            kfunc + " came with Linux " + since);
      return false;
    }
    return true;
  }

  // The kernel lets tracepoint, perf_event and BTF tracing programs call its
  // generic kfuncs, but not kprobe/uprobe programs or the raw_tp ones BEGIN and
  // END run as: the verifier says "calling kernel function … is not allowed".
  static bool mayCallKfuncs(const std::string &section) {
    for (const char *prefix : {"tracepoint", "perf_event", "tp_btf/", "fentry/", "fexit/", "iter/"})
      if (section.rfind(prefix, 0) == 0)
        return true;
    return false;
  }

  bool everyProbeMayCallKfuncs() const {
    for (const ProbeTarget &target : *targets_)
      if (!mayCallKfuncs(findProvider(target.provider)->sectionName(target)))
        return false;
    return true;
  }

  bool requireKfuncProgramType(Span span, const std::string &what, const std::string &kfunc) {
    for (const ProbeTarget &target : *targets_) {
      if (mayCallKfuncs(findProvider(target.provider)->sectionName(target)))
        continue;
      error(span, what + " cannot be used in " + target.provider + " probes",
            "the kernel lets only tracepoint, rawtracepoint, profile, interval, software, "
            "hardware, fentry, fexit and iter probes call " +
                kfunc);
      return false;
    }
    return true;
  }

  // typeof(expr): the type expr has (checked, never evaluated); a name that
  // is no builtin may name a type (typeof(uint64_t)). A map's integers have
  // the type bpftrace gives them, not the 64 bits they are stored in.
  std::optional<Type> typeOf(Expr &of) {
    if (auto *b = of.as<Builtin>(); b && !isBuiltinName(b->name))
      if (std::optional<Type> named = types_.resolve(b->name))
        return named;
    Type t = check(of);
    if (t.kind == TypeKind::None)
      return std::nullopt;
    if (t.isAggregate()) {
      error(of.span, "typeof() cannot name the type of an aggregation (" + t.name() + ")");
      return std::nullopt;
    }
    if (auto *map = of.as<MapAccess>(); map && t.isInteger() && !t.enumeration)
      if (const std::optional<Type> &held = mapState(*map).integer_value)
        return Type::integer(held->size, t.is_signed);
    return t;
  }

  static bool isBuiltinName(const std::string &name) {
    const auto &names = builtinNames();
    return std::find(names.begin(), names.end(), name) != names.end();
  }

  // (typeof(expr))x: a cast to the type expr has.
  Type checkTypeofCast(Cast &c) {
    std::optional<Type> to = typeOf(*c.type_of);
    Type from = check(*c.operand);
    if (!to || from.kind == TypeKind::None)
      return Type::none();
    if (isIntegral(*to) && isNumeric(from))
      return *to;
    if (!checkTypedCast(*to, from, c.span, reporter()))
      return Type::none();
    return *to;
  }

  Type checkCast(Cast &c) {
    if (c.type_of)
      return checkTypeofCast(c);
    if (std::optional<uint32_t> size = stringCastSize(c.type_name))
      return checkStringCast(c, *size);
    if (!scalarTypeNamed(c.type_name, options_.max_strlen))
      return checkTypeNameCast(c);
    Type from = check(*c.operand);
    std::optional<Type> to = scalarTypeNamed(c.type_name, options_.max_strlen);
    if (!to || to->isString()) {
      error(c.type_span, "cannot cast to '" + c.type_name + "'",
            "integer casts name int8…int64, uint8…uint64 or bool");
      return Type::none();
    }
    if (isIntegerArrayOfWordSize(from) && from.size == to->size)
      return *to;
    if (to->kind == TypeKind::Bool && from.isString()) // true when not empty
      return *to;
    if (from.kind != TypeKind::None && !isNumeric(from)) {
      error(c.span, "cannot cast " + from.name() + " to " + to->name(),
            from.isArray() ? "an array casts to an integer of its size, e.g. (uint64) of uint8[8]"
                           : "");
      return Type::none();
    }
    return *to;
  }

  // (string[N])s: the string in N bytes, which must hold all of it.
  Type checkStringCast(Cast &c, uint32_t size) {
    Type from = check(*c.operand);
    Type to = Type::string(size);
    if (from.kind == TypeKind::None)
      return from;
    if (!from.isString()) {
      error(c.span, "cannot cast " + from.name() + " to " + to.name(),
            "a string cast resizes a string; str() reads one from an address");
      return Type::none();
    }
    if (from.size > size) {
      error(c.span, "cannot cast " + from.name() + " to " + to.name(),
            "the cast would cut the string: give it at least " + std::to_string(from.size) +
                " bytes, its NUL included");
      return Type::none();
    }
    return to;
  }

  Type checkCall(Call &call) {
    if (call.name == "str")
      return checkStr(call);
    if (isValueFunction(call.name))
      return checkValueFunction(call, functionChecker());
    if (isCompileTimeFunction(call.name))
      return checkCompileTimeFunction(
          call, {functionChecker(), [this] { return everyProbeMayCallKfuncs(); }});
    if (isMapFunction(call.name))
      return checkMapFunction(call);
    if (isStackFunction(call.name)) {
      auto stack = stackCallType(call, stackMode(), reporter());
      return stack ? stackIn(call.span, *stack) : Type::none();
    }
    if (call.name == "strftime") {
      Type nsecs = call.args.size() == 2 ? check(*call.args[1]) : Type::none();
      return strftimeType(call, nsecs, reporter()).value_or(Type::none());
    }
    if (isTaskField(call.name) && call.args.size() == 1)
      return checkTaskCall(call);
    if (isContextFunction(call.name)) {
      if (!requireProbeContext(call.span, call.name + "()"))
        return Type::none();
      return checkContextCall(call, *targets_, functionChecker());
    }
    if (call.name == "uaddr") {
      if (!requireProbeContext(call.span, "uaddr()"))
        return Type::none();
      return uaddrType(call, *targets_, reporter()).value_or(Type::none());
    }
    if (isSymbolFunction(call.name)) {
      Type arg =
          call.name == "kaddr" || call.args.size() != 1 ? Type::none() : check(*call.args[0]);
      return symbolCallType(call, arg, reporter()).value_or(Type::none());
    }
    if (call.name == "printf" || call.name == "debugf" || call.name == "exit" ||
        call.name == "errorf" || call.name == "warnf" || isAssertion(call.name) ||
        isOutputStatement(call.name)) {
      error(call.span, call.name + "() has no value; call it as a statement");
      return Type::none();
    }
    if (isAggregateFunction(call.name)) {
      error(call.span, call.name + "() must be assigned to a map",
            "write @name = " + call.name + "(…)");
      return Type::none();
    }
    if (call.name == "comm" && call.args.size() == 1)
      return checkCommOfPid(call);
    if (call.name == "percpu_kaddr") {
      Type cpu = call.args.size() == 2 ? check(*call.args[1]) : Type::none();
      return percpuKaddrType(call, cpu, reporter()).value_or(Type::none());
    }
    if (auto why = unsupportedFunctionReason(call.name)) {
      error(call.span, call.name + "() is not supported by bpfscope yet", *why);
      return Type::none();
    }
    std::vector<std::string> callable = functionNames();
    for (const Macro &macro : program_.macros)
      callable.push_back(macro.name);
    error(call.name_span, "unknown function '" + call.name + "'", didYouMean(call.name, callable));
    return Type::none();
  }

  Type checkStr(Call &call) {
    if (call.args.empty() || call.args.size() > 2) {
      error(call.span, "str() takes a pointer and an optional length");
      return Type::none();
    }
    Type src = check(*call.args[0]);
    if (src.kind == TypeKind::None)
      return src;
    if (src.kind == TypeKind::String)
      return Type::string(std::min(src.size, options_.max_strlen));
    if (src.kind != TypeKind::Pointer && src.kind != TypeKind::Integer) {
      error(call.args[0]->span, "str() reads a string from an address, not from " + src.name());
      return Type::none();
    }
    uint32_t size = options_.max_strlen;
    if (call.args.size() == 2) {
      Type len = check(*call.args[1]);
      if (!isIntegralOrReported(len))
        error(call.args[1]->span, "str() length must be an integer");
      auto *lit = call.args[1]->as<IntegerLiteral>();
      if (lit && lit->value >= options_.max_strlen)
        warning(call.span, "length param (" + std::to_string(lit->value) +
                               ") is too long and will be shortened to " +
                               std::to_string(options_.max_strlen) +
                               " bytes (see BPFTRACE_MAX_STRLEN)");
      else if (lit)
        size = static_cast<uint32_t>(lit->value + 1);
    }
    return Type::string(size);
  }

  // A target's argument fields; nullopt after reporting why it has none.
  std::optional<ArgsLayout> argsOf(const ProbeTarget &target, Span at) {
    const Provider *p = findProvider(target.provider);
    auto layout = p->args(target);
    auto refusal = layout ? std::nullopt : p->whyNoArgs(target);
    if (refusal)
      error(at, refusal->reason, refusal->hint);
    else if (!layout && p->argsNeedBtf() && !BtfTypes::vmlinux())
      error(at, missingBtfMessage("the args of " + target.provider + " probes"),
            "read the arguments as arg0, arg1, ...");
    else if (!layout)
      error(at, target.canonical + " has no args",
            "args holds the arguments of tracepoint, rawtracepoint, kprobe, kretprobe, fentry, "
            "fexit and uprobe probes");
    return layout;
  }

  // A bare `args` statement reads nothing: every attach point must have args,
  // but not the same fields (bpftrace's runtime test "mixed probe args").
  void checkBareArgs(Builtin &b) {
    if (!requireProbeContext(b.span, "args"))
      return;
    for (const auto &target : *targets_)
      if (!argsOf(target, b.span))
        return;
  }

  // `args` as one value (print(args), $a = args, @m[tid] = args): a record
  // of every field, the same for all of the probe's attach points.
  Type checkArgsRecord(const Builtin &b) {
    if (!requireProbeContext(b.span, "args"))
      return Type::none();
    std::optional<Type> record;
    for (const auto &target : *targets_) {
      std::optional<ArgsLayout> layout = argsOf(target, b.span);
      if (!layout)
        return Type::none();
      Type t = argsRecordType(*layout);
      if (t.names.empty()) {
        error(b.span, target.canonical + " has no args",
              "its format lists no fields besides the common_ ones, which programs cannot read");
        return Type::none();
      }
      if (record && *record != t) {
        error(b.span, "args has different fields across this probe's attach points",
              "read the fields you need (args.FIELD), or split the probe");
        return Type::none();
      }
      for (const auto &name : t.names)
        uses_->args_fields.insert(name);
      record = std::move(t);
    }
    return record.value_or(Type::none());
  }

  Type checkField(FieldAccess &f) {
    auto *base = f.base->as<Builtin>();
    if (!base || base->name != "args") {
      Type t = check(*f.base);
      if (base && base->name == "curtask" && !t.pointee()) {
        error(f.field_span, missingBtfMessage("curtask's fields"));
        return Type::none();
      }
      return t.kind == TypeKind::None ? t : fieldAccessType(t, f, reporter());
    }
    if (!requireProbeContext(f.span, "args." + f.field))
      return Type::none();
    uses_->args_fields.insert(f.field);
    std::optional<Type> type;
    for (const auto &target : *targets_) {
      std::optional<ArgsLayout> layout = argsOf(target, f.base->span);
      if (!layout)
        return Type::none();
      const ArgField *field = layout->find(f.field);
      if (!field) {
        std::vector<std::string> names;
        for (const auto &fld : layout->fields)
          names.push_back(fld.name);
        error(f.field_span, target.canonical + " has no field '" + f.field + "'",
              didYouMean(f.field, names));
        return Type::none();
      }
      if (field->hidden_from_programs) {
        error(f.field_span,
              "args." + f.field + " cannot be read: the kernel gives programs its own data there",
              "read pid, tid, comm or the other builtins instead");
        return Type::none();
      }
      if (!field->unreadable.empty()) {
        error(f.field_span, "args." + f.field + " cannot be read: " + field->unreadable,
              "read the other arguments, or this one from memory if you know where it is");
        return Type::none();
      }
      Type t = argsFieldType(*field);
      if (type && *type != t) {
        error(f.field_span,
              "args." + f.field + " has different types across this probe's attach points");
        return Type::none();
      }
      type = t;
    }
    return type.value_or(Type::none());
  }

  // A binary expression's constant value is kept as it is checked: operand
  // promotion asks for its operands' values, and asking constantValue()
  // would walk a long chain of `1 + 1 + …` again at each of its nodes.
  Type checkFoldedBinary(Binary &b) {
    b.type = checkBinary(b);
    folded_[&b] = b.type.kind == TypeKind::None
                      ? std::nullopt
                      : foldBinary(b, operandConstant(*b.lhs), operandConstant(*b.rhs));
    return b.type;
  }

  std::optional<int64_t> operandConstant(const Expr &e) const {
    if (auto *binary = e.as<Binary>()) {
      auto it = folded_.find(binary);
      return it == folded_.end() ? std::nullopt : it->second;
    }
    return constantValue(e);
  }

  // An operand as promotion sees it: a constant by its value, which gives it
  // its smallest type; a cast keeps the type the script chose; `~0xfff` is
  // the uint64 bpftrace makes of `~` on an unsigned constant, not an int16.
  IntegerOperand promotionOperand(const Expr &e) {
    if (e.is<Cast>())
      return {e.type, std::nullopt};
    std::optional<int64_t> value = operandConstant(e);
    auto *unary = e.as<Unary>();
    if (value && *value < 0 && unary && unary->op == UnaryOp::BitNot)
      return {Type::integer(8, false), value};
    return {e.type, value, holdsOnlyFlexibleValues(e)};
  }

  // A variable or map assigned only constants ≥ 0: `nsecs - $start` for
  // `$start = 0` is no mix of signs.
  bool holdsOnlyFlexibleValues(const Expr &e) {
    if (auto *var = e.as<Variable>()) {
      int slot = scopes_.find(var->name);
      return slot >= 0 && scopes_.at(slot).sign_flexible;
    }
    if (auto *map = e.as<MapAccess>())
      return mapState(*map).integer_flexible;
    return false;
  }

  Type checkBinary(Binary &b) {
    Type l = check(*b.lhs);
    Type r = check(*b.rhs);
    if (l.kind == TypeKind::None || r.kind == TypeKind::None)
      return Type::none();
    switch (b.op) {
    case BinaryOp::LogicalAnd:
    case BinaryOp::LogicalOr:
      if (!isTruthy(l) || !isTruthy(r))
        return mismatch(b, l, r);
      return Type::boolean();
    case BinaryOp::Eq:
    case BinaryOp::Ne:
      if (l.kind == TypeKind::String && r.kind == TypeKind::String)
        return Type::boolean();
      if (l.kind == TypeKind::Tuple || l.isArray() || l.kind == TypeKind::Buffer ||
          r.kind == TypeKind::Tuple || r.isArray() || r.kind == TypeKind::Buffer)
        return equalityComparable(l, r) ? Type::boolean() : mismatch(b, l, r);
      [[fallthrough]];
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      if (!isNumeric(l) || !isNumeric(r))
        return mismatch(b, l, r);
      promoteOperands(b);
      return Type::boolean();
    default:
      break;
    }
    if (!isNumeric(l) || !isNumeric(r))
      return mismatch(b, l, r);
    // As in bpftrace, only constants fail to fold; a value divided by zero
    // gives 1 and a warning when the probe runs.
    if ((b.op == BinaryOp::Div || b.op == BinaryOp::Mod) && isZeroLiteral(*b.rhs) &&
        operandConstant(*b.lhs)) {
      error(b.rhs->span, "division by zero", "a constant divided by zero has no value");
      return Type::none();
    }
    if (l.kind == TypeKind::Pointer && (b.op == BinaryOp::Add || b.op == BinaryOp::Sub))
      return l; // typed pointers step by their pointee's size
    return promoteOperands(b);
  }

  // Sets the type an integer operator works at (integer_promotion.h) and
  // returns the type of its arithmetic result. Pointers and booleans take
  // part as 64-bit values.
  Type promoteOperands(Binary &b) {
    const Type &l = b.lhs->type;
    const Type &r = b.rhs->type;
    bool is_signed = (l.isInteger() && l.is_signed) || (r.isInteger() && r.is_signed);
    b.operand_type = Type::integer(8, is_signed);
    if (!l.isInteger() || !r.isInteger())
      return b.operand_type;
    if (operandConstant(*b.lhs) && operandConstant(*b.rhs)) {
      // Two constants, casts too, fold as 64-bit values (constant_value.h); they
      // compare as signed only when both are, and subtract as values do.
      if (isComparison(b.op))
        b.operand_type.is_signed = l.is_signed && r.is_signed;
      if (b.op == BinaryOp::Sub)
        b.operand_type.is_signed =
            is_signed || subtractionType(commonInteger(l, r).value_or(l)).is_signed;
      return b.operand_type;
    }
    IntegerOperand lhs = promotionOperand(*b.lhs), rhs = promotionOperand(*b.rhs);
    if (std::optional<Type> promoted = promotedOperandType(lhs, rhs)) {
      Type works_at = b.op == BinaryOp::Sub ? subtractionType(*promoted) : *promoted;
      b.operand_type = Type::integer(works_at.size, works_at.is_signed);
      return b.operand_type;
    }
    warnMixedSigns(b, lhs.promotionType(), rhs.promotionType());
    // As in bpftrace: such operands are compared and divided as unsigned
    // values, and the result is signed.
    b.operand_type = Type::integer(8, false);
    return Type::integer(8, true);
  }

  // As in bpftrace, a variable counted with ++ or -- holds 64 bits: how far
  // it counts is not known. A declared type stays. Counting down can make
  // it negative: it is sign-flexible no longer.
  Type widenCounter(const Variable &var, const Type &t, bool down) {
    if (!t.isInteger() || var.slot < 0)
      return t;
    VariableScopes::Declaration &decl = scopes_.at(var.slot);
    if (!decl.declared_type)
      decl.type.size = 8;
    decl.sign_flexible = decl.sign_flexible && !down;
    return decl.type;
  }

  // bpftrace's words, naming a constant by its smallest type (`-1`: int8).
  void warnMixedSigns(const Binary &b, const Type &l, const Type &r) {
    std::string what = isComparison(b.op)           ? "comparison of"
                       : isArithmeticOperator(b.op) ? "arithmetic on"
                                                    : "";
    if (what.empty())
      return;
    warning(b.op_span, what + " integers of different signs: '" + l.name() + "' and '" + r.name() +
                           "' can lead to undefined behavior");
  }

  static bool isComparison(BinaryOp op) {
    return op == BinaryOp::Eq || op == BinaryOp::Ne || op == BinaryOp::Lt || op == BinaryOp::Le ||
           op == BinaryOp::Gt || op == BinaryOp::Ge;
  }
  static bool isArithmeticOperator(BinaryOp op) {
    return op == BinaryOp::Add || op == BinaryOp::Sub || op == BinaryOp::Mul ||
           op == BinaryOp::Div || op == BinaryOp::Mod;
  }

  Type mismatch(Binary &b, const Type &l, const Type &r) {
    std::string hint;
    if (l.kind == TypeKind::String || r.kind == TypeKind::String)
      hint = "strings can only be compared with == and != against other strings";
    error(b.op_span,
          std::string("operator ") + spelling(b.op) + " cannot be applied to " + l.name() +
              " and " + r.name(),
          hint);
    return Type::none();
  }

  Type checkUnary(Unary &u) {
    if (isIncDec(u.op)) {
      if (auto *map = u.operand->as<MapAccess>()) {
        checkMapKeys(*map);
        requireIntegerMap(*map);
        assignMapValue(*map, Type::integer(8, true), u.span);
        if (isDecrement(u.op))
          mapState(*map).integer_flexible = false;
        u.operand->type = *mapState(*map).value;
        return u.operand->type;
      }
      if (auto *var = u.operand->as<Variable>()) {
        Type t = check(*var);
        if (t.kind != TypeKind::None && !isIntegral(t))
          error(u.span,
                std::string("operator ") + spelling(u.op) + " needs an integer, not " + t.name());
        return widenCounter(*var, t, isDecrement(u.op));
      }
      error(u.span, std::string("operator ") + spelling(u.op) + " needs a $variable or an @map");
      return Type::none();
    }
    Type t = check(*u.operand);
    if (t.kind == TypeKind::None)
      return t;
    if (u.op == UnaryOp::Deref) {
      if (t.isInteger())
        t.user_address = probesUserCode() && !mentionsKernelObject(u.operand);
      return dereferenceType(t, u, reporter());
    }
    if (u.op == UnaryOp::AddressOf)
      return checkAddressOf(u, t);
    if (u.op == UnaryOp::LogicalNot) {
      if (!isTruthy(t))
        error(u.span, "operator ! cannot be applied to " + t.name());
      return Type::boolean();
    }
    if (!isIntegral(t)) {
      error(u.span,
            std::string("operator ") + spelling(u.op) + " cannot be applied to " + t.name());
      return Type::none();
    }
    return Type::integer(8, u.op == UnaryOp::Neg || t.is_signed);
  }

  Type checkTernary(Ternary &t) {
    Type c = check(*t.cond);
    if (c.kind != TypeKind::None && !isTruthy(c))
      error(t.cond->span, "condition must be an integer or a boolean, not " + c.name());
    Type a = t.then_expr ? check(*t.then_expr) : c;
    Type b = check(*t.else_expr);
    if (a.kind == TypeKind::None || b.kind == TypeKind::None)
      return Type::none();
    if (isIntegral(a) && isIntegral(b))
      return ternaryInteger(t, a, b);
    if (std::optional<Type> common = largerBranchType(a, b))
      return *common;
    error(t.span,
          "the branches of this conditional have different types: " + a.name() + " and " + b.name(),
          "both branches must give a value of one type (strings, buffers and tuples may differ "
          "in size); cast one of them");
    return Type::none();
  }

  // Integer branches meet in the type an operator would promote them to.
  Type ternaryInteger(const Ternary &t, const Type &a, const Type &b) {
    if (t.then_expr && a.isInteger() && b.isInteger())
      if (std::optional<Type> common =
              promotedOperandType(promotionOperand(*t.then_expr), promotionOperand(*t.else_expr)))
        return Type::integer(common->size, common->is_signed);
    return Type::integer(8, a.is_signed || b.is_signed);
  }

  // ------------------------------------------------------------ helpers

  // A stack's type as captured: a kernel stack in build_id mode is raw.
  Type stackIn(Span span, const Type &stack) {
    if (!isKernelBuildIdStack(stack))
      return stack;
    warning(span, kKernelBuildIdWarning);
    return Type::stack(false, StackMode::Raw, stack.count);
  }

  // How kstack/ustack print when the script names no mode: config stack_mode.
  StackMode stackMode() const {
    auto it = config_.all.find("stack_mode");
    return it == config_.all.end() ? StackMode::Bpftrace
                                   : stackModeNamed(it->second).value_or(StackMode::Bpftrace);
  }

  static bool isCtx(const Expr &e) {
    auto *builtin = e.as<Builtin>();
    return builtin && builtin->name == "ctx";
  }

  // What reading count/sum/min/max/avg gives: a 64-bit integer, signed unless a count.
  static Type readableAggregate(const Type &t) {
    return Type::integer(8, t.kind != TypeKind::Count && t.is_signed);
  }

  // count/sum/min/max/avg read in a probe as their value over all CPUs.
  static bool isReadableAggregate(const Type &t) {
    return t.kind == TypeKind::Count || t.kind == TypeKind::Sum || t.kind == TypeKind::Min ||
           t.kind == TypeKind::Max || t.kind == TypeKind::Avg;
  }

  static bool isIncDec(UnaryOp op) {
    return op == UnaryOp::PreInc || op == UnaryOp::PreDec || op == UnaryOp::PostInc ||
           op == UnaryOp::PostDec;
  }
  static bool isDecrement(UnaryOp op) { return op == UnaryOp::PreDec || op == UnaryOp::PostDec; }
  static bool isTruthy(const Type &t) { return isIntegral(t) || t.kind == TypeKind::Pointer; }
  // An integer, or none: an expression whose error was already reported.
  static bool isIntegralOrReported(const Type &t) {
    return isIntegral(t) || t.kind == TypeKind::None;
  }
  static bool isNumeric(const Type &t) { return isTruthy(t); }
  static bool isZeroLiteral(const Expr &e) {
    auto *lit = e.as<IntegerLiteral>();
    return lit && lit->value == 0;
  }

  void error(Span span, std::string message, std::string hint = {}) {
    diags_->error(span, std::move(message), std::move(hint));
  }
  void warning(Span span, std::string message, std::string hint = {}) {
    if (final_)
      diags_->warning(span, std::move(message), std::move(hint));
  }

  // ------------------------------------------------------------ result

  std::optional<CheckedProgram> finish(std::unique_ptr<Program> owned) {
    CheckedProgram out;
    out.max_strlen = options_.max_strlen;
    out.child_pid = options_.child_pid;
    out.target_pid = options_.target_pid;
    out.pid_namespace = options_.pid_namespace;
    out.helper_checks = options_.helper_checks;
    out.config = config_.all;
    for (const auto &[name, state] : maps_) {
      if (!state.value)
        continue;
      MapInfo info;
      info.name = name;
      info.key_types = state.keys.value_or(std::vector<Type>{});
      info.value = *state.value;
      info.key = storedMapKey(info.key_types, info.value);
      info.max_entries = config_.max_map_keys;
      if (auto decl = declared_maps_.find(name); decl != declared_maps_.end()) {
        info.bpf_map_type = declaredMapKind(decl->second->kind)->bpf_type;
        info.max_entries = static_cast<uint32_t>(decl->second->max_entries);
      }
      out.maps.push_back(std::move(info));
    }
    out.printfs = std::move(printfs_);
    for (size_t i = 0; i < program_.probes.size(); ++i)
      for (auto &group : groupSharedTargets(probe_targets_[i], probe_uses_[i]))
        addUnit(out, program_.probes[i], std::move(group));
    out.ast = std::move(owned);
    return out;
  }

  static void addUnit(CheckedProgram &out, const Probe &probe, std::vector<ProbeTarget> targets) {
    ProgramUnit unit{&probe, targets.front(), programName(targets.front(), out.units.size()),
                     std::move(targets), 0};
    if (unit.shared()) {
      unit.first_cookie = static_cast<uint32_t>(out.target_names.rows.size());
      for (const auto &t : unit.targets)
        out.target_names.rows.push_back(
            {t.canonical, findProvider(t.provider)->functionName(t).value_or("")});
    }
    out.units.push_back(std::move(unit));
  }

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

} // namespace

std::optional<CheckedProgram> analyze(std::unique_ptr<ast::Program> program, Diagnostics &diags,
                                      const SemaOptions &options) {
  Analyzer analyzer(*program, diags, options);
  return analyzer.run(std::move(program));
}

} // namespace bpfscope
