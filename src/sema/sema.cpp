#include "sema/sema.h"

#include "parser/suggest.h"
#include "providers/provider.h"
#include "runtime/printf_format.h"
#include "sema/builtins.h"

#include <cctype>
#include <map>
#include <set>

namespace bpfscope {
namespace {

using namespace ast;

// What is known about one map across the whole script.
struct MapState {
  Span first_use;
  std::optional<std::vector<Type>> keys;
  std::optional<Type> value;
};

const std::vector<std::string> &functionNames() {
  static const std::vector<std::string> names = {"printf", "exit",  "delete", "str",
                                                 "count",  "sum",   "min",    "max",
                                                 "avg",    "stats", "hist",   "lhist"};
  return names;
}

bool isAggregateFunction(const std::string &name) {
  static const std::set<std::string> names = {"count", "sum",   "min",  "max",
                                              "avg",   "stats", "hist", "lhist"};
  return names.count(name) > 0;
}

bool isIntegral(const Type &t) {
  return t.kind == TypeKind::Integer || t.kind == TypeKind::Bool;
}

// Maps and printf arguments hold integers as 64-bit values.
Type widened(const Type &t) {
  if (t.kind == TypeKind::Integer)
    return Type::integer(8, t.is_signed);
  if (t.kind == TypeKind::Pointer)
    return Type::integer(8, false);
  return t;
}

// Splits "tracepoint:syscalls:sys_enter_read" into provider and parts; ':'
// inside double quotes does not split (uprobe:BIN:cpp:"ns::f").
std::vector<std::string> splitAttachPoint(const std::string &text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (char c : text) {
    if (c == '"')
      quoted = !quoted;
    if (c == ':' && !quoted)
      parts.emplace_back();
    else
      parts.back() += c;
  }
  return parts;
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
    if (real_diags_.hasErrors())
      return std::nullopt;
    return finish(std::move(owned));
  }

private:
  // ------------------------------------------------------------ probes

  void expandProbes() {
    for (auto &probe : program_.probes) {
      std::vector<ProbeTarget> targets;
      for (const auto &ap : probe.attach_points) {
        auto parts = splitAttachPoint(ap.text);
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
        for (auto &t : p->expand(ap, parts, real_diags_))
          targets.push_back(std::move(t));
      }
      probe_targets_.push_back(std::move(targets));
    }
  }

  void checkAll(Diagnostics &diags, bool final) {
    diags_ = &diags;
    final_ = final;
    printfs_.clear();
    for (size_t i = 0; i < program_.probes.size(); ++i)
      checkProbe(program_.probes[i], probe_targets_[i]);
  }

  void checkProbe(Probe &probe, const std::vector<ProbeTarget> &targets) {
    targets_ = &targets;
    variables_.clear();
    variable_uses_.clear();
    if (probe.predicate) {
      Type t = check(*probe.predicate);
      if (!isTruthy(t))
        error(probe.predicate->span, "predicate must be an integer or a boolean, not " + t.name());
    }
    checkBlock(probe.body);
    // A variable assigned strings of different lengths holds the longest.
    for (auto &[name, uses] : variable_uses_)
      for (Variable *v : uses)
        v->type = variables_[name];
  }

  // ------------------------------------------------------------ statements

  void checkBlock(Block &block) {
    for (auto &stmt : block)
      checkStmt(*stmt);
  }

  void checkStmt(Stmt &stmt) {
    if (auto *s = stmt.as<ExprStmt>())
      return checkExprStmt(*s);
    if (auto *s = stmt.as<Assign>())
      return checkAssign(*s);
    if (auto *s = stmt.as<If>()) {
      Type t = check(*s->cond);
      if (!isTruthy(t))
        error(s->cond->span, "condition must be an integer or a boolean, not " + t.name());
      checkBlock(s->then_block);
      checkBlock(s->else_block);
    }
  }

