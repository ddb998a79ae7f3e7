#include "sema/assertions.h"

#include "runtime/printf_format.h"
#include "sema/constant_value.h"

#include <cstring>

namespace bpfscope {
namespace {

using namespace ast;

// Reports a wrong argument count; true when `call` has `count` arguments.
bool requireArguments(const Call &call, size_t count, const char *usage, const ReportError &error) {
  if (call.args.size() == count)
    return true;
  error(call.span,
        call.name + "() takes " + std::to_string(count) + " arguments, got " +
            std::to_string(call.args.size()),
        std::string("write ") + usage);
  return false;
}

// fail()'s arguments packed as printf's record would hold them, so that the
// run-time formatter renders the message. Each is a literal: a string, or a
// value constantValue() knows. nullopt after reporting one that is not.
std::optional<std::vector<uint8_t>> packLiterals(Call &call, std::vector<Type> &types,
                                                 const AssertionChecker &c) {
  std::vector<std::optional<int64_t>> values;
  for (size_t i = 1; i < call.args.size(); ++i) {
    Expr &arg = *call.args[i];
    Type t = c.check(arg);
    if (t.kind == TypeKind::None)
      return std::nullopt; // its own error says why
    values.push_back(constantValue(arg));
    if (!arg.is<StringLiteral>() && !values.back()) {
      c.error(arg.span, "fail() arguments need to be literals",
              "fail() formats its message at compile time");
      return std::nullopt;
    }
    types.push_back(arg.is<StringLiteral>() ? t : Type::integer(8, t.is_signed));
  }
  Type record = Type::tuple(types);
  std::vector<uint8_t> bytes(record.size);
  auto offsets = record.elementOffsets();
  for (size_t i = 0; i < types.size(); ++i) {
    if (auto *text = call.args[i + 1]->as<StringLiteral>())
      std::memcpy(bytes.data() + offsets[i], text->value.data(), text->value.size());
    else
      std::memcpy(bytes.data() + offsets[i], &*values[i], sizeof(int64_t));
  }
  return bytes;
}

} // namespace

bool isAssertion(const std::string &name) {
  return name == "assert" || name == "static_assert" || name == "fail" || name == "assert_str";
}

void checkFail(Call &call, const AssertionChecker &c) {
  auto *format = call.args.empty() ? nullptr : call.args[0]->as<StringLiteral>();
  if (!format) {
    c.error(call.args.empty() ? call.span : call.args[0]->span,
            "first argument to fail() must be a string literal",
            "write fail(\"unsupported: %d\", $1)");
    return;
  }
  std::vector<Type> types;
  auto record = packLiterals(call, types, c);
  if (!record)
    return;
  int bad_arg = -1;
  std::string problem = checkPrintfFormat(format->value, types, &bad_arg);
  if (!problem.empty()) {
    c.error(bad_arg >= 0 ? call.args[bad_arg + 1]->span : format->span, problem, "");
    return;
  }
  if (c.reached)
    c.error(call.span, renderPrintf(format->value, types, record->data()), "");
}

void checkStaticAssert(Call &call, const AssertionChecker &c) {
  const char *usage = "static_assert(sizeof(struct task_struct) > 0, \"message\")";
  if (!requireArguments(call, 2, usage, c.error))
    return;
  Type cond = c.check(*call.args[0]);
  auto *message = call.args[1]->as<StringLiteral>();
  if (!message) {
    c.error(call.args[1]->span, "static_assert()'s message must be a string literal",
            std::string("write ") + usage);
    return;
  }
  if (cond.kind == TypeKind::None)
    return; // its own error says why
  std::optional<int64_t> value = constantValue(*call.args[0]);
  if (!value) {
    c.error(call.args[0]->span, "static_assert()'s condition must be known at compile time",
            "use literals, sizeof, offsetof, enum constants or positional parameters; "
            "assert() checks a condition at run time");
    return;
  }
  if (*value == 0 && c.reached)
    c.error(call.span, message->value, "");
}

void checkAssertStr(Call &call, const AssertionChecker &c) {
  if (!requireArguments(call, 1, "assert_str(comm)", c.error))
    return;
  Type t = c.check(*call.args[0]);
  if (t.kind == TypeKind::None || t.isString())
    return;
  const char *problem = nullptr;
  // Chars are int8: bpftrace compares the element's type with typeinfo(int8).
  if (t.isArray())
    problem = t.isByteArray() && t.element->is_signed
                  ? nullptr
                  : "string-like arrays must contain a char-like type";
  else if (t.isPointer())
    problem = t.pointee() && t.pointee()->isByte() && t.pointee()->is_signed
                  ? nullptr
                  : "string-like pointers must point to a char-like type";
  else
    problem = "string-like values must be either strings, arrays or pointers";
  if (problem && c.reached)
    c.error(call.args[0]->span, problem, "");
}

std::optional<PrintfInfo> assertRecord(Call &call, const AssertionChecker &c) {
  const char *usage = "assert($fd >= 0, \"a valid descriptor\")";
  if (!requireArguments(call, 2, usage, c.error))
    return std::nullopt;
  Type cond = c.check(*call.args[0]);
  Type message = c.check(*call.args[1]);
  if (cond.kind == TypeKind::None || message.kind == TypeKind::None)
    return std::nullopt; // their own errors say why
  bool truthy = cond.isInteger() || cond.kind == TypeKind::Bool || cond.isPointer();
  if (!truthy) {
    c.error(call.args[0]->span,
            "assert() needs an integer or a boolean condition, not " + cond.name(),
            std::string("write ") + usage);
    return std::nullopt;
  }
  if (!message.isString()) {
    c.error(call.args[1]->span, "assert()'s message must be a string, not " + message.name(),
            std::string("write ") + usage);
    return std::nullopt;
  }
  PrintfInfo info{&call, call.span, "assert failed: %s", {message}, {}, AsyncKind::Error};
  info.args = Type::tuple(info.arg_types);
  return info;
}

} // namespace bpfscope
