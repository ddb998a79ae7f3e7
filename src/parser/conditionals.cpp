#include "parser/conditionals.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace bpfscope {
namespace {

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Splits "ifndef NAME" into ("ifndef", "NAME").
std::pair<std::string_view, std::string_view> keywordAndRest(std::string_view directive) {
  directive = trimmed(directive);
  size_t end = directive.find_first_of(" \t(!");
  if (end == std::string_view::npos)
    return {directive, {}};
  return {directive.substr(0, end), trimmed(directive.substr(end))};
}

} // namespace

bool PreprocessorConditionals::active() const {
  return open_.empty() || open_.back().active;
}

bool PreprocessorConditionals::handle(std::string_view directive, Span span, Diagnostics &diags) {
  auto [keyword, rest] = keywordAndRest(directive);
  if (keyword == "if" || keyword == "ifdef" || keyword == "ifndef") {
    bool value =
        active() && evaluate(keyword == "if" ? rest : "defined " + std::string(rest), span, diags);
    if (keyword == "ifndef")
      value = active() && !value;
    open_.push_back({span, active(), value, value});
    return true;
  }
  if (keyword != "elif" && keyword != "else" && keyword != "endif")
    return false;
  if (open_.empty()) {
    diags.error(span, "#" + std::string(keyword) + " without #if");
    return true;
  }
  Open &top = open_.back();
  if (keyword == "endif") {
    open_.pop_back();
  } else if (keyword == "else") {
    top.active = top.enclosing_active && !top.taken;
    top.taken = true;
  } else {
    top.active = top.enclosing_active && !top.taken && evaluate(rest, span, diags);
    top.taken = top.taken || top.active;
  }
  return true;
}

bool PreprocessorConditionals::evaluate(std::string_view condition, Span span,
                                        Diagnostics &diags) const {
  condition = trimmed(condition);
  bool negate = !condition.empty() && condition.front() == '!';
  if (negate)
    condition = trimmed(condition.substr(1));
  std::optional<bool> value = definedTest(condition);
  if (!value)
    value = integerTest(condition);
  if (!value) {
    diags.error(span, "unsupported #if condition",
                "conditions are defined(NAME), !defined(NAME) or an integer");
    return false;
  }
  return negate ? !*value : *value;
}

// `defined(NAME)` or `defined NAME`.
std::optional<bool> PreprocessorConditionals::definedTest(std::string_view condition) const {
  if (!condition.starts_with("defined"))
    return std::nullopt;
  std::string_view name = trimmed(condition.substr(7));
  if (name.starts_with("(") && name.ends_with(")"))
    name = trimmed(name.substr(1, name.size() - 2));
  bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
  if (!identifier)
    return std::nullopt;
  return defined_.count(name) > 0;
}

std::optional<bool> PreprocessorConditionals::integerTest(std::string_view condition) {
  long long number = 0;
  auto [end, ec] = std::from_chars(condition.data(), condition.data() + condition.size(), number);
  if (ec != std::errc() || end != condition.data() + condition.size())
    return std::nullopt;
  return number != 0;
}

void PreprocessorConditionals::finish(Diagnostics &diags) const {
  for (const Open &open : open_)
    diags.error(open.span, "#if without #endif");
}

} // namespace bpfscope