  void checkExprStmt(ExprStmt &s) {
    if (auto *call = s.expr->as<Call>()) {
      if (call->name == "printf")
        return checkPrintf(*call);
      if (call->name == "exit")
        return checkExit(*call);
      if (call->name == "delete")
        return checkDelete(*call);
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
    check(*s.expr);
    warning(s.expr->span, "the value of this expression is not used");
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
    Type value = check(*s.value);
    if (value.kind == TypeKind::None)
      return; // the expression's own error says why

    if (s.is_compound && !isIntegral(value)) {
      error(s.value->span, std::string("operator ") + spelling(s.compound) +
                               "= needs an integer, not " + value.name());
      return;
    }
    if (auto *var = s.target->as<Variable>())
      return assignVariable(*var, s.is_compound ? Type::integer(8, value.is_signed) : value,
                            s.is_compound);
    if (auto *map = s.target->as<MapAccess>()) {
      checkMapKeys(*map);
      if (s.is_compound)
        requireIntegerMap(*map);
      assignMapValue(*map, s.is_compound ? Type::integer(8, true) : value, s.value->span);
      return;
    }
    error(s.target->span, "can only assign to a $variable or an @map");
  }

  void assignVariable(Variable &var, const Type &value, bool compound) {
    var.type = value;
    variable_uses_[var.name].push_back(&var);
    auto it = variables_.find(var.name);
    if (it == variables_.end()) {
      if (compound)
        error(var.span, "variable " + var.name + " is used before it is assigned");
      variables_[var.name] = value;
      return;
    }
    Type &known = it->second;
    if (known.kind == TypeKind::String && value.kind == TypeKind::String) {
      known.size = std::max(known.size, value.size);
    } else if (isIntegral(known) && isIntegral(value)) {
      known = Type::integer(std::max(known.size, value.size), known.is_signed || value.is_signed);
    } else if (known != value) {
      error(var.span, "type mismatch for " + var.name + ": assigning " + value.name() +
                          " to a variable that holds " + known.name());
    }
  }

  void checkPrintf(Call &call) {
    auto *format = call.args.empty() ? nullptr : call.args[0]->as<StringLiteral>();
    if (!format) {
      error(call.span, "printf() needs a format string literal as its first argument",
            "write printf(\"%d\\n\", value)");
      return;
    }
    PrintfInfo info{&call, call.span, format->value, {}, {}};
    for (size_t i = 1; i < call.args.size(); ++i) {
      Type t = check(*call.args[i]);
      if (t.kind == TypeKind::None || t.isAggregate()) {
        error(call.args[i]->span, "printf() cannot print a value of type " + t.name());
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
    info.args = Type::tuple(info.arg_types);
    printfs_.push_back(std::move(info));
  }

  void checkExit(Call &call) {
    if (call.args.size() > 1) {
      error(call.span, "exit() takes at most one argument, the exit code");
      return;
    }
    if (call.args.size() == 1 && !isIntegral(check(*call.args[0])))
      error(call.args[0]->span, "the exit code must be an integer");
  }

  void checkDelete(Call &call) {
    MapAccess *map = call.args.empty() ? nullptr : call.args[0]->as<MapAccess>();
    if (!map || call.args.size() > 2) {
      error(call.span, "delete() takes a map element",
            "write delete(@map[key]) or delete(@map, key)");
      return;
    }
    if (call.args.size() == 2) {
      if (!map->keys.empty()) {
        error(call.args[1]->span, "delete() got a key twice");
        return;
      }
      map->keys.push_back(std::move(call.args[1]));
      call.args.pop_back();
    }
    checkMapKeys(*map);
    lookupMap(*map);
  }

  // ------------------------------------------------------------ maps

  MapState &mapState(const MapAccess &map) {
    auto [it, inserted] = maps_.try_emplace(map.name);
    if (inserted)
      it->second.first_use = map.span;
    return it->second;
  }

  void checkMapKeys(MapAccess &map) {
    std::vector<Type> keys;
    for (auto &k : map.keys) {
      Type t = check(*k);
      if (t.kind == TypeKind::None || t.isAggregate()) {
        error(k->span, "a map key cannot be of type " + t.name());
        return;
      }
      keys.push_back(widened(t));
    }
    MapState &state = mapState(map);
    if (!state.keys) {
      state.keys = keys;
      return;
    }
    auto &known = *state.keys;
    if (known.size() != keys.size()) {
      error(map.span, map.name + " is used with " + std::to_string(keys.size()) +
                          " key(s) here but " + std::to_string(known.size()) + " elsewhere");
      return;
    }
    for (size_t i = 0; i < keys.size(); ++i) {
      if (known[i].kind == TypeKind::String && keys[i].kind == TypeKind::String)
        known[i].size = std::max(known[i].size, keys[i].size);
      else if (known[i].kind != keys[i].kind)
        error(map.keys[i]->span, map.name + " key " + std::to_string(i + 1) + " has type " +
                                     keys[i].name() + " here but " + known[i].name() +
                                     " elsewhere");
    }
  }

  void assignMapValue(MapAccess &map, const Type &value, Span at) {
    Type stored = widened(value);
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
      known.is_signed = known.is_signed || stored.is_signed;
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
    size_t want = f == "count" ? 0 : f == "lhist" ? 4 : 1;
    if (call.args.size() != want) {
      error(call.span, f + "() takes " + std::to_string(want) + " argument(s), got " +
                           std::to_string(call.args.size()));
      return std::nullopt;
    }
    bool is_signed = true;
    if (want > 0) {
      Type t = check(*call.args[0]);
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
      return Type::aggregate(TypeKind::Hist);
    return lhistType(call);
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
      return checkBinary(*e.as<Binary>());
    case ExprKind::Unary:
      return checkUnary(*e.as<Unary>());
    case ExprKind::Ternary:
      return checkTernary(*e.as<Ternary>());
    case ExprKind::Field:
      return checkField(*e.as<FieldAccess>());
    }
    return Type::none();
  }

  Type checkBuiltin(Builtin &b) {
    if (auto t = builtinType(b.name))
      return *t;
    if (b.name == "probe") {
      size_t longest = 0;
      for (const auto &target : *targets_)
        longest = std::max(longest, target.canonical.size());
      return Type::string(static_cast<uint32_t>(longest + 1));
    }
    if (b.name == "args") {
      error(b.span, "args is a record of fields; read one of them", "write args.FIELD");
      return Type::none();
    }
    std::string hint = didYouMean(b.name, builtinNames());
    error(b.span, "unknown builtin '" + b.name + "'", hint);
    return Type::none();
  }

  Type checkVariable(Variable &v) {
    variable_uses_[v.name].push_back(&v);
    auto it = variables_.find(v.name);
    if (it != variables_.end())
      return it->second;
    std::vector<std::string> known;
    for (const auto &[name, t] : variables_)
      known.push_back(name);
    error(v.span, "variable " + v.name + " is used before it is assigned",
          didYouMean(v.name, known));
    return Type::none();
  }

  Type checkCall(Call &call) {
    if (call.name == "str")
      return checkStr(call);
    if (call.name == "printf" || call.name == "exit" || call.name == "delete") {
      error(call.span, call.name + "() has no value; call it as a statement");
      return Type::none();
    }
    if (isAggregateFunction(call.name)) {
      error(call.span, call.name + "() must be assigned to a map",
            "write @name = " + call.name + "(…)");
      return Type::none();
    }
    error(call.name_span, "unknown function '" + call.name + "'",
          didYouMean(call.name, functionNames()));
    return Type::none();
  }

  Type checkStr(Call &call) {
    if (call.args.empty() || call.args.size() > 2) {
      error(call.span, "str() takes a pointer and an optional length");
      return Type::none();
    }
    Type src = check(*call.args[0]);
    if (src.kind == TypeKind::String)
      return src;
    if (src.kind != TypeKind::Pointer && src.kind != TypeKind::Integer) {
      error(call.args[0]->span, "str() reads a string from an address, not from " + src.name());
      return Type::none();
    }
    uint32_t size = options_.max_strlen;
    if (call.args.size() == 2) {
      Type len = check(*call.args[1]);
      if (!isIntegral(len))
        error(call.args[1]->span, "str() length must be an integer");
      if (auto *lit = call.args[1]->as<IntegerLiteral>())
        size = static_cast<uint32_t>(std::min<uint64_t>(lit->value + 1, options_.max_strlen));
    }
    return Type::string(size);
  }

  Type checkField(FieldAccess &f) {
    auto *base = f.base->as<Builtin>();
    if (!base || base->name != "args") {
      Type t = check(*f.base);
      if (t.kind != TypeKind::None)
        error(f.field_span, "a value of type " + t.name() + " has no fields");
      return Type::none();
    }
    std::optional<Type> type;
    for (const auto &target : *targets_) {
      const Provider *p = findProvider(target.provider);
      auto layout = p->args(target);
      if (!layout) {
        error(f.base->span, target.canonical + " has no args");
        return Type::none();
      }
      const ArgField *field = layout->find(f.field);
      if (!field) {
        std::vector<std::string> names;
        for (const auto &fld : layout->fields)
          names.push_back(fld.name);
        error(f.field_span, target.canonical + " has no field '" + f.field + "'",
              didYouMean(f.field, names));
        return Type::none();
      }
      Type t = field->data_loc ? Type::pointer(false) : field->type;
      if (type && *type != t) {
        error(f.field_span,
              "args." + f.field + " has different types across this probe's attach points");
        return Type::none();
      }
      type = t;
    }
    return type.value_or(Type::none());
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
      [[fallthrough]];
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      if (!isNumeric(l) || !isNumeric(r))
        return mismatch(b, l, r);
      return Type::boolean();
    default:
      break;
    }
    if (!isNumeric(l) || !isNumeric(r))
      return mismatch(b, l, r);
    if ((b.op == BinaryOp::Div || b.op == BinaryOp::Mod) && isZeroLiteral(*b.rhs)) {
      error(b.rhs->span, "division by zero");
      return Type::none();
    }
    if (l.kind == TypeKind::Pointer && (b.op == BinaryOp::Add || b.op == BinaryOp::Sub))
      return Type::pointer();
    bool is_signed = (l.kind == TypeKind::Integer && l.is_signed) ||
                     (r.kind == TypeKind::Integer && r.is_signed);
    return Type::integer(8, is_signed);
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
        u.operand->type = *mapState(*map).value;
        return u.operand->type;
      }
      if (auto *var = u.operand->as<Variable>()) {
        Type t = check(*var);
        if (t.kind != TypeKind::None && !isIntegral(t))
          error(u.span,
                std::string("operator ") + spelling(u.op) + " needs an integer, not " + t.name());
        return t;
      }
      error(u.span, std::string("operator ") + spelling(u.op) + " needs a $variable or an @map");
      return Type::none();
    }
    Type t = check(*u.operand);
    if (t.kind == TypeKind::None)
      return t;
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
    Type a = check(*t.then_expr);
    Type b = check(*t.else_expr);
    if (a.kind == TypeKind::None || b.kind == TypeKind::None)
      return Type::none();
    if (a.kind == TypeKind::String && b.kind == TypeKind::String)
      return Type::string(std::max(a.size, b.size));
    if (isIntegral(a) && isIntegral(b))
      return Type::integer(8, a.is_signed || b.is_signed);
    if (a != b) {
      error(t.span, "the branches of ?: have different types: " + a.name() + " and " + b.name());
      return Type::none();
    }
    return a;
  }

