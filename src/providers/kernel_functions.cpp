#include "providers/kernel_functions.h"

#include "parser/suggest.h"
#include "providers/tracefs.h"

#include <fnmatch.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bpfscope {

namespace {

bool globMatch(const std::string &pattern, const std::string &text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

// "name" or "name [module]", the shape of both files after kallsyms' address and type.
KernelFunction parseFunctionLine(std::string_view name, std::string_view rest) {
  size_t open = rest.find('[');
  size_t close = rest.find(']', open);
  if (open == std::string_view::npos || close == std::string_view::npos)
    return {"vmlinux", std::string(name)};
  return {std::string(rest.substr(open + 1, close - open - 1)), std::string(name)};
}

// Calls `each` with every line of the file at `path`, which is read in one
// go: the files of kernel functions have over 100000 lines, which cost
// several times more read one by one with getline.
void forEachLine(const std::string &path, const std::function<void(std::string_view)> &each) {
  std::ifstream in(path);
  std::ostringstream read;
  read << in.rdbuf();
  std::string all = std::move(read).str();
  for (std::string_view rest = all; !rest.empty();) {
    size_t newline = rest.find('\n');
    each(rest.substr(0, newline));
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  }
}

std::vector<KernelFunction> readAvailableFilterFunctions() {
  std::vector<KernelFunction> functions;
  auto root = tracefsRoot(nullptr);
  if (!root)
    return functions;
  forEachLine(*root + "/available_filter_functions", [&](std::string_view line) {
    size_t space = line.find(' ');
    functions.push_back(parseFunctionLine(
        line.substr(0, space), space == std::string_view::npos ? "" : line.substr(space)));
  });
  return functions;
}

std::vector<KernelFunction> readKallsymsText() {
  std::vector<KernelFunction> functions;
  functions.reserve(1 << 17); // a distribution kernel has over 100000 text symbols
  forEachLine("/proc/kallsyms", [&](std::string_view line) {
    // "ffffffff81234560 T vfs_read\t[module]"
    if (line.size() < 20 || (line[17] != 't' && line[17] != 'T'))
      return;
    std::string_view text = line.substr(19);
    // Two memchr scans: find_first_of tests every character against the set.
    size_t end = std::min(text.find('\t'), text.find(' '));
    std::string_view name = text.substr(0, end);
    if (name.find('.') != std::string_view::npos || name.substr(0, 9) == "__pfx_")
      return; // compiler clones (.cold, .isra) and padding symbols cannot be probed
    functions.push_back(
        parseFunctionLine(name, end == std::string_view::npos ? "" : text.substr(end)));
  });
  return functions;
}

std::vector<KernelFunction> fromBtf(std::vector<std::string> (KernelBtf::*names)() const) {
  std::vector<KernelFunction> all;
  for (const auto &module : KernelBtf::modules())
    if (const KernelBtf *btf = KernelBtf::forModule(module))
      for (auto &name : (btf->*names)())
        all.push_back({module, std::move(name)});
  return all;
}

} // namespace

const std::vector<KernelFunction> &kprobeFunctions() {
  static const std::vector<KernelFunction> functions = [] {
    std::vector<KernelFunction> listed = readAvailableFilterFunctions();
    return listed.empty() ? readKallsymsText() : listed;
  }();
  return functions;
}

const std::vector<KernelFunction> &btfFunctions() {
  static const std::vector<KernelFunction> functions = fromBtf(&KernelBtf::functionNames);
  return functions;
}

const std::vector<KernelFunction> &btfRawTracepoints() {
  static const std::vector<KernelFunction> tracepoints = fromBtf(&KernelBtf::rawTracepointNames);
  return tracepoints;
}

bool hasWildcard(const std::string &text) {
  return text.find_first_of("*?[") != std::string::npos;
}

bool splitModuleFunction(const std::vector<std::string> &parts, std::string &module,
                         std::string &function) {
  if (parts.size() == 1 && !parts[0].empty()) {
    module.clear();
    function = parts[0];
    return true;
  }
  if (parts.size() == 2 && !parts[0].empty() && !parts[1].empty()) {
    module = parts[0];
    function = parts[1];
    return true;
  }
  return false;
}

std::vector<KernelFunction> matchFunctions(const std::vector<KernelFunction> &all,
                                           const std::string &module, const std::string &function) {
  std::vector<KernelFunction> matched;
  bool literal = !hasWildcard(function) && !hasWildcard(module);
  for (const auto &f : all) {
    bool module_ok = module.empty() || (literal ? f.module == module : globMatch(module, f.module));
    bool name_ok = literal ? f.name == function : globMatch(function, f.name);
    if (module_ok && name_ok) {
      matched.push_back(f);
      if (literal)
        break; // the same name in two objects: the first (vmlinux) wins
    }
  }
  return matched;
}

// The names of `all`'s functions in `module` ("" = any), as views into `all`.
static std::vector<std::string_view> namesIn(const std::vector<KernelFunction> &all,
                                             std::string_view module) {
  std::vector<std::string_view> names;
  names.reserve(all.size());
  for (const auto &f : all)
    if (module.empty() || f.module == module)
      names.push_back(f.name);
  return names;
}

std::string suggestKprobeFunction(const std::string &function) {
  static const SuggestionIndex index(namesIn(kprobeFunctions(), ""));
  return index.didYouMean(function);
}

std::string suggestBtfFunction(const std::string &name, bool raw_tracepoint) {
  static const SuggestionIndex functions(namesIn(btfFunctions(), "vmlinux"));
  static const SuggestionIndex tracepoints(namesIn(btfRawTracepoints(), "vmlinux"));
  return (raw_tracepoint ? tracepoints : functions).didYouMean(name);
}

ArgsLayout tracingArgs(const KernelPrototype &proto) {
  ArgsLayout layout;
  for (size_t i = 0; i < proto.params.size(); ++i) {
    const KernelValue &p = proto.params[i];
    if (p.type.kind != TypeKind::None)
      layout.fields.push_back(ArgField{
          p.name, p.c_type, p.type, static_cast<uint32_t>(i * 8), false, {}, p.btf_object_pointer});
  }
  return layout;
}

void printPrototype(const KernelPrototype &proto, bool with_result, std::ostream &out) {
  for (const auto &p : proto.params)
    out << "    " << p.c_type << " " << p.name << "\n";
  if (with_result)
    out << "    " << (proto.result ? proto.result->c_type : "void") << " retval\n";
}

void listFunctions(const std::vector<KernelFunction> &all, const std::string &kind,
                   bool always_module, std::string_view glob, std::ostream &out,
                   const std::function<void(const KernelFunction &)> &describe) {
  std::string pattern(glob);
  bool everything = pattern.empty() || pattern == "*" || pattern == kind + ":*";
  // Tens of thousands of lines: build them in one buffer and write it once.
  std::string text;
  for (const auto &f : all) {
    std::string short_line = kind + ":" + f.name;
    std::string line =
        always_module || f.module != "vmlinux" ? kind + ":" + f.module + ":" + f.name : short_line;
    if (!everything && !globMatch(pattern, line) && !globMatch(pattern, short_line))
      continue;
    text += line;
    text += '\n';
    if (describe) {
      out << text;
      text.clear();
      describe(f);
    }
  }
  out << text;
}

} // namespace bpfscope
