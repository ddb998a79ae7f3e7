#include "sema/positional_params.h"

#include "parser/ast_walk.h"

#include <cctype>
#include <charconv>
#include <optional>

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
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
}

class Substituter {
public:
  Substituter(const std::vector<std::string> &args, Diagnostics &diags)
      : args_(args), diags_(diags) {}

  void visit(ExprPtr &slot) {
    if (auto *call = slot->as<Call>();
        call && call->name == "str" && !call->args.empty() && isPositional(*call->args[0])) {
      call->args[0] = asString(*call->args[0]->as<Builtin>());
      return;
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

  ExprPtr asString(const Builtin &param) {
    const std::string *arg = argument(param.name, param.span);
    return std::make_unique<StringLiteral>(param.span, arg ? *arg : "");
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
  Substituter substituter(args, diags);
  for (Probe &probe : program.probes)
    for (AttachPoint &ap : probe.attach_points)
      substituter.attachPoint(ap);
  rewriteExpressions(program, [&](ExprPtr &slot) { substituter.visit(slot); });
}

} // namespace bpfscope
