#include "sema/positional_params.h"

#include "parser/ast_walk.h"
#include "sema/bool_words.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>

namespace bpfscope {
namespace {

using namespace ast;

bool isPositional(const Expr &e) {
  const auto *b = e.as<Builtin>();
  return b && b->name.size() > 1 && b->name[0] == '$';
}

std::optional<int64_t> parseNumber(std::string_view text) {
  bool negative = !text.empty() && text.front() == '-';
  if (negative)
    text.remove_prefix(1);
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  } else if (text.size() > 1 && text[0] == '0') { // 0775, as C (and bpftrace) read it
    base = 8;
    text.remove_prefix(1);
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
}

// "--name=value" -> {name, value}; "--name" -> {name, nullopt}.
using NamedParams = std::map<std::string, std::optional<std::string>, std::less<>>;

NamedParams namedParams(const std::vector<std::string> &args) {
  NamedParams named;
  for (const std::string &arg : args) {
    if (!isNamedParam(arg))
      continue;
    size_t equals = arg.find('=');
    if (equals == std::string::npos)
      named[arg.substr(2)] = std::nullopt;
    else
      named[arg.substr(2, equals - 2)] = arg.substr(equals + 1);
  }
  return named;
}

std::vector<std::string> positionalOnly(const std::vector<std::string> &args) {
  std::vector<std::string> positional;
  for (const std::string &arg : args)
    if (!isNamedParam(arg))
      positional.push_back(arg);
  return positional;
}

// getopt("name"[, default[, "description"]]): a named parameter given after
// `--` as --name=value (or --name for a boolean), typed like its default: an
// integer, a string or a boolean; without a default it is a boolean.
class NamedParamSubstituter {
public:
  NamedParamSubstituter(NamedParams named, Diagnostics &diags)
      : named_(std::move(named)), diags_(diags) {}

  void visit(ExprPtr &slot) {
    auto *call = slot->as<Call>();
    if (!call || call->name != "getopt")
      return;
    auto *name = call->args.empty() ? nullptr : call->args[0]->as<StringLiteral>();
    if (!name || call->args.size() > 3) {
      diags_.error(call->span,
                   "getopt() takes a parameter name, an optional default and a description",
                   "write getopt(\"depth\", 10) or getopt(\"verbose\")");
      slot = std::make_unique<IntegerLiteral>(call->span, 0);
      return;
    }
    ExprPtr fallback = call->args.size() >= 2 ? std::move(call->args[1])
                                              : std::make_unique<BoolLiteral>(call->span, false);
    if (std::find(read_.begin(), read_.end(), name->value) == read_.end())
      read_.push_back(name->value);
    auto given = named_.find(name->value);
    if (given == named_.end()) {
      slot = std::move(fallback);
      return;
    }
    ExprPtr value = fromText(*fallback, name->value, given->second, call->span);
    slot = value ? std::move(value) : std::move(fallback);
  }

  // Named parameters given that no getopt() reads, but --help.
  void reportUnread() const {
    std::string unread;
    for (const auto &[name, value] : named_)
      if (name != "help" && std::find(read_.begin(), read_.end(), name) == read_.end())
        unread += (unread.empty() ? "--" : ", --") + name;
    if (unread.empty())
      return;
    std::string expected;
    for (const std::string &name : read_)
      expected += (expected.empty() ? "--" : ", --") + name;
    diags_.error("unexpected program command line options: " + unread,
                 expected.empty() ? "no custom program options defined."
                                  : "expected program options: " + expected);
  }

private:
  ExprPtr fromText(const Expr &fallback, const std::string &name,
                   const std::optional<std::string> &text, Span at) {
    if (fallback.as<BoolLiteral>()) {
      std::optional<bool> value = text ? parseBoolWord(*text) : true;
      if (value)
        return std::make_unique<BoolLiteral>(at, *value);
      return invalid(at, name, *text, "true or false");
    }
    if (fallback.as<StringLiteral>())
      return std::make_unique<StringLiteral>(at, text.value_or(""));
    std::optional<int64_t> number = text ? parseNumber(*text) : std::nullopt;
    if (!number && text) // an integer parameter also takes true/false, as 1/0
      if (std::optional<bool> flag = parseBoolWord(*text))
        number = *flag ? 1 : 0;
    if (!number)
      return invalid(at, name, text.value_or(""), "an integer");
    if (*number >= 0)
      return std::make_unique<IntegerLiteral>(at, static_cast<uint64_t>(*number));
    auto magnitude = std::make_unique<IntegerLiteral>(at, -static_cast<uint64_t>(*number));
    return std::make_unique<Unary>(at, UnaryOp::Neg, std::move(magnitude));
  }

