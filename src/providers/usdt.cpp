// usdt:BINARY:[PROVIDER:]NAME (U:): the statically defined probes a binary or
// shared library declares in its .note.stapsdt section (sys/sdt.h). PROVIDER
// and NAME may hold wildcards; without PROVIDER (or with an empty one:
// usdt:BINARY::NAME) every provider matches. Each probe site is a uprobe at
// the site's file offset, with the probe's semaphore (if any) incremented by
// the kernel while it is attached. `argN`
// is computed from the registers as the site's argument spec says, typed by
// the spec's size and sign. BINARY may be a path pattern (every file it
// matches) or `*`: every file a running process maps; under -p PID, `*` or
// empty: every file that process maps.
// Targets are {PATH, PROVIDER, NAME, FILE_OFFSET}.
#include "providers/binary_path.h"
#include "providers/elf_image.h"
#include "providers/process_maps.h"
#include "providers/providers.h"
#include "providers/pt_regs.h"
#include "providers/usdt_arguments.h"
#include "providers/usdt_notes.h"
#include "providers/user_attach.h"

#include <fnmatch.h>

#include <algorithm>
#include <map>

namespace bpfscope {
namespace {

// What the attach point asks for, after the binary.
struct UsdtPattern {
  std::string provider = "*";
  std::string name;
};

bool matches(const UsdtPattern &pattern, const UsdtProbe &probe) {
  return fnmatch(pattern.provider.c_str(), probe.provider.c_str(), 0) == 0 &&
         fnmatch(pattern.name.c_str(), probe.name.c_str(), 0) == 0;
}

std::optional<UsdtPattern> patternOf(const std::vector<std::string> &parts) {
  if (parts.size() == 2 && !parts[1].empty())
    return UsdtPattern{"*", parts[1]};
  // An empty provider (usdt:BINARY::NAME) matches every provider.
  if (parts.size() == 3 && !parts[2].empty())
    return UsdtPattern{parts[1].empty() ? "*" : parts[1], parts[2]};
  return std::nullopt;
}

struct LoadedBinary {
  std::string path;
  std::shared_ptr<const ElfImage> image;
};

std::optional<LoadedBinary> loadBinary(const std::string &name, std::string *error) {
  auto path = resolveBinaryPath(name, error);
  auto image = path ? ElfImage::load(*path, error) : nullptr;
  if (!image)
    return std::nullopt;
  return LoadedBinary{*path, image};
}

std::optional<uint32_t> registerOffset(const std::optional<UsdtRegister> &reg) {
  return reg ? ptRegsOffset(reg->name) : std::nullopt;
}

// A memory operand's displacement, with a symbol resolved: relative to the
// probe's own address when the base is %rip (where the task's ip is when the
// uprobe fires), else absolute.
std::optional<int64_t> displacementOf(const UsdtArgument &arg, const ElfImage &image,
                                      uint64_t probe_address) {
  if (arg.symbol.empty())
    return arg.value;
  auto symbol = image.dataSymbolAddress(arg.symbol);
  if (!symbol)
    symbol = image.findFunction(arg.symbol) ? std::optional(image.findFunction(arg.symbol)->address)
                                            : std::nullopt;
  if (!symbol)
    return std::nullopt;
  int64_t address = static_cast<int64_t>(*symbol) + arg.value;
  bool rip_relative = arg.base && arg.base->name == "rip";
  return rip_relative ? address - static_cast<int64_t>(probe_address) : address;
}

std::optional<RegisterOperand> operandOf(const UsdtArgument &arg, const ElfImage &image,
                                         uint64_t probe_address) {
  RegisterOperand op;
  op.value = arg.value;
  switch (arg.kind) {
  case UsdtArgument::Kind::Constant:
    op.kind = RegisterOperand::Kind::Constant;
    return op;
  case UsdtArgument::Kind::Register:
    op.kind = RegisterOperand::Kind::Register;
    op.base = registerOffset(arg.base);
    op.shift = arg.base->shift;
    return op.base ? std::optional(op) : std::nullopt;
  case UsdtArgument::Kind::Memory:
    break;
  }
  op.kind = RegisterOperand::Kind::Memory;
  auto displacement = displacementOf(arg, image, probe_address);
  op.base = registerOffset(arg.base);
  op.index = registerOffset(arg.index);
  op.scale = arg.scale;
  if (!displacement || op.base.has_value() != arg.base.has_value() ||
      op.index.has_value() != arg.index.has_value())
    return std::nullopt;
  op.value = *displacement;
  return op;
}

std::string cTypeOf(const UsdtArgument &arg) {
  return std::string(arg.is_signed ? "int" : "uint") + std::to_string(arg.size * 8);
}

class UsdtProvider : public Provider {
public:
  std::string_view name() const override { return "usdt"; }
  std::vector<std::string_view> aliases() const override { return {"U"}; }
  bool takesBinaryPath() const override { return true; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    auto pattern = patternOf(parts);
    if (!pattern || parts[0].empty()) {
      diags.error(ap.span, "usdt probe needs a binary and a probe name",
                  "write usdt:BINARY:PROVIDER:NAME or usdt:BINARY:NAME, e.g. "
                  "usdt:/usr/bin/python3:python:function__entry");
      return {};
    }
    if (parts[0] == "*")
      return expandInFiles(ap, mappedExecutableFilesOfEveryProcess(), *pattern,
                           "the files of the running processes", diags);
    if (isBinaryPattern(parts[0])) {
      std::vector<std::string> files = listedBinaries(parts[0]);
      if (files.empty()) {
        diags.error(ap.span, "no file matches '" + parts[0] + "'",
                    "check the path pattern, e.g. with: ls " + parts[0]);
        return {};
      }
      return expandInFiles(ap, files, *pattern, "the files matching '" + parts[0] + "'", diags);
    }
    std::string error;
    auto binary = loadBinary(parts[0], &error);
    if (!binary) {
      diags.error(ap.span, error, "give the binary's path, or a library name such as libc");
      return {};
    }
    std::vector<ProbeTarget> targets = targetsIn(*binary, *pattern);
    if (targets.empty())
      diags.error(ap.span, noMatchMessage(*binary, *pattern),
                  "list its probes with: bpfscope -l 'usdt:" + binary->path + ":*'");
    return targets;
  }

