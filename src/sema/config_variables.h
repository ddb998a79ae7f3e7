// The config variables of the newest bpftrace: one table that the config
// block's checks, the BPFTRACE_* environment variables, the `config` record
// and the stages reading a variable's default all share.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace bpfscope {

enum class ConfigKind {
  Switch,   // on/off (print_maps_on_exit)
  Count,    // a positive integer (max_strlen)
  Text,     // a word or a string (stack_mode, license)
  Unstable, // an unstable_* feature gate: enable, warn or error
};

struct ConfigVariable {
  std::string_view name;
  ConfigKind kind;
  std::string_view fallback; // the newest bpftrace's default, as text
  bool in_record;            // a member of the `config` builtin's record
};

// Every variable, the record's members first in the newest bpftrace's order.
std::span<const ConfigVariable> configVariables();

// The variable called `name`, or null.
const ConfigVariable *configVariableNamed(std::string_view name);

// The default of the Count variable `name` (max_strlen → 1024); 0 for a name
// that is not one.
uint32_t defaultCount(std::string_view name);

} // namespace bpfscope