  ExprPtr invalid(Span at, const std::string &name, const std::string &text,
                  const std::string &expected) {
    diags_.error(at, "--" + name + " must be " + expected + ", not '" + text + "'",
                 "pass it after the script's arguments as --" + name + "=VALUE");
    return nullptr;
  }

  NamedParams named_;
  Diagnostics &diags_;
  std::vector<std::string> read_; // the names getopt() reads, in the script's order
};

// How `-- --help` shows one getopt(): "--name=VALUE" and its default.
std::string helpLine(const Call &getopt) {
  const std::string &name = getopt.args[0]->as<StringLiteral>()->value;
  const Expr *fallback = getopt.args.size() >= 2 ? getopt.args[1].get() : nullptr;
  std::string usage = "--" + name, value;
  if (!fallback || fallback->as<BoolLiteral>()) {
    value = fallback && fallback->as<BoolLiteral>()->value ? "true" : "false";
  } else if (auto *text = fallback->as<StringLiteral>()) {
    usage += "=STRING";
    value = "\"" + text->value + "\"";
  } else {
    usage += "=INTEGER";
    auto *negated = fallback->as<Unary>();
    auto *literal =
        negated ? negated->operand->as<IntegerLiteral>() : fallback->as<IntegerLiteral>();
    value = literal ? (negated ? "-" : "") + std::to_string(literal->value) : "?";
  }
  auto *description = getopt.args.size() == 3 ? getopt.args[2]->as<StringLiteral>() : nullptr;
  std::ostringstream line;
  line << "    " << usage;
  line << std::string(usage.size() < 24 ? 24 - usage.size() : 1, ' ');
  if (description && !description->value.empty())
    line << description->value << " ";
  line << "(default: " << value << ")\n";
  return line.str();
}

// Functions whose first argument names something at compile time, as a
// string literal: kaddr(str($1)) takes the argument's text.
bool takesNameAtCompileTime(const std::string &function) {
  static const char *const kNames[] = {"kaddr",    "uaddr",       "percpu_kaddr",
                                       "cgroupid", "kfunc_exist", "kfunc_allowed"};
  return std::find(std::begin(kNames), std::end(kNames), function) != std::end(kNames);
}

class Substituter {
public:
  Substituter(const std::vector<std::string> &args, Diagnostics &diags)
      : args_(args), diags_(diags) {}

  void visit(ExprPtr &slot) {
    auto *call = slot->as<Call>();
    if (call && takesNameAtCompileTime(call->name) && !call->args.empty())
      unwrapPositionalString(call->args[0]);
    if (call && call->name == "str" && !call->args.empty()) {
      ExprPtr &text = call->args[0];
      if (isPositional(*text)) {
        text = asString(*text->as<Builtin>());
        return;
      }
      if (ExprPtr suffix = suffixOf(*text)) {
        text = std::move(suffix);
        return;
      }
    }
    if (isPositional(*slot))
      slot = asValue(*slot->as<Builtin>());
  }

  void attachPoint(AttachPoint &ap) {
    std::string out;
    const std::string &text = ap.text;
    for (size_t i = 0; i < text.size();) {
      size_t end = i + 1;
      if (text[i] == '$' && end < text.size() && text[end] == '#') {
        out += std::to_string(args_.size());
        i = end + 1;
        continue;
      }
      while (text[i] == '$' && end < text.size() &&
             std::isdigit(static_cast<unsigned char>(text[end])))
        ++end;
      if (end == i + 1) {
        out += text[i++];
        continue;
      }
      const std::string *arg = argument(text.substr(i, end - i), ap.span);
      out += arg ? *arg : "";
      i = end;
    }
    ap.text = out;
  }

private:
  // The argument `$N` names; null (after a warning) when it was not given.
  const std::string *argument(const std::string &name, Span at) {
    size_t index = 0;
    std::from_chars(name.data() + 1, name.data() + name.size(), index); // too big: stays 0
    if (index >= 1 && index <= args_.size())
      return &args_[index - 1];
    diags_.warning(at, "positional parameter " + name + " was not given",
                   "it reads as 0, or \"\" as a string; pass it after the script");
    return nullptr;
  }

