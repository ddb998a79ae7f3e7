#include "sema/shared_programs.h"

#include "providers/provider.h"
#include "sema/probe_builtins.h"

#include <map>
#include <sstream>

namespace bpfscope {
namespace {

void describeOperand(const RegisterOperand &op, std::ostream &out) {
  out << " op" << static_cast<int>(op.kind) << "," << op.value << "," << op.base.value_or(~0u)
      << "," << op.shift << "," << op.index.value_or(~0u) << "," << op.scale;
}

// Where and how the code reads one context value.
void describeField(const std::optional<ArgField> &field, std::ostream &out) {
  if (!field) {
    out << " none";
    return;
  }
  out << " @" << field->offset << (field->data_loc ? " data_loc " : " ") << field->type.name();
  if (field->operand)
    describeOperand(*field->operand, out);
}

// Targets with equal keys get the same code.
std::string codeKey(const Provider &provider, const ProbeTarget &target, const ContextUses &uses) {
  std::ostringstream key;
  key << target.provider << " " << provider.sharedSectionName(target);
  auto layout = uses.args_fields.empty() ? std::nullopt : provider.args(target);
  for (const auto &name : uses.args_fields) {
    key << "\nargs." << name;
    describeField(layout && layout->find(name) ? std::optional(*layout->find(name)) : std::nullopt,
                  key);
  }
  for (const auto &slot : uses.slots) {
    key << "\n" << slot;
    describeField(slot == "retval" ? provider.returnValue(target)
                                   : provider.positionalArg(target, *positionalArgIndex(slot)),
                  key);
  }
  return key.str();
}

} // namespace

std::vector<std::vector<ProbeTarget>> groupSharedTargets(const std::vector<ProbeTarget> &targets,
                                                         const ContextUses &uses) {
  std::vector<std::vector<ProbeTarget>> groups;
  std::map<std::string, size_t> group_of_key;
  for (const auto &target : targets) {
    const Provider *provider = findProvider(target.provider);
    if (!provider || !provider->sharesPrograms(target) || uses.probe_in_map_loop) {
      groups.push_back({target});
      continue;
    }
    auto [at, added] = group_of_key.emplace(codeKey(*provider, target, uses), groups.size());
    if (added)
      groups.emplace_back();
    groups[at->second].push_back(target);
  }
  return groups;
}

} // namespace bpfscope
