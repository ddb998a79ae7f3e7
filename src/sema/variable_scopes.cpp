#include "sema/variable_scopes.h"

namespace bpfscope {

void VariableScopes::reset() {
  declarations_.clear();
  blocks_.assign(1, {});
}

void VariableScopes::enter() {
  blocks_.emplace_back();
}

void VariableScopes::leave() {
  blocks_.pop_back();
}

int VariableScopes::find(const std::string &name) const {
  for (auto block = blocks_.rbegin(); block != blocks_.rend(); ++block)
    if (auto it = block->find(name); it != block->end())
      return it->second;
  return -1;
}

int VariableScopes::declare(const std::string &name, Span span, const Type &type,
                            bool declared_type) {
  int slot = static_cast<int>(declarations_.size());
  declarations_.push_back({name, span, type, declared_type, false, false, {}});
  blocks_.back()[name] = slot;
  return slot;
}

void VariableScopes::use(ast::Variable &var, int slot) {
  var.slot = slot;
  at(slot).uses.push_back(&var);
}

std::vector<std::string> VariableScopes::visibleNames() const {
  std::vector<std::string> names;
  for (const auto &block : blocks_)
    for (const auto &[name, slot] : block)
      names.push_back(name);
  return names;
}

void VariableScopes::resolveUses() {
  for (Declaration &decl : declarations_) {
    // `let $x;` never assigned: an integer 0.
    if (decl.type.kind == TypeKind::None)
      decl.type = Type::integer(8, true);
    for (ast::Variable *var : decl.uses)
      var->type = decl.type;
  }
}

} // namespace bpfscope
