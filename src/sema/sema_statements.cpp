// The analyzer's checks of statements: blocks, loops, let, assignments and what they do to
// variables and maps.

#include "parser/ast_walk.h"
#include "sema/analyzer.h"
#include "sema/assertions.h"
#include "sema/constant_value.h"
#include "sema/scalar_types.h"
#include "sema/tuple_types.h"

#include <algorithm>

namespace bpfscope::sema_detail {
namespace {

// bpftrace's limit on unroll(N).
constexpr uint64_t kMaxUnroll = 100;

// What two tuples stored in one variable or map need (sema/tuple_types.h).
constexpr const char *kTupleMismatchHint =
    "tuples meet element by element: the same number of elements (a record: the same field "
    "names), values of one kind in each place, and integers that one type holds (a uint64 and a "
    "signed integer need a cast)";

} // namespace

void Analyzer::checkBlock(Block &block) {
  for (auto &stmt : block)
    checkStmt(*stmt);
}

void Analyzer::checkScopedBlock(Block &block) {
  scopes_.enter();
  checkBlock(block);
  scopes_.leave();
}

void Analyzer::checkStmt(Stmt &stmt) {
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

void Analyzer::checkBranch(Block &block, bool reachable) {
  unreached_depth_ += reachable ? 0 : 1;
  checkScopedBlock(block);
  unreached_depth_ -= reachable ? 0 : 1;
}

void Analyzer::checkLoopOrDeclaration(Stmt &stmt) {
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

void Analyzer::checkReturnValue(Expr &value) {
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

void Analyzer::checkLoopBody(Block &body) {
  ++loop_depth_;
  checkScopedBlock(body);
  --loop_depth_;
}

void Analyzer::checkUnroll(Unroll &s) {
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

void Analyzer::checkFor(For &s) {
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

bool Analyzer::readsMap(ExprPtr &bound) {
  bool found = false;
  ast::Visitor visitor;
  visitor.expr = [&found](ExprPtr &e) {
    found = found || e->is<MapAccess>();
    return !found;
  };
  ast::walkExpr(bound, visitor);
  return found;
}

void Analyzer::checkForMap(For &s) {
  std::optional<Type> element = mapElementType(*s.map->as<MapAccess>());
  checkLoopVariableAndBody(s, element.value_or(Type::none()), true);
}

void Analyzer::checkLoopVariableAndBody(For &s, const Type &var_type, bool as_callback) {
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

std::optional<Type> Analyzer::mapElementType(MapAccess &map) {
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

void Analyzer::checkLet(Let &s) {
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

void Analyzer::poison(Variable &var) {
  int slot = scopes_.find(var.name);
  if (slot < 0)
    slot = scopes_.declare(var.name, var.span, Type::none(), false);
  scopes_.use(var, slot);
  scopes_.at(slot).poisoned = true;
}

int Analyzer::declareVariable(Variable &var, const Type &type, bool declared_type) {
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

void Analyzer::checkExprStmt(ExprStmt &s) {
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

void Analyzer::checkAssign(Assign &s) {
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

Type Analyzer::compoundResult(Assign &s, const Variable &var) {
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

void Analyzer::assignVariable(Variable &var, const Type &value, bool compound, const Expr *source) {
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

Type Analyzer::assignedType(const Expr &e, const Type &t) {
  if (!t.isInteger() || t.enumeration || e.is<Cast>())
    return t;
  if (assignedConstant(e))
    return promotionOperand(e).promotionType();
  if (e.is<Binary>())
    return Type::integer(8, t.is_signed);
  return t;
}

std::optional<int64_t> Analyzer::assignedConstant(const Expr &e) const {
  return e.is<Cast>() ? std::nullopt : operandConstant(e);
}

IntegerOperand Analyzer::assignedOperand(const Expr &source, const Type &assigned) {
  IntegerOperand operand = promotionOperand(source);
  operand.type = assigned;
  return operand;
}

void Analyzer::integerMismatch(Span at, const std::string &name, const char *what,
                               const Type &assigned, const Type &known) {
  error(at,
        "type mismatch for " + name + ": assigning " + assigned.name() + " to a " + what +
            " that holds " + known.name(),
        "no integer type holds every " + known.name() + " and " + assigned.name() +
            " value: cast one of them");
}

void Analyzer::unifyVariable(VariableScopes::Declaration &decl, Span at, const Type &value,
                             const Expr *source) {
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

void Analyzer::widenTuple(Type &known, const Type &value, Span at, const std::string &name,
                          const char *what) {
  if (std::optional<Type> both = tupleHoldingBoth(known, value))
    known = *both;
  else
    error(at,
          "type mismatch for " + name + ": assigning " + value.name() + " to a " + what +
              " that holds " + known.name(),
          kTupleMismatchHint);
}

} // namespace bpfscope::sema_detail
