#include "sema/config_builtin.h"

#include "parser/ast_walk.h"

#include <charconv>
#include <cstdint>
#include <string_view>

namespace bpfscope {
namespace {

enum class Kind { Switch, Count, Text, Unstable };

struct ConfigVariable {
  std::string_view name;
  Kind kind;
  std::string_view fallback; // the newest bpftrace's default
};

// The members of the newest bpftrace's config record, in its order.
constexpr ConfigVariable kVariables[] = {
    {"cpp_demangle", Kind::Switch, "true"},
    {"lazy_symbolication", Kind::Switch, "false"},
    {"print_maps_on_exit", Kind::Switch, "true"},
    {"use_blazesym", Kind::Switch, "false"},
    {"show_debug_info", Kind::Switch, "false"},
    {"log_size", Kind::Count, "1000000"},
    {"max_bpf_progs", Kind::Count, "1024"},
    {"max_cat_bytes", Kind::Count, "10240"},
    {"max_map_keys", Kind::Count, "4096"},
    {"max_probes", Kind::Count, "1024"},
    {"max_strlen", Kind::Count, "1024"},
    {"on_stack_limit", Kind::Count, "32"},
    {"perf_rb_pages", Kind::Count, "0"},
    {"str_trunc_trailer", Kind::Text, ".."},
    {"unstable_import_statement", Kind::Unstable, "error"},
    {"unstable_tseries", Kind::Unstable, "warn"},
    {"unstable_typeinfo", Kind::Unstable, "error"},
    {"unstable_dw_ustack", Kind::Unstable, "error"},
    {"missing_probes", Kind::Text, "error"},
    {"stack_mode", Kind::Text, "bpftrace"},
    {"license", Kind::Text, "GPL"},
};

// An unstable_* variable's value as the newest bpftrace names it.
std::string unstableSetting(const std::string &text) {
  if (text == "enable" || text == "true" || text == "1")
    return "enable";
  if (text == "error" || text == "false" || text == "0")
    return "error";
  return text;
}

uint64_t countOf(const std::string &text, std::string_view fallback) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc() && end == text.data() + text.size())
    return value;
  return countOf(std::string(fallback), "0");
}

ast::ExprPtr literalOf(const ConfigVariable &variable, const ConfigValues &config, Span at) {
  auto set = config.find(std::string(variable.name));
  std::string text = set != config.end() ? set->second : std::string(variable.fallback);
  switch (variable.kind) {
  case Kind::Switch:
    return std::make_unique<ast::BoolLiteral>(at, text == "true");
  case Kind::Count:
    return std::make_unique<ast::IntegerLiteral>(at, countOf(text, variable.fallback));
  case Kind::Unstable:
    return std::make_unique<ast::StringLiteral>(at, unstableSetting(text));
  case Kind::Text:
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

const ConfigVariable *variableNamed(std::string_view name) {
  for (const ConfigVariable &variable : kVariables)
    if (variable.name == name)
      return &variable;
  return nullptr;
}

ast::ExprPtr configRecord(const ConfigValues &config, Span at) {
  auto record = std::make_unique<ast::TupleLiteral>(at);
  for (const ConfigVariable &variable : kVariables) {
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
      if (const ConfigVariable *variable = variableNamed(field->field))
        slot = literalOf(*variable, config, slot->span);
      return;
    }
    if (isConfigBuiltin(*slot))
      slot = configRecord(config, slot->span);
  });
}

} // namespace bpfscope
