// iter:NAME (alias it:) — a BPF iterator: reading it makes the kernel run the
// program once per object of one kind (every task, every open file of every
// task, …), with `ctx` pointing at the kernel's `struct bpf_iter__NAME`
// (`ctx.task`, `ctx.file`, `ctx.fd`). Any iterator whose context struct and
// `bpf_iter_NAME` function the kernel's BTF describes can be named. The
// session reads the iterator to its end after BEGIN, and the run then ends;
// its output goes through the same ring buffer as every probe's.
// iter:NAME:PIN pins the iterator to bpffs instead: each read of the pinned
// file runs the program again, and its printf output is the file's text.
#include "providers/iter.h"

#include "parser/suggest.h"
#include "providers/kernel_btf.h"
#include "providers/providers.h"
#include "sema/btf_types.h"

#include <bpf/libbpf.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fnmatch.h>

namespace bpfscope {
namespace {

constexpr std::string_view kFunctionPrefix = "bpf_iter_";
constexpr std::string_view kContextPrefix = "struct bpf_iter__";

// Iterators the kernel's BTF describes: a `bpf_iter_NAME` function (what
// libbpf resolves "iter/NAME" to) with a `struct bpf_iter__NAME` context.
// Open-coded iterator kfuncs (bpf_iter_num_new, …) have no such struct.
std::vector<std::string> iteratorNames() {
  const KernelBtf *kernel = KernelBtf::forModule("vmlinux");
  BtfTypes *types = BtfTypes::vmlinux();
  if (!kernel || !types)
    return {};
  std::vector<std::string> structs = types->structNames();
  std::sort(structs.begin(), structs.end());
  std::vector<std::string> names;
  for (const auto &function : kernel->functionNames()) {
    if (!function.starts_with(kFunctionPrefix))
      continue;
    std::string name = function.substr(kFunctionPrefix.size());
    if (std::binary_search(structs.begin(), structs.end(), std::string(kContextPrefix) + name))
      names.push_back(name);
  }
  return names;
}

std::optional<Type> contextStruct(const std::string &name) {
  BtfTypes *types = BtfTypes::vmlinux();
  return types ? types->find(std::string(kContextPrefix) + name) : std::nullopt;
}

class IterProvider : public Provider {
public:
  std::string_view name() const override { return "iter"; }
  std::vector<std::string_view> aliases() const override { return {"it"}; }
  Trigger trigger() const override { return Trigger::Iterate; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    if (parts.empty() || parts.size() > 2 || parts[0].empty()) {
      diags.error(ap.span, "iter probe needs an iterator name and an optional pin path",
                  "write iter:NAME, e.g. iter:task, or iter:NAME:PIN to pin it to bpffs");
      return {};
    }
    if (parts.size() == 2 && parts[1].empty()) {
      diags.error(ap.span, "the pin path of iter:" + parts[0] + ": is empty",
                  "write iter:" + parts[0] +
                      ":NAME to pin it at /sys/fs/bpf/NAME, or an "
                      "absolute path on bpffs");
      return {};
    }
    const std::string &name = parts[0];
    if (name.find_first_of("*?[") != std::string::npos) {
      diags.error(ap.span, "iter probes take one iterator, not a wildcard",
                  "list them with: bpfscope -l 'iter:*'");
      return {};
    }
    std::vector<std::string> names = iteratorNames();
    if (!std::binary_search(names.begin(), names.end(), name)) {
      std::string hint = didYouMean(name, names);
      diags.error(ap.span, "unknown iterator '" + name + "'",
                  hint.empty() ? "list them with: bpfscope -l 'iter:*'" : hint);
      return {};
    }
    return {ProbeTarget{"iter", parts, "iter:" + joinParts(parts)}};
  }

  std::string sectionName(const ProbeTarget &target) const override {
    return "iter/" + target.parts[0];
  }

  std::optional<Type> contextType(const ProbeTarget &target) const override {
    auto context = contextStruct(target.parts[0]);
    return context ? std::optional(Type::pointerTo(*context)) : std::nullopt;
  }

  std::optional<std::string> returnValueRefusal() const override {
    return "the kernel ends an iteration with EAGAIN when its program returns anything but 0";
  }

  std::optional<ProbeRefusal> explainLoadFailure(const ProbeTarget &target,
                                                 const std::string &kernel_reason) const override {
    bool refused = kernel_reason.find("Operation not permitted") != std::string::npos ||
                   kernel_reason.find("EPERM") != std::string::npos;
    if (!refused)
      return std::nullopt;
    return ProbeRefusal{"this kernel does not allow the " + target.parts[0] +
                            " iterator (it refused to load the program: " + kernel_reason + ")",
                        "iterators over one map (bpf_map_elem, bpf_sk_storage_map, sockmap) "
                        "need a map bpfscope cannot name; list the others with: bpfscope -l "
                        "'iter:*'"};
  }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    bpf_link *link = bpf_program__attach_iter(prog, nullptr);
    if (link)
      return {link, {}};
    int err = errno;
    AttachOutcome failed(nullptr, "cannot create the iterator: " + std::string(std::strerror(err)));
    if (err == EINVAL || err == EBADF)
      failed.hint = "iter:" + target.parts[0] +
                    " may iterate over one map or cgroup, which bpfscope cannot name";
    return failed;
  }

  // The program runs in the reading process (bpfscope), so -p cannot filter it.
  bool filtersByPid() const override { return false; }

  void list(std::string_view glob, std::ostream &out) const override {
    forEachListed(glob, [&](const std::string &name) { out << "iter:" << name << "\n"; });
  }

  void listWithArgs(std::string_view glob, std::ostream &out) const override {
    forEachListed(glob, [&](const std::string &name) {
      out << "iter:" << name << "\n";
      if (auto context = contextStruct(name))
        printFields(*context, out);
    });
  }

private:
  // The context's fields as `ctx.NAME` reaches them: the kernel wraps each
  // pointer in an anonymous union (__bpf_md_ptr), looked through here as
  // field access does. `meta` is the iterator's own bookkeeping.
  static void printFields(const Type &record, std::ostream &out) {
    if (!record.record)
      return;
    for (const auto &field : record.record->fields()) {
      if (field.name.empty())
        printFields(field.type, out);
      else if (field.name != "meta")
        out << "    " << field.type.name() << " " << field.name << "\n";
    }
  }

  template <typename Visit> static void forEachListed(std::string_view glob, Visit visit) {
    std::string pattern(glob);
    for (const auto &name : iteratorNames())
      if (pattern.empty() || fnmatch(pattern.c_str(), ("iter:" + name).c_str(), 0) == 0)
        visit(name);
  }
};

} // namespace

std::optional<std::string> iteratorPinPath(const ProbeTarget &target) {
  if (target.provider != "iter" || target.parts.size() != 2)
    return std::nullopt;
  const std::string &pin = target.parts[1];
  return pin.starts_with('/') ? pin : "/sys/fs/bpf/" + pin;
}

const Provider &iterProvider() {
  static const IterProvider provider;
  return provider;
}

} // namespace bpfscope
