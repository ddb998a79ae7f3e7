// The analyzer's checks of expressions: the dispatch on their kinds, builtins, variables and calls.

#include "parser/suggest.h"
#include "sema/analyzer.h"
#include "sema/assertions.h"
#include "sema/btf_types.h"
#include "sema/builtins.h"
#include "sema/compile_time_functions.h"
#include "sema/probe_builtins.h"
#include "sema/stack_types.h"
#include "sema/strftime.h"
#include "sema/symbol_functions.h"

#include <algorithm>

namespace bpfscope::sema_detail {
namespace {

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

} // namespace

Type Analyzer::check(Expr &e) {
  e.type = checkUntyped(e);
  return e.type;
}

Type Analyzer::checkUntyped(Expr &e) {
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

Type Analyzer::checkBlockExpr(BlockExpr &b) {
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

Type Analyzer::checkBuiltin(Builtin &b) {
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
      longest =
          std::max(longest, b.name == "probe" ? target.canonical.size() : probeType(target).size());
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

Type Analyzer::checkVariable(Variable &v) {
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

bool Analyzer::requireProbeContext(Span span, const std::string &what) {
  if (map_loop_depth_ == 0)
    return true;
  error(span, what + " cannot be read inside a for loop over a map or up to a map's value",
        "read it into a variable before the loop, e.g. $v = " + what + ";");
  return false;
}

Type Analyzer::checkCall(Call &call) {
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
    Type arg = call.name == "kaddr" || call.args.size() != 1 ? Type::none() : check(*call.args[0]);
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

Type Analyzer::checkStr(Call &call) {
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

} // namespace bpfscope::sema_detail