  // usdt:*:[PROVIDER:]NAME under -p: the probes of every file the process maps.
  std::vector<ProbeTarget> expandForProcess(const ast::AttachPoint &ap,
                                            const std::vector<std::string> &parts, int pid,
                                            Diagnostics &diags) const override {
    // An empty binary (usdt::PROVIDER:NAME) is the process's files too.
    auto pattern = patternOf(parts);
    if (!pattern || (parts[0] != "*" && !parts[0].empty()))
      return expand(ap, parts, diags);
    return expandInFiles(ap, mappedExecutableFiles(pid), *pattern,
                         "the files process " + std::to_string(pid) + " maps", diags);
  }

  std::optional<UserCodeSite> userCodeSite(const ProbeTarget &target) const override {
    return siteAtFileOffset(target.parts[0], std::stoull(target.parts[3]), true);
  }

  std::string sectionName(const ProbeTarget &) const override { return "uprobe"; }

  std::optional<ArgField> positionalArg(const ProbeTarget &target, unsigned n) const override {
    auto image = ElfImage::load(target.parts[0], nullptr);
    const UsdtProbe *probe = nullptr;
    std::vector<UsdtProbe> probes = image ? usdtProbes(*image) : std::vector<UsdtProbe>{};
    for (const auto &p : probes)
      if (sameSite(*image, p, target))
        probe = &p;
    auto args = probe ? parseUsdtArguments(probe->arguments, nullptr) : std::nullopt;
    if (!args || n >= args->size())
      return std::nullopt;
    const UsdtArgument &arg = (*args)[n];
    auto operand = operandOf(arg, *image, probe->address);
    if (!operand)
      return std::nullopt;
    return ArgField{"arg" + std::to_string(n),
                    cTypeOf(arg),
                    Type::integer(arg.size, arg.is_signed),
                    0,
                    false,
                    operand};
  }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    return attachToProcess(prog, target, -1);
  }

  AttachOutcome attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                int pid) const override {
    auto image = ElfImage::load(target.parts[0], nullptr);
    UserProbeSite site{target.parts[0], std::stoull(target.parts[3]), 0};
    for (const auto &probe : image ? usdtProbes(*image) : std::vector<UsdtProbe>{})
      if (probe.semaphore && sameSite(*image, probe, target))
        site.semaphore_offset = image->fileOffsetOf(probe.semaphore).value_or(0);
    return attachUserProbe(prog, site, false, pid);
  }

  bool filtersByPid() const override { return false; }

