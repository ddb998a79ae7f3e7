// uprobe:BINARY:FUNC[+OFFSET] / uprobe:BINARY:0xADDRESS (u:) and
// uretprobe:BINARY:FUNC (ur:): dynamic probes in user code. BINARY is a path,
// a library name (`libc`) or a program on $PATH; FUNC may hold wildcards.
// uprobe:BINARY:cpp:NAME (or c++:) matches C++ functions by their demangled
// names (cpp_symbols.h), e.g. uprobe:BIN:cpp:"ns::f(int)" or cpp:ns::f.
// BINARY may be a path pattern (uprobe:./bin/app*:main): FUNC in every file it
// matches. Under -p PID, uprobe:*:FUNC probes FUNC in every file the process maps. The
// program is a kprobe-type program on the uprobe PMU; its context is the
// task's pt_regs, so `argN` and `retval` are registers as for kprobes.
// Targets are {PATH, SPEC, FILE_OFFSET}: SPEC as the user wrote it after the
// path (FUNC, FUNC+OFFSET or 0xADDRESS), FILE_OFFSET where the uprobe goes.
#include "parser/suggest.h"
#include "providers/binary_path.h"
#include "providers/cpp_symbols.h"
#include "providers/dwarf_args.h"
#include "providers/elf_image.h"
#include "providers/process_maps.h"
#include "providers/providers.h"
#include "providers/pt_regs.h"
#include "providers/user_attach.h"

#include <bpf/libbpf.h>
#include <fnmatch.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <iostream>

namespace bpfscope {
namespace {

bool hasGlob(const std::string &s) {
  return s.find_first_of("*?[") != std::string::npos;
}

// Decimal or 0x-hex, the whole text.
std::optional<uint64_t> parseNumber(std::string_view text) {
  int base = 10;
  if (text.starts_with("0x") || text.starts_with("0X")) {
    text.remove_prefix(2);
    base = 16;
  }
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    return std::nullopt;
  return value;
}

// What the part after the binary asks for.
struct FunctionSpec {
  std::string function;            // empty for an address
  uint64_t offset = 0;             // FUNC+OFFSET
  std::optional<uint64_t> address; // 0xADDRESS
};

std::optional<FunctionSpec> parseSpec(const std::string &text) {
  FunctionSpec spec;
  if (text.starts_with("0x")) {
    spec.address = parseNumber(text);
    return spec.address ? std::optional(spec) : std::nullopt;
  }
  size_t plus = text.find('+');
  spec.function = text.substr(0, plus);
  if (spec.function.empty())
    return std::nullopt;
  if (plus != std::string::npos) {
    auto offset = parseNumber(std::string_view(text).substr(plus + 1));
    if (!offset)
      return std::nullopt;
    spec.offset = *offset;
  }
  return spec;
}

std::string unquoted(const std::string &text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    return text.substr(1, text.size() - 2);
  return text;
}

class UprobeProvider : public Provider {
public:
  explicit UprobeProvider(bool retprobe) : retprobe_(retprobe) {}

  std::string_view name() const override { return retprobe_ ? "uretprobe" : "uprobe"; }
  std::vector<std::string_view> aliases() const override { return {retprobe_ ? "ur" : "u"}; }
  bool takesBinaryPath() const override { return true; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    std::string kind(name());
    // An unquoted C++ name's "::" splits it into parts: join them again.
    if (parts.size() >= 3 && isCppLanguagePart(parts[1]) && !parts[0].empty())
      return expandCpp(ap, parts[0],
                       joinParts(std::vector<std::string>(parts.begin() + 2, parts.end())), diags);
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      diags.error(ap.span, kind + " probe needs a binary and a function",
                  "write " + kind + ":BINARY:FUNCTION, e.g. " + kind + ":/bin/bash:readline or " +
                      kind + ":libc:malloc");
      return {};
    }
    auto spec = parseSpec(parts[1]);
    if (!spec) {
      diags.error(ap.span, "invalid function '" + parts[1] + "'",
                  "write FUNCTION, FUNCTION+OFFSET or 0xADDRESS");
      return {};
    }
    if (retprobe_ && (spec->offset || spec->address)) {
      diags.error(ap.span, "a uretprobe fires when a function returns: it takes no offset",
                  "name the function alone, e.g. uretprobe:BINARY:FUNCTION");
      return {};
    }
    if (parts[0] == "*") {
      diags.error(ap.span, kStarBinaryNeedsPid, "add -p PID, or name the binary");
      return {};
    }
    if (isBinaryPattern(parts[0]))
      return expandInMatchingFiles(ap, parts[0], *spec, diags);
    std::string error;
    auto path = resolveBinaryPath(parts[0], &error);
    auto image = path ? ElfImage::load(*path, &error) : nullptr;
    if (!image) {
      diags.error(ap.span, error, "give the binary's path, or a library name such as libc");
      return {};
    }
    if (spec->address)
      return expandAddress(ap, *path, *image, parts[1], *spec->address, diags);
    if (hasGlob(spec->function))
      return expandGlob(ap, *path, *image, spec->function, diags);
    return expandFunction(ap, *path, *image, parts[1], *spec, diags);
  }