  // ------------------------------------------------------------ helpers

  static bool isIncDec(UnaryOp op) {
    return op == UnaryOp::PreInc || op == UnaryOp::PreDec || op == UnaryOp::PostInc ||
           op == UnaryOp::PostDec;
  }
  static bool isTruthy(const Type &t) { return isIntegral(t) || t.kind == TypeKind::Pointer; }
  static bool isNumeric(const Type &t) { return isTruthy(t); }
  static bool isZeroLiteral(const Expr &e) {
    auto *lit = e.as<IntegerLiteral>();
    return lit && lit->value == 0;
  }

  void error(Span span, std::string message, std::string hint = {}) {
    diags_->error(span, std::move(message), std::move(hint));
  }
  void warning(Span span, std::string message) {
    if (final_)
      diags_->warning(span, std::move(message));
  }

  // ------------------------------------------------------------ result

  std::optional<CheckedProgram> finish(std::unique_ptr<Program> owned) {
    CheckedProgram out;
    out.max_strlen = options_.max_strlen;
    for (const auto &[name, state] : maps_) {
      if (!state.value)
        continue;
      MapInfo info;
      info.name = name;
      info.key_types = state.keys.value_or(std::vector<Type>{});
      info.key = info.key_types.empty() ? Type::tuple({Type::integer(8, false)})
                                        : Type::tuple(info.key_types);
      info.value = *state.value;
      out.maps.push_back(std::move(info));
    }
    out.printfs = std::move(printfs_);
    for (size_t i = 0; i < program_.probes.size(); ++i)
      for (const auto &target : probe_targets_[i])
        out.units.push_back({&program_.probes[i], target, programName(target, out.units.size())});
    out.ast = std::move(owned);
    return out;
  }

  Program &program_;
  Diagnostics &real_diags_;
  const SemaOptions &options_;
  Diagnostics *diags_ = nullptr;
  bool final_ = false;

  std::vector<std::vector<ProbeTarget>> probe_targets_;
  const std::vector<ProbeTarget> *targets_ = nullptr;
  std::map<std::string, MapState> maps_;
  std::map<std::string, Type> variables_;
  std::map<std::string, std::vector<Variable *>> variable_uses_;
  std::vector<PrintfInfo> printfs_;
};

} // namespace

std::optional<CheckedProgram> analyze(std::unique_ptr<ast::Program> program, Diagnostics &diags,
                                      const SemaOptions &options) {
  Analyzer analyzer(*program, diags, options);
  return analyzer.run(std::move(program));
}

} // namespace bpfscope
