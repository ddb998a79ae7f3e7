#include "sema/config_builtin.h"

#include "parser/ast_walk.h"
#include "sema/config_variables.h"

#include <charconv>
#include <cstdint>
#include <string_view>

namespace bpfscope {
namespace {

// An unstable_* variable's value as the newest bpftrace names it.
std::string unstableSetting(const std::string &text) {
  if (text == "enable" || text == "true" || text == "1")
    return "enable";
  if (text == "error" || text == "false" || text == "0")
    return "error";
  return text;
}

// A count as the script set it, or the variable's default.
uint64_t countOf(const std::string &text, std::string_view name) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size())
    return value;
  return defaultCount(name);
}

ast::ExprPtr literalOf(const ConfigVariable &variable, const ConfigValues &config, Span at) {
  auto set = config.find(std::string(variable.name));
  std::string text = set != config.end() ? set->second : std::string(variable.fallback);
  switch (variable.kind) {
  case ConfigKind::Switch:
    return std::make_unique<ast::BoolLiteral>(at, text == "true");
  case ConfigKind::Count:
    return std::make_unique<ast::IntegerLiteral>(at, countOf(text, variable.name));
  case ConfigKind::Unstable:
    return std::make_unique<ast::StringLiteral>(at, unstableSetting(text));
  case ConfigKind::Text:
    break;
  }
  return std::make_unique<ast::StringLiteral>(at, text);
}

bool isConfigBuiltin(const ast::Expr &e) {
  if (auto *builtin = e.as<ast::Builtin>())
    return builtin->name == "config";
  auto *call = e.as<ast::Call>();
  return call && call->name == "config" && call->args.empty();
}

ast::ExprPtr configRecord(const ConfigValues &config, Span at) {
  auto record = std::make_unique<ast::TupleLiteral>(at);
  for (const ConfigVariable &variable : configVariables()) {
    if (!variable.in_record)
      continue;
    record->names.emplace_back(variable.name);
    record->elements.push_back(literalOf(variable, config, at));
  }
  return record;
}

} // namespace

void substituteConfigBuiltin(ast::Program &program, const ConfigValues &config) {
  ast::rewriteExpressions(program, [&config](ast::ExprPtr &slot) {
    if (auto *field = slot->as<ast::FieldAccess>(); field && isConfigBuiltin(*field->base)) {
      // `config.max_strlen` folds to its literal; an unknown member is left
      // for sema to report as a member the record lacks.
      if (const ConfigVariable *variable = configVariableNamed(field->field);
          variable && variable->in_record)
        slot = literalOf(*variable, config, slot->span);
      return;
    }
    if (isConfigBuiltin(*slot))
      slot = configRecord(config, slot->span);
  });
}

} // namespace bpfscope
