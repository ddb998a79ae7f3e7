#include "sema/script_config.h"

#include "parser/suggest.h"
#include "sema/bool_words.h"
#include "sema/config_variables.h"
#include "sema/stack_types.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>

namespace bpfscope {
namespace {

const std::vector<std::string> &knownNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> all;
    for (const ConfigVariable &variable : configVariables())
      all.emplace_back(variable.name);
    return all;
  }();
  return names;
}

// Names bpftrace 0.17 used, and what they are called now.
std::optional<std::string> renamedTo(const std::string &name) {
  if (name == "strlen")
    return "max_strlen";
  if (name == "map_keys_max")
    return "max_map_keys";
  if (name == "cat_bytes_max")
    return "max_cat_bytes";
  return std::nullopt;
}

// BPFTRACE_MAX_STRLEN, MAX_STRLEN and max_strlen all name max_strlen.
std::string canonicalName(std::string name) {
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (name.rfind("bpftrace_", 0) == 0)
    name.erase(0, 9);
  return name;
}

bool isSwitch(const std::string &name) {
  const ConfigVariable *variable = configVariableNamed(name);
  return variable && variable->kind == ConfigKind::Switch;
}

std::optional<uint32_t> parseCount(const std::string &text, uint32_t max) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value == 0 || value > max)
    return std::nullopt;
  return static_cast<uint32_t>(value);
}

// The licences the kernel takes as GPL-compatible (license_is_gpl_compatible),
// the only ones the newest bpftrace accepts: GPL-only helpers need them.
const std::vector<std::string> &gplCompatibleLicenses() {
  static const std::vector<std::string> names = {
      "GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"};
  return names;
}

bool isGplCompatible(const std::string &license) {
  const auto &names = gplCompatibleLicenses();
  return std::find(names.begin(), names.end(), license) != names.end();
}

// The newest bpftrace's words for a licence it refuses.
std::string licenseProblem(const std::string &license) {
  std::string valid;
  for (const std::string &name : gplCompatibleLicenses())
    valid += (valid.empty() ? "" : ", ") + name;
  return "Invalid value for license. Found: " + license + ". Valid values: " + valid +
         ". Read more about BPF programs and licensing: "
         "https://docs.kernel.org/bpf/bpf_licensing.html#using-bpf-programs-in-the-linux-kernel";
}

class Resolver {
public:
  explicit Resolver(Diagnostics &diags) : diags_(diags) {}

  void blockEntry(const ast::ConfigEntry &entry) {
    std::string name = canonicalName(entry.key);
    if (auto renamed = renamedTo(name)) {
      diags_.error(entry.span, "config variable '" + entry.key + "' was renamed",
                   "write " + *renamed + " = " + entry.value);
      return;
    }
    if (!configVariableNamed(name)) {
      diags_.error(entry.span, "unknown config variable '" + entry.key + "'",
                   didYouMean(name, knownNames()));
      return;
    }
    if (std::string problem = apply(name, entry.value); !problem.empty())
      diags_.error(entry.value_span, problem);
  }

  void environmentEntry(const std::string &name, const std::string &value) {
    if (std::string problem = apply(name, value); !problem.empty())
      diags_.error("environment variable BPFTRACE_" + upper(name) + ": " + problem);
  }

  ScriptConfig take() { return std::move(config_); }

private:
  // Returns what is wrong with the value, or "".
  std::string apply(const std::string &name, const std::string &value) {
    if (name == "max_strlen") {
      auto n = parseCount(value, 65535);
      if (!n)
        return "max_strlen must be an integer between 1 and 65535, not '" + value + "'";
      config_.max_strlen = *n;
    } else if (name == "max_map_keys") {
      auto n = parseCount(value, UINT32_MAX);
      if (!n)
        return "max_map_keys must be a positive integer, not '" + value + "'";
      config_.max_map_keys = *n;
    } else if (name == "max_cat_bytes" && !parseCount(value, UINT32_MAX)) {
      return "max_cat_bytes must be a positive integer, not '" + value + "'";
    } else if (name == "stack_mode" && !stackModeNamed(value)) {
      return "stack_mode must be bpftrace, perf, raw or build_id, not '" + value + "'";
    } else if (name == "license" && !isGplCompatible(value)) {
      return licenseProblem(value);
    } else if (name == "missing_probes" && value != "error" && value != "warn" &&
               value != "ignore") {
      return "missing_probes must be error, warn or ignore, not '" + value + "'";
    } else if (isSwitch(name)) {
      std::optional<bool> on = parseBoolWord(value);
      if (!on)
        return name + " must be true or false, not '" + value + "'";
      config_.all[name] = *on ? "true" : "false";
      return {};
    }
    config_.all[name] = value;
    return {};
  }

  static std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
  }

  Diagnostics &diags_;
  ScriptConfig config_;
};

} // namespace

bool switchedOff(const ConfigValues &config, const std::string &name) {
  auto it = config.find(name);
  return it != config.end() && it->second == "false";
}

uint32_t configCount(const ConfigValues &config, const std::string &name) {
  auto it = config.find(name);
  if (it == config.end())
    return defaultCount(name);
  return parseCount(it->second, UINT32_MAX).value_or(defaultCount(name));
}

ConfigValues configFromEnvironment() {
  ConfigValues values;
  for (const std::string &name : knownNames()) {
    std::string variable = "BPFTRACE_";
    for (char c : name)
      variable += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (const char *value = std::getenv(variable.c_str()))
      values[name] = value;
  }
  return values;
}

ScriptConfig resolveConfig(const std::vector<ast::ConfigEntry> &block,
                           const ConfigValues &environment, Diagnostics &diags) {
  Resolver resolver(diags);
  for (const ast::ConfigEntry &entry : block)
    resolver.blockEntry(entry);
  for (const auto &[name, value] : environment)
    resolver.environmentEntry(name, value);
  return resolver.take();
}

} // namespace bpfscope