  void list(std::string_view glob, std::ostream &out) const override {
    forEachListed(glob, [&](const std::string &line, const UsdtProbe &) { out << line << "\n"; });
  }

  void listWithArgs(std::string_view glob, std::ostream &out) const override {
    forEachListed(glob, [&](const std::string &line, const UsdtProbe &probe) {
      out << line << "\n";
      auto args = parseUsdtArguments(probe.arguments, nullptr);
      for (size_t i = 0; args && i < args->size(); ++i)
        out << "    " << cTypeOf((*args)[i]) << " arg" << i << "\n";
    });
  }

private:
  static ProbeTarget targetOf(const std::string &path, const UsdtProbe &probe, uint64_t offset) {
    return ProbeTarget{"usdt",
                       {path, probe.provider, probe.name, std::to_string(offset)},
                       "usdt:" + path + ":" + probe.provider + ":" + probe.name};
  }

  // The probes matching `pattern` in each of `files` that is an ELF file;
  // none is an error naming `where` the files came from.
  static std::vector<ProbeTarget> expandInFiles(const ast::AttachPoint &ap,
                                                const std::vector<std::string> &files,
                                                const UsdtPattern &pattern,
                                                const std::string &where, Diagnostics &diags) {
    std::vector<ProbeTarget> targets;
    for (const std::string &path : files) {
      // Most mapped files have no probes: their symbols are not worth reading.
      if (!ElfImage::hasSection(path, kUsdtNoteSection))
        continue;
      auto binary = loadBinary(path, nullptr);
      for (auto &t : binary ? targetsIn(*binary, pattern) : std::vector<ProbeTarget>{})
        targets.push_back(std::move(t));
    }
    if (targets.empty())
      diags.error(ap.span,
                  "no USDT probe in " + where + " matches '" + pattern.provider + ":" +
                      pattern.name + "'",
                  "name the binary: usdt:BINARY:PROVIDER:NAME");
    return targets;
  }

  static std::vector<ProbeTarget> targetsIn(const LoadedBinary &binary,
                                            const UsdtPattern &pattern) {
    std::vector<ProbeTarget> targets;
    for (const UsdtProbe &probe : usdtProbes(*binary.image))
      if (matches(pattern, probe))
        if (auto offset = binary.image->fileOffsetOf(probe.address))
          targets.push_back(targetOf(binary.path, probe, *offset));
    return targets;
  }

  static bool sameSite(const ElfImage &image, const UsdtProbe &probe, const ProbeTarget &target) {
    return probe.provider == target.parts[1] && probe.name == target.parts[2] &&
           image.fileOffsetOf(probe.address) == std::stoull(target.parts[3]);
  }

  static std::string noMatchMessage(const LoadedBinary &binary, const UsdtPattern &pattern) {
    if (usdtProbes(*binary.image).empty())
      return binary.path + " has no USDT probes (no .note.stapsdt section)";
    return "no USDT probe of " + binary.path + " matches '" + pattern.provider + ":" +
           pattern.name + "'";
  }

  // "usdt:BINARY:PROVIDER:NAME" once per probe (not per site) matching the
  // glob's provider and name, sorted like bpftrace; a glob without a binary
  // lists nothing.
  template <typename Print> void forEachListed(std::string_view glob, Print print) const {
    std::string text(glob);
    std::vector<std::string> parts;
    for (size_t start = 0, colon; start <= text.size(); start = colon + 1) {
      colon = std::min(text.find(':', start), text.size());
      parts.push_back(text.substr(start, colon - start));
    }
    parts.erase(parts.begin()); // the provider name
    if (parts.size() == 2 && parts[1] == "*")
      parts.push_back("*"); // usdt:BINARY:* lists every provider's probes
    auto pattern = patternOf(parts);
    if (!pattern)
      return;
    std::map<std::string, UsdtProbe> listed;
    for (const auto &name : listedBinaries(parts[0])) {
      auto binary = loadBinary(name, nullptr);
      if (!binary)
        continue;
      for (const UsdtProbe &probe : usdtProbes(*binary->image))
        if (matches(*pattern, probe))
          listed.emplace("usdt:" + binary->path + ":" + probe.provider + ":" + probe.name, probe);
    }
    for (const auto &[line, probe] : listed)
      print(line, probe);
  }
};

} // namespace

const Provider &usdtProvider() {
  static const UsdtProvider provider;
  return provider;
}

} // namespace bpfscope
