// The analyzer's checks of the functions that print or act (printf, print, errorf, assert, signal,
// exit, time, …).

#include "providers/iter.h"
#include "sema/analyzer.h"
#include "sema/assertions.h"
#include "sema/join.h"
#include "sema/printf_spec.h"
#include "sema/probe_builtins.h"
#include "sema/seq_printf_format.h"
#include "sema/signals.h"

#include <set>

namespace bpfscope::sema_detail {

void Analyzer::checkPrintf(Call &call, AsyncKind kind) {
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
    problem = seqPrintfProblem(kind == AsyncKind::Debug ? "debugf" : "printf in a pinned iterator",
                               info.format, info.arg_types);
    if (!problem.empty()) {
      error(call.span, problem, "print integers with %d/%u/%x and strings with %s");
      return;
    }
  }
  info.args = Type::tuple(info.arg_types);
  printfs_.push_back(std::move(info));
}

bool Analyzer::inPinnedIterator() const {
  for (const auto &target : *targets_)
    if (iteratorPinPath(target))
      return true;
  return false;
}

void Analyzer::checkAssertion(Call &call) {
  AssertionChecker checker{[this](Expr &e) { return check(e); }, reporter(), unreached_depth_ == 0};
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

bool Analyzer::isOutputStatement(const std::string &name) {
  static const std::set<std::string> names = {"print", "clear",   "zero",   "time",
                                              "cat",   "system",  "signal", "signal_thread",
                                              "join",  "override"};
  return names.count(name) > 0;
}

void Analyzer::checkOutputStatement(Call &call) {
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

void Analyzer::checkPrint(Call &call) {
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

void Analyzer::checkJoin(Call &call) {
  Type array = call.args.empty() ? Type::none() : check(*call.args[0]);
  if (auto info = joinRecord(call, array, reporter()))
    printfs_.push_back(std::move(*info));
}

void Analyzer::checkTime(Call &call) {
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

void Analyzer::checkSignal(Call &call) {
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

void Analyzer::checkOverride(Call &call) {
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

bool Analyzer::overridable(const ProbeTarget &target) {
  return sectionOf(target) == "kprobe";
}

std::string Analyzer::kprobeHint(const ProbeTarget &target) {
  if (target.provider == "fentry" && target.canonical.rfind("kprobe:", 0) == 0)
    return "this kernel has no kprobes, so " + target.canonical +
           " runs as an fentry program, which cannot change a return value";
  return "attach it to the function with kprobe:FUNCTION (the kernel must allow error "
         "injection there: CONFIG_BPF_KPROBE_OVERRIDE and ALLOW_ERROR_INJECTION)";
}

bool Analyzer::requireUnsafe(Call &call) {
  if (options_.unsafe)
    return true;
  error(call.span, call.name + "() is an unsafe function being used in safe mode",
        "run with --unsafe to allow it");
  return false;
}

void Analyzer::checkExit(Call &call) {
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

} // namespace bpfscope::sema_detail