  // uprobe:*:FUNC under -p: FUNC (a name or a glob) in every file the process maps.
  std::vector<ProbeTarget> expandForProcess(const ast::AttachPoint &ap,
                                            const std::vector<std::string> &parts, int pid,
                                            Diagnostics &diags) const override {
    if (parts.size() != 2 || parts[0] != "*" || parts[1].empty())
      return expand(ap, parts, diags);
    std::vector<ProbeTarget> targets = functionsInFiles(mappedExecutableFiles(pid), parts[1]);
    if (targets.empty())
      diags.error(ap.span,
                  "no function in the files process " + std::to_string(pid) + " maps matches '" +
                      parts[1] + "'",
                  "name the binary: " + std::string(name()) + ":BINARY:FUNCTION");
    return targets;
  }

  std::string sectionName(const ProbeTarget &) const override {
    return retprobe_ ? "uretprobe" : "uprobe";
  }

  std::optional<ArgField> positionalArg(const ProbeTarget &, unsigned n) const override {
    if (retprobe_)
      return std::nullopt;
    return ptRegsArg(n);
  }

  // At a function's entry its arguments are still in their registers, and
  // the binary's DWARF names and types them.
  std::optional<ArgsLayout> args(const ProbeTarget &target) const override {
    const std::vector<DwarfParameter> *params = entryParameters(target);
    if (!params)
      return std::nullopt;
    ArgsLayout layout;
    for (const DwarfParameter &p : *params) {
      if (p.name.empty())
        continue;
      ArgField field;
      field.name = p.name;
      field.c_type = p.c_type;
      field.type = p.type;
      if (p.register_index)
        field.offset = ptRegsArg(*p.register_index)->offset;
      field.unreadable = p.unreadable;
      layout.fields.push_back(std::move(field));
    }
    return layout;
  }

  std::optional<ProbeRefusal> whyNoArgs(const ProbeTarget &target) const override {
    const std::string &path = target.parts[0];
    std::string positional = "read the arguments as arg0, arg1, ...";
    if (retprobe_)
      return ProbeRefusal{"a uretprobe has no args: when the function returns, the argument "
                          "registers hold other values",
                          "read retval, or args in a uprobe on the same function"};
    auto spec = parseSpec(target.parts[1]);
    if (!spec || spec->address || spec->offset)
      return ProbeRefusal{"args are known only at a function's entry, not at an address or "
                          "offset in it",
                          "probe the function by name, or " + positional};
    if (!DwarfInfo::load(path))
      return ProbeRefusal{path + " has no debug info (DWARF), which names its functions' "
                                 "arguments",
                          "build it with -g, or " + positional};
    return ProbeRefusal{"the debug info of " + path + " does not describe " + spec->function,
                        positional};
  }

  std::optional<ArgField> returnValue(const ProbeTarget &) const override {
    if (!retprobe_)
      return std::nullopt;
    return ptRegsReturnValue();
  }

  std::optional<std::string> functionName(const ProbeTarget &target) const override {
    auto spec = parseSpec(target.parts[1]);
    if (spec && !spec->address)
      return spec->function;
    auto image = ElfImage::load(target.parts[0], nullptr);
    const ElfFunction *f = image && spec ? image->functionAt(*spec->address) : nullptr;
    return f ? f->name : target.parts[1];
  }

  std::optional<UserCodeSite> userCodeSite(const ProbeTarget &target) const override {
    return siteAtFileOffset(target.parts[0], std::stoull(target.parts[2]), !retprobe_);
  }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    return attachToProcess(prog, target, -1);
  }

  AttachOutcome attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                int pid) const override {
    UserProbeSite site{target.parts[0], std::stoull(target.parts[2]), 0};
    return attachUserProbe(prog, site, retprobe_, pid);
  }

  bool filtersByPid() const override { return false; }

  bool sharesPrograms(const ProbeTarget &) const override { return true; }

  AttachOutcome attachShared(bpf_program *prog, const std::vector<ProbeTarget> &targets,
                             uint64_t first_cookie, int pid) const override {
    return attachEach(targets, first_cookie, [&](const ProbeTarget &target, uint64_t cookie) {
      UserProbeSite site{target.parts[0], std::stoull(target.parts[2]), 0, cookie};
      return attachUserProbe(prog, site, retprobe_, pid);
    });
  }

  void list(std::string_view glob, std::ostream &out) const override {
    listFunctions(glob, out, false);
  }

  // A uretprobe has no args, so bpftrace lists no parameters for it.
  void listWithArgs(std::string_view glob, std::ostream &out) const override {
    listFunctions(glob, out, !retprobe_);
  }

