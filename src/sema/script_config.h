// Config variables: the script's `config = { … }` block and the matching
// BPFTRACE_* environment variables, which take precedence.
#pragma once

#include "parser/ast.h"
#include "parser/diagnostics.h"
#include "sema/config_variables.h"

#include <cstdint>
#include <map>
#include <string>

namespace bpfscope {

// Values by canonical name ("max_strlen"), as text.
using ConfigValues = std::map<std::string, std::string>;

struct ScriptConfig {
  uint32_t max_strlen = defaultCount("max_strlen");
  uint32_t max_map_keys = defaultCount("max_map_keys");
  ConfigValues all; // every variable set, for the stages that read the others
};

// Whether the on/off variable `name` (print_maps_on_exit, …) is set to false;
// unset ones keep their default, on.
bool switchedOff(const ConfigValues &config, const std::string &name);

// A count variable's value (max_cat_bytes), or its default when it is unset.
uint32_t configCount(const ConfigValues &config, const std::string &name);

// The config variables set in the environment (BPFTRACE_MAX_STRLEN=…).
ConfigValues configFromEnvironment();

// The effective config: defaults, then the config block, then `environment`.
// Unknown or invalid variables are reported to `diags`.
ScriptConfig resolveConfig(const std::vector<ast::ConfigEntry> &block,
                           const ConfigValues &environment, Diagnostics &diags);

} // namespace bpfscope
