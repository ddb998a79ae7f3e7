#include "sema/compile_time_functions.h"

#include "sema/btf_types.h"

#include <map>

namespace bpfscope {
namespace {

using namespace ast;

using TypePredicate = bool (*)(const Type &);

const std::map<std::string, TypePredicate> &typePredicates() {
  static const std::map<std::string, TypePredicate> table = {
      {"is_str", [](const Type &t) { return t.isString(); }},
      {"is_ptr", [](const Type &t) { return t.isPointer(); }},
      {"is_array", [](const Type &t) { return t.isArray(); }},
      {"is_integer", [](const Type &t) { return t.isInteger(); }},
      {"is_unsigned_integer", [](const Type &t) { return t.isInteger() && !t.is_signed; }},
  };
  return table;
}

// 1, true, "text", and a negated integer literal (-1), which bpftrace folds into one.
bool isLiteral(const Expr &e) {
  if (e.is<IntegerLiteral>() || e.is<StringLiteral>() || e.is<BoolLiteral>())
    return true;
  auto *u = e.as<Unary>();
  return u && u->op == UnaryOp::Neg && u->operand->is<IntegerLiteral>();
}

class CompileTimeCall {
public:
  CompileTimeCall(Call &call, const CompileTimeChecker &checker) : call_(call), c_(checker) {}

  Type check() {
    const std::string &f = call_.name;
    if (f == "default_str_length")
      return checkDefaultStrLength();
    if (!requireOneArgument())
      return Type::none();
    if (f == "kfunc_exist" || f == "kfunc_allowed")
      return checkKfunc();
    Type arg = c_.functions.check(*call_.args[0]);
    if (arg.kind == TypeKind::None)
      return arg; // the argument's own error says why
    if (f == "strcap")
      return checkStrcap(arg);
    if (f == "is_literal")
      return constant(Type::boolean(), isLiteral(*call_.args[0]));
    return constant(Type::boolean(), typePredicates().at(f)(arg));
  }

private:
  Type constant(Type type, int64_t value) {
    call_.constant = value;
    return type;
  }

  bool requireOneArgument() {
    if (call_.args.size() == 1)
      return true;
    c_.functions.error(call_.span,
                       call_.name + "() takes 1 argument, got " + std::to_string(call_.args.size()),
                       "write " + call_.name + "(" + usageArgument() + ")");
    return false;
  }

  std::string usageArgument() const {
    if (call_.name == "kfunc_exist" || call_.name == "kfunc_allowed")
      return "\"bpf_task_from_pid\"";
    return call_.name == "strcap" ? "comm" : "$x";
  }

  Type checkDefaultStrLength() {
    if (!call_.args.empty()) {
      c_.functions.error(call_.span, "default_str_length() takes no arguments",
                         "write default_str_length()");
      return Type::none();
    }
    return constant(Type::integer(8, false), c_.functions.max_strlen);
  }

  // The name must be a literal: the answer is decided before the program exists.
  Type checkKfunc() {
    auto *name = call_.args[0]->as<StringLiteral>();
    if (!name) {
      c_.functions.error(call_.args[0]->span, call_.name + "() needs a string literal",
                         "write " + call_.name + "(" + usageArgument() + ")");
      return Type::none();
    }
    BtfTypes *btf = BtfTypes::vmlinux();
    bool exists = btf && btf->hasFunction(name->value);
    if (call_.name == "kfunc_allowed")
      exists = exists && c_.probe_may_call_kfuncs();
    return constant(Type::boolean(), exists);
  }

  // A string's buffer size or a char array's length; a pointer's string has
  // no capacity known now.
  Type checkStrcap(const Type &arg) {
    if (arg.isString())
      return constant(Type::integer(8, true), arg.size);
    if (arg.isByteArray())
      return constant(Type::integer(8, true), arg.count);
    c_.functions.error(call_.args[0]->span,
                       "strcap() needs a string or a char array, not " + arg.name(),
                       arg.isPointer() ? "write strcap(str(p)) for the string at a pointer"
                                       : "write strcap(comm)");
    return Type::none();
  }

  Call &call_;
  const CompileTimeChecker &c_;
};

} // namespace

const std::vector<std::string> &compileTimeFunctionNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = {"is_literal", "strcap", "default_str_length", "kfunc_exist",
                                    "kfunc_allowed"};
    for (const auto &[name, predicate] : typePredicates())
      out.push_back(name);
    return out;
  }();
  return names;
}

bool isCompileTimeFunction(const std::string &name) {
  for (const std::string &known : compileTimeFunctionNames())
    if (known == name)
      return true;
  return false;
}

Type checkCompileTimeFunction(Call &call, const CompileTimeChecker &checker) {
  return CompileTimeCall(call, checker).check();
}

} // namespace bpfscope