  // str($N) becomes the argument's text itself.
  void unwrapPositionalString(ExprPtr &arg) {
    auto *str = arg->as<Call>();
    if (str && str->name == "str" && str->args.size() == 1 && isPositional(*str->args[0]))
      arg = asString(*str->args[0]->as<Builtin>());
  }

  ExprPtr asString(const Builtin &param) {
    const std::string *arg = argument(param.name, param.span);
    return std::make_unique<StringLiteral>(param.span, arg ? *arg : "");
  }

  // str($1 + N): the argument from its Nth character on, as bpftrace reads
  // the argument as a pointer to its text; N must stay within the text.
  ExprPtr suffixOf(const Expr &e) {
    auto *sum = e.as<Binary>();
    auto *offset = sum && sum->op == BinaryOp::Add ? sum->rhs->as<IntegerLiteral>() : nullptr;
    if (!offset || !isPositional(*sum->lhs) || sum->lhs->as<Builtin>()->name == "$#")
      return nullptr;
    const std::string *arg = argument(sum->lhs->as<Builtin>()->name, sum->lhs->span);
    std::string text = arg ? *arg : "";
    if (offset->value > text.size()) {
      diags_.error(e.span,
                   "str(" + sum->lhs->as<Builtin>()->name + " + " + std::to_string(offset->value) +
                       ") starts past the end of the argument",
                   "the argument has " + std::to_string(text.size()) + " characters");
      return std::make_unique<StringLiteral>(e.span, "");
    }
    return std::make_unique<StringLiteral>(e.span, text.substr(offset->value));
  }

  ExprPtr asValue(const Builtin &param) {
    if (param.name == "$#")
      return std::make_unique<IntegerLiteral>(param.span, args_.size());
    const std::string *arg = argument(param.name, param.span);
    if (!arg)
      return std::make_unique<IntegerLiteral>(param.span, 0);
    std::optional<int64_t> number = parseNumber(*arg);
    if (!number)
      return std::make_unique<StringLiteral>(param.span, *arg);
    if (*number >= 0)
      return std::make_unique<IntegerLiteral>(param.span, static_cast<uint64_t>(*number));
    auto magnitude = std::make_unique<IntegerLiteral>(param.span, -static_cast<uint64_t>(*number));
    return std::make_unique<Unary>(param.span, UnaryOp::Neg, std::move(magnitude));
  }

  const std::vector<std::string> &args_;
  Diagnostics &diags_;
};

} // namespace

void substitutePositionalParams(Program &program, const std::vector<std::string> &args,
                                Diagnostics &diags) {
  std::vector<std::string> positional = positionalOnly(args);
  Substituter substituter(positional, diags);
  NamedParamSubstituter named(namedParams(args), diags);
  for (Probe &probe : program.probes)
    for (AttachPoint &ap : probe.attach_points)
      substituter.attachPoint(ap);
  rewriteExpressions(program, [&](ExprPtr &slot) {
    named.visit(slot);
    substituter.visit(slot);
  });
  named.reportUnread();
}

bool isNamedParam(const std::string &arg) {
  return arg.size() > 2 && arg.starts_with("--");
}

bool asksForNamedParamsHelp(const std::vector<std::string> &args) {
  return std::find(args.begin(), args.end(), "--help") != args.end();
}

std::string namedParamsHelp(Program &program) {
  std::vector<std::string> shown;
  std::string lines;
  rewriteExpressions(program, [&](ExprPtr &slot) {
    auto *call = slot->as<Call>();
    auto *name = call && call->name == "getopt" && !call->args.empty() && call->args.size() <= 3
                     ? call->args[0]->as<StringLiteral>()
                     : nullptr;
    if (!name || std::find(shown.begin(), shown.end(), name->value) != shown.end())
      return;
    shown.push_back(name->value);
    lines += helpLine(*call);
  });
  if (lines.empty())
    return "The script has no named parameters.\n";
  return "Named parameters (pass them after --):\n" + lines;
}

} // namespace bpfscope
