// The analyzer's checks of C types: casts, member access, sizeof/offsetof, args and task builtins.

#include "parser/ast_walk.h"
#include "parser/suggest.h"
#include "sema/analyzer.h"
#include "sema/btf_types.h"
#include "sema/builtins.h"
#include "sema/constant_value.h"
#include "sema/probe_builtins.h"
#include "sema/scalar_types.h"

#include <algorithm>

namespace bpfscope::sema_detail {
namespace {

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

} // namespace

Type Analyzer::checkTypeNameCast(Cast &c) {
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

bool Analyzer::mentionsKernelObject(ExprPtr &operand) {
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

bool Analyzer::probesUserCode() const {
  if (!targets_ || targets_->empty())
    return false;
  return std::all_of(targets_->begin(), targets_->end(), [](const ProbeTarget &target) {
    return findProvider(target.provider)->userCodeSite(target).has_value();
  });
}

bool Analyzer::sizeOpenArrayCast(Cast &c, const Type &from) {
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

Type Analyzer::checkIndex(Index &e) {
  Type base = check(*e.base);
  Type index = check(*e.index);
  if (base.kind == TypeKind::None || index.kind == TypeKind::None)
    return Type::none();
  foldTupleIndex(e, base);
  return indexType(base, index, e, reporter());
}

void Analyzer::foldTupleIndex(Index &e, const Type &base) {
  if (base.kind != TypeKind::Tuple || e.index->as<IntegerLiteral>())
    return;
  std::optional<int64_t> value = constantValue(*e.index);
  if (!value || *value < 0)
    return;
  Span span = e.index->span;
  e.index = std::make_unique<IntegerLiteral>(span, static_cast<uint64_t>(*value));
  e.index->type = Type::integer(8, false);
}

Type Analyzer::checkTuple(TupleLiteral &t) {
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

Type Analyzer::tupleElementType(const Expr &e, const Type &t) {
  if (!t.isInteger())
    return widened(t);
  Type element = assignedType(e, t);
  element.sign_flexible = assignedOperand(e, element).signFlexible();
  return element;
}

std::optional<Type> Analyzer::queriedType(const std::string &type_name, Span type_span,
                                          Expr *of_expr) {
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

Type Analyzer::checkSizeof(Sizeof &s) {
  std::optional<Type> t = queriedType(s.type_name, s.type_span, s.of_expr.get());
  if (!t)
    return Type::none();
  s.value = t->size;
  return Type::integer(8, false);
}

Type Analyzer::checkOffsetof(Offsetof &o) {
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

Type Analyzer::checkAddressOf(Unary &u, const Type &t) {
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

Type Analyzer::checkCtx(Builtin &b) {
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

Type Analyzer::checkTaskBuiltin(Builtin &b) {
  // A preamble definition of struct task_struct replaces the kernel's, as in bpftrace.
  if (auto own = types_.preambleType("struct task_struct"); own && b.name == "curtask")
    return Type::pointerTo(*own);
  if (b.name != "curtask" && !taskBuiltinType("curtask").isPointer()) {
    error(b.span, missingBtfMessage(b.name + " and curtask's fields"));
    return Type::none();
  }
  return taskBuiltinType(b.name);
}

Type Analyzer::checkTaskCall(Call &call) {
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

Type Analyzer::checkCommOfPid(Call &call) {
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

bool Analyzer::requireKernelFunctions(Span span, const std::string &what,
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

bool Analyzer::mayCallKfuncs(const std::string &section) {
  for (const char *prefix : {"tracepoint", "perf_event", "tp_btf/", "fentry/", "fexit/", "iter/"})
    if (section.rfind(prefix, 0) == 0)
      return true;
  return false;
}

bool Analyzer::everyProbeMayCallKfuncs() const {
  for (const ProbeTarget &target : *targets_)
    if (!mayCallKfuncs(findProvider(target.provider)->sectionName(target)))
      return false;
  return true;
}

bool Analyzer::requireKfuncProgramType(Span span, const std::string &what,
                                       const std::string &kfunc) {
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

std::optional<Type> Analyzer::typeOf(Expr &of) {
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

bool Analyzer::isBuiltinName(const std::string &name) {
  const auto &names = builtinNames();
  return std::find(names.begin(), names.end(), name) != names.end();
}

Type Analyzer::checkTypeofCast(Cast &c) {
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

Type Analyzer::checkCast(Cast &c) {
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

Type Analyzer::checkStringCast(Cast &c, uint32_t size) {
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

std::optional<ArgsLayout> Analyzer::argsOf(const ProbeTarget &target, Span at) {
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

void Analyzer::checkBareArgs(Builtin &b) {
  if (!requireProbeContext(b.span, "args"))
    return;
  for (const auto &target : *targets_)
    if (!argsOf(target, b.span))
      return;
}

Type Analyzer::checkArgsRecord(const Builtin &b) {
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

Type Analyzer::checkField(FieldAccess &f) {
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

} // namespace bpfscope::sema_detail
