#include "sema/variable_scopes.h"

namespace bpfscope {

void VariableScopes::reset(size_t probe) {
  probe_ = probe;
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
  size_t slot = declarations_.size();
  const std::vector<Declaration> &before = settled_[probe_];
  bool known = slot < before.size() && before[slot].name == name;
  Type settled = known ? before[slot].type : Type();
  bool flexible = known && before[slot].sign_flexible;
  declarations_.push_back({name, span, type, declared_type, false, settled, {}, false, flexible});
  blocks_.back()[name] = static_cast<int>(slot);
  return static_cast<int>(slot);
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
  settled_[probe_] = declarations_;
}

} // namespace bpfscope
