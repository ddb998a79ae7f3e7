#include "sema/config_variables.h"

#include <charconv>

namespace bpfscope {
namespace {

constexpr ConfigVariable kVariables[] = {
    {"cpp_demangle", ConfigKind::Switch, "true", true},
    {"lazy_symbolication", ConfigKind::Switch, "false", true},
    {"print_maps_on_exit", ConfigKind::Switch, "true", true},
    {"use_blazesym", ConfigKind::Switch, "false", true},
    {"show_debug_info", ConfigKind::Switch, "false", true},
    {"log_size", ConfigKind::Count, "1000000", true},
    {"max_bpf_progs", ConfigKind::Count, "1024", true},
    {"max_cat_bytes", ConfigKind::Count, "10240", true},
    {"max_map_keys", ConfigKind::Count, "4096", true},
    {"max_probes", ConfigKind::Count, "1024", true},
    {"max_strlen", ConfigKind::Count, "1024", true},
    {"on_stack_limit", ConfigKind::Count, "32", true},
    {"perf_rb_pages", ConfigKind::Count, "0", true},
    {"str_trunc_trailer", ConfigKind::Text, "..", true},
    {"unstable_import_statement", ConfigKind::Unstable, "error", true},
    {"unstable_tseries", ConfigKind::Unstable, "warn", true},
    {"unstable_typeinfo", ConfigKind::Unstable, "error", true},
    {"unstable_dw_ustack", ConfigKind::Unstable, "error", true},
    {"missing_probes", ConfigKind::Text, "error", true},
    {"stack_mode", ConfigKind::Text, "bpftrace", true},
    {"license", ConfigKind::Text, "GPL", true},
    // Accepted in a config block, but not members of the newest record.
    {"cache_user_symbols", ConfigKind::Text, "PER_PROGRAM", false},
    {"unstable_map_decl", ConfigKind::Unstable, "warn", false},
    {"unstable_addr", ConfigKind::Unstable, "warn", false},
};

} // namespace

std::span<const ConfigVariable> configVariables() {
  return kVariables;
}

const ConfigVariable *configVariableNamed(std::string_view name) {
  for (const ConfigVariable &variable : kVariables)
    if (variable.name == name)
      return &variable;
  return nullptr;
}

uint32_t defaultCount(std::string_view name) {
  const ConfigVariable *variable = configVariableNamed(name);
  uint32_t value = 0;
  if (variable && variable->kind == ConfigKind::Count)
    std::from_chars(variable->fallback.data(),
                    variable->fallback.data() + variable->fallback.size(), value);
  return value;
}

} // namespace bpfscope