private:
  // The DWARF parameters of the function a target probes at its entry;
  // null when it probes elsewhere or the binary's debug info lacks them.
  const std::vector<DwarfParameter> *entryParameters(const ProbeTarget &target) const {
    auto spec = parseSpec(target.parts[1]);
    if (retprobe_ || !spec || spec->address || spec->offset)
      return nullptr;
    auto info = DwarfInfo::load(target.parts[0]);
    return info ? info->parameters(spec->function) : nullptr;
  }

  // -lv: each parameter as "    TYPE NAME", as bpftrace lists them.
  static void listParameters(const DwarfInfo &info, const std::string &function,
                             std::ostream &out) {
    const std::vector<DwarfParameter> *params = info.parameters(function);
    for (const DwarfParameter &p : params ? *params : std::vector<DwarfParameter>{})
      out << "    " << p.c_type << (p.name.empty() ? "" : " " + p.name) << "\n";
  }

  // The debug info to list a binary's parameters from; a warning when it has none.
  static std::shared_ptr<const DwarfInfo> listingDwarf(const std::string &path) {
    auto info = DwarfInfo::load(path);
    if (!info)
      std::cerr << "WARNING: No DWARF found for \"" << path << "\", cannot show parameter info\n";
    return info;
  }

  void listFunctions(std::string_view glob, std::ostream &out, bool with_args) const {
    std::string pattern(glob);
    // "uprobe:BINARY:FUNC_GLOB"; without a binary there is nothing to list.
    size_t first = pattern.find(':');
    if (size_t cpp = cppPartAt(pattern); cpp != std::string::npos)
      return listCpp(pattern.substr(first + 1, cpp - first - 1),
                     unquoted(pattern.substr(pattern.find(':', cpp + 1) + 1)), out);
    size_t last = pattern.rfind(':');
    if (first == std::string::npos || first == last)
      return;
    std::string function_glob = pattern.substr(last + 1);
    for (const auto &binary : listedBinaries(pattern.substr(first + 1, last - first - 1))) {
      auto path = resolveBinaryPath(binary, nullptr);
      auto image = path ? ElfImage::load(*path, nullptr) : nullptr;
      if (!image)
        continue;
      auto info = with_args ? listingDwarf(*path) : nullptr;
      for (const auto &function : image->functionNames()) {
        if (fnmatch(function_glob.c_str(), function.c_str(), 0) != 0)
          continue;
        out << name() << ":" << *path << ":" << function << "\n";
        if (info)
          listParameters(*info, function, out);
      }
    }
  }

  // Where ":cpp:" or ":c++:" starts in a listing glob, or npos.
  static size_t cppPartAt(const std::string &pattern) {
    size_t at = pattern.find(":cpp:");
    return at != std::string::npos ? at : pattern.find(":c++:");
  }

  // "uprobe:PATH:cpp:"DEMANGLED"" for each C++ function matching: quoted, so
  // each line can be pasted back as an attach point.
  void listCpp(const std::string &binary, const std::string &name_glob, std::ostream &out) const {
    std::string error;
    auto path = resolveBinaryPath(binary, &error);
    auto image = path ? ElfImage::load(*path, &error) : nullptr;
    if (!image)
      return;
    for (const auto &function : image->functionNames()) {
      std::string demangled = demangleSymbol(function);
      if (cppNameMatches(name_glob, demangled))
        out << name() << ":" << *path << ":cpp:\"" << demangled << "\"\n";
    }
  }

  std::vector<ProbeTarget> expandCpp(const ast::AttachPoint &ap, const std::string &binary,
                                     const std::string &pattern, Diagnostics &diags) const {
    std::string error;
    auto path = resolveBinaryPath(binary, &error);
    auto image = path ? ElfImage::load(*path, &error) : nullptr;
    if (!image) {
      diags.error(ap.span, error, "give the binary's path, or a library name such as libc");
      return {};
    }
    std::vector<ProbeTarget> targets;
    for (const auto &function : image->functionNames()) {
      if (!cppNameMatches(pattern, demangleSymbol(function)))
        continue;
      if (auto offset = image->fileOffsetOf(image->findFunction(function)->address))
        targets.push_back(target(*path, function, *offset));
    }
    if (targets.empty())
      diags.error(ap.span, "no C++ function of " + *path + " matches '" + pattern + "'",
                  "list them with: bpfscope -l '" + std::string(name()) + ":" + *path + ":cpp:*'");
    return targets;
  }

  ProbeTarget target(const std::string &path, const std::string &spec, uint64_t file_offset) const {
    std::string kind(name());
    return ProbeTarget{
        kind, {path, spec, std::to_string(file_offset)}, kind + ":" + path + ":" + spec};
  }

  std::vector<ProbeTarget> expandAddress(const ast::AttachPoint &ap, const std::string &path,
                                         const ElfImage &image, const std::string &spec,
                                         uint64_t address, Diagnostics &diags) const {
    auto offset = image.fileOffsetOf(address);
    if (!offset) {
      diags.error(ap.span, "address " + spec + " is not in a loadable segment of " + path,
                  "list its functions with: bpfscope -l '" + std::string(name()) + ":" + path +
                      ":*'");
      return {};
    }
    return {target(path, spec, *offset)};
  }

  // FUNC_GLOB's functions in one file; none is not an error here.
  std::vector<ProbeTarget> matchingFunctions(const std::string &path, const ElfImage &image,
                                             const std::string &glob) const {
    std::vector<ProbeTarget> targets;
    for (const auto &function : image.functionNames()) {
      if (fnmatch(glob.c_str(), function.c_str(), 0) != 0)
        continue;
      auto offset = image.fileOffsetOf(image.findFunction(function)->address);
      if (offset)
        targets.push_back(target(path, function, *offset));
    }
    return targets;
  }

  // FUNC_GLOB's functions in each of `files` that is an ELF file.
  std::vector<ProbeTarget> functionsInFiles(const std::vector<std::string> &files,
                                            const std::string &glob) const {
    std::vector<ProbeTarget> targets;
    for (const std::string &path : files) {
      auto image = ElfImage::load(path, nullptr);
      for (auto &t : image ? matchingFunctions(path, *image, glob) : std::vector<ProbeTarget>{})
        targets.push_back(std::move(t));
    }
    return targets;
  }

  // uprobe:PATH_PATTERN:FUNC: FUNC, a name or a glob, in every file the
  // pattern matches; an address or offset means one binary's layout.
  std::vector<ProbeTarget> expandInMatchingFiles(const ast::AttachPoint &ap,
                                                 const std::string &binary,
                                                 const FunctionSpec &spec,
                                                 Diagnostics &diags) const {
    std::string kind(name());
    if (spec.address || spec.offset) {
      diags.error(ap.span,
                  "a binary pattern takes a function name or pattern, not an address or offset",
                  "name one binary for " + kind + ":BINARY:0xADDRESS or FUNCTION+OFFSET");
      return {};
    }
    std::vector<std::string> files = listedBinaries(binary);
    if (files.empty()) {
      diags.error(ap.span, "no file matches '" + binary + "'",
                  "check the path pattern, e.g. with: ls " + binary);
      return {};
    }
    std::vector<ProbeTarget> targets = functionsInFiles(files, spec.function);
    if (targets.empty())
      diags.error(ap.span,
                  "no function in the files matching '" + binary + "' matches '" + spec.function +
                      "'",
                  "list them with: bpfscope -l '" + kind + ":" + binary + ":*'");
    return targets;
  }

  std::vector<ProbeTarget> expandGlob(const ast::AttachPoint &ap, const std::string &path,
                                      const ElfImage &image, const std::string &glob,
                                      Diagnostics &diags) const {
    std::vector<ProbeTarget> targets = matchingFunctions(path, image, glob);
    if (targets.empty())
      diags.error(ap.span, "no function of " + path + " matches '" + glob + "'",
                  "list them with: bpfscope -l '" + std::string(name()) + ":" + path + ":*'");
    return targets;
  }

  std::vector<ProbeTarget> expandFunction(const ast::AttachPoint &ap, const std::string &path,
                                          const ElfImage &image, const std::string &text,
                                          const FunctionSpec &spec, Diagnostics &diags) const {
    const ElfFunction *function = image.findFunction(spec.function);
    if (!function) {
      std::string hint = didYouMean(spec.function, image.functionNames());
      diags.error(ap.span, "no function '" + spec.function + "' in " + path,
                  hint.empty()
                      ? "list them with: bpfscope -l '" + std::string(name()) + ":" + path + ":*'"
                      : hint);
      return {};
    }
    if (function->size && spec.offset >= function->size) {
      diags.error(ap.span, "offset " + std::to_string(spec.offset) + " is beyond the end of " +
                               spec.function + " (" + std::to_string(function->size) + " bytes)");
      return {};
    }
    auto offset = image.fileOffsetOf(function->address + spec.offset);
    if (!offset) {
      diags.error(ap.span, spec.function + " in " + path + " is not in a loadable segment");
      return {};
    }
    return {target(path, text, *offset)};
  }

  bool retprobe_;
};

} // namespace

const Provider &uprobeProvider() {
  static const UprobeProvider provider(false);
  return provider;
}

const Provider &uretprobeProvider() {
  static const UprobeProvider provider(true);
  return provider;
}

} // namespace bpfscope
