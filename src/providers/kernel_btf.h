// Kernel function prototypes from BTF (/sys/kernel/btf/vmlinux and the
// modules' split BTF beside it): the parameter names and types of a kernel
// function (fentry, fexit, kprobe) and of a raw tracepoint (the
// `btf_trace_NAME` typedef, whose first parameter is the tracing context and
// is dropped). Loaded once per object file and cached.
#pragma once

#include "sema/types.h"

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

struct btf;
struct btf_type;

namespace bpfscope {

struct KernelValue {
  std::string name;   // "" for the return value
  std::string c_type; // "const char *", "struct file *", "size_t"
  Type type;          // integer or pointer; none when bpfscope cannot read it (a struct by value)
  // As an argument of a tracing program (fentry, fexit, tp_btf), the
  // verifier types the value as a pointer to a kernel object (PTR_TO_BTF_ID):
  // a pointer to anything but void or an integer (kernel/bpf/btf.c,
  // btf_ctx_access). Other arguments load as plain numbers.
  bool btf_object_pointer = false;
};

struct KernelPrototype {
  std::vector<KernelValue> params;
  std::optional<KernelValue> result; // nullopt for void
};

// The BTF of "vmlinux" or of a loaded module; nullptr when it has none.
class KernelBtf {
public:
  static const KernelBtf *forModule(const std::string &module);
  // Every object with BTF: "vmlinux" first, then the modules in name order.
  static std::vector<std::string> modules();

  std::optional<KernelPrototype> function(const std::string &name) const;
  std::optional<KernelPrototype> rawTracepoint(const std::string &name) const;
  // Sorted names of every function / raw tracepoint this object defines.
  std::vector<std::string> functionNames() const;
  std::vector<std::string> rawTracepointNames() const;
  // Sorted names of the structs, unions or enums (`kind`) this object defines.
  std::vector<std::string> typeNames(const std::string &kind) const;
  // `kind name`'s C definition as libbpf's btf_dump writes it (bpftrace's
  // `-lv 'struct NAME'`), ending in a blank line; nullopt when there is none.
  std::optional<std::string> typeDefinition(const std::string &kind, const std::string &name) const;

  ~KernelBtf();
  KernelBtf(const KernelBtf &) = delete;
  KernelBtf &operator=(const KernelBtf &) = delete;

private:
  explicit KernelBtf(::btf *btf) : btf_(btf) {}
  std::optional<KernelPrototype> prototype(int proto_id, size_t skip_params) const;
  KernelValue value(std::string name, int type_id) const;
  std::string cTypeName(int type_id) const;
  // Sorted, unique names of this object's own types that `wanted` accepts.
  std::vector<std::string> namesOf(const std::function<bool(const btf_type *)> &wanted) const;
  Type scriptType(int type_id) const;
  bool isObjectPointer(int type_id) const;
  // The type `type_id` names, past const/volatile/restrict/type tags and
  // typedefs; null for void.
  const btf_type *skipModifiers(uint32_t type_id) const;

  ::btf *btf_;
};

// `-l 'struct css_*'` (also `union …`, `enum …`): the kernel's types of that
// kind whose names match, one `kind name` a line, or with `definitions` their
// C definitions. False when `pattern` names no type kind.
bool listKernelTypes(const std::string &pattern, bool definitions, std::ostream &out);

} // namespace bpfscope
