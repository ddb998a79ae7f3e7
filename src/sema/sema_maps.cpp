// The analyzer's checks of maps: keys, values and aggregations, and the functions on them (has_key,
// len, delete, clear, …).

#include "parser/ast_clone.h"
#include "parser/suggest.h"
#include "sema/analyzer.h"
#include "sema/tuple_types.h"

#include <algorithm>

namespace bpfscope::sema_detail {

Type Analyzer::mapIntegerType(MapAccess &map, const Expr &source, const Type &value) {
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

void Analyzer::checkMapCommand(Call &call) {
  auto *map = call.args.size() == 1 ? call.args[0]->as<MapAccess>() : nullptr;
  if (!map || !map->keys.empty()) {
    error(call.span, call.name + "() takes a whole map", "write " + call.name + "(@map)");
    return;
  }
  requireAssignedMap(*map);
}

void Analyzer::requireAssignedMap(MapAccess &map) {
  MapState &state = mapState(map);
  if (state.value) {
    map.type = *state.value;
    return;
  }
  if (final_)
    error(map.span, map.name + " is never assigned a value",
          "assign it somewhere, e.g. " + map.name + " = count()");
}

Type Analyzer::checkDelete(Call &call) {
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

bool Analyzer::hasWildcardKey(const MapAccess &map) {
  return std::any_of(map.keys.begin(), map.keys.end(),
                     [](const ExprPtr &k) { return k->is<WildcardKey>(); });
}

Type Analyzer::checkWildcardDelete(MapAccess &map) {
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

Type Analyzer::checkMapFunction(Call &call) {
  if (call.name == "delete")
    return checkDelete(call);
  if (call.name == "len")
    return checkLen(call);
  return checkKeyLookup(call);
}

void Analyzer::moveKeyIntoMap(Call &call, size_t index) {
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

Type Analyzer::checkKeyLookup(Call &call) {
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

Type Analyzer::checkFindResult(Call &call, MapAccess &map) {
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

Type Analyzer::checkLen(Call &call) {
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

MapState &Analyzer::mapState(const MapAccess &map) {
  auto [it, inserted] = maps_.try_emplace(map.name);
  if (inserted)
    it->second.first_use = map.span;
  return it->second;
}

void Analyzer::spreadTupleLiteralKey(MapAccess &map) {
  auto *tuple = map.keys.size() == 1 ? map.keys[0]->as<TupleLiteral>() : nullptr;
  if (!tuple || !tuple->names.empty())
    return;
  std::vector<ExprPtr> elements = std::move(tuple->elements);
  map.keys = std::move(elements);
}

std::vector<Type> Analyzer::spreadTupleVariableKey(MapAccess &map, const Type &tuple_type) {
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

void Analyzer::checkMapKeys(MapAccess &map) {
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
                                   keys[i].name() + " here but " + known[i].name() + " elsewhere");
  }
}

Type Analyzer::keyType(const Expr &key, const Type &t) {
  if (!t.isInteger() || t.enumeration)
    return widened(t);
  Type assigned = assignedType(key, t);
  return Type::integer(assigned.size, assigned.is_signed); // not where it was read from
}

void Analyzer::unifyIntegerKey(MapAccess &map, size_t index, const Type &key) {
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

void Analyzer::assignMapValue(MapAccess &map, const Type &value, Span at, bool resign) {
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

void Analyzer::requireIntegerMap(MapAccess &map) {
  MapState &state = mapState(map);
  if (state.value && state.value->kind != TypeKind::Integer)
    error(map.span, map.name + " holds " + state.value->name() + ", not an integer");
}

Type Analyzer::lookupMap(MapAccess &map) {
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

std::optional<Type> Analyzer::aggregateType(Call &call) {
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

std::optional<Type> Analyzer::tseriesType(Call &call, bool is_signed) {
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

std::optional<Type> Analyzer::histType(Call &call) {
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

std::optional<Type> Analyzer::lhistType(Call &call) {
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

} // namespace bpfscope::sema_detail
