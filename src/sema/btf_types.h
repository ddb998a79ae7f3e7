// Kernel types from BTF (/sys/kernel/btf/vmlinux) as bpfscope Types: structs
// and unions (fields produced on first use), typed pointers, arrays (char
// arrays become strings, as in bpftrace), enums and integers. Typedefs and
// qualifiers are looked through.
//
// Kernel structs refer to each other in cycles (task_struct → mm_struct →
// task_struct), so BtfTypes owns every StructDef it creates and the Types it
// returns refer to them without owning them: they are valid while the
// BtfTypes lives (vmlinux()'s lives as long as the process).
#pragma once

#include "sema/struct_def.h"
#include "sema/types.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct btf;
struct btf_type;

namespace bpfscope {

// One layer of a kernel variable's type, outermost first, with typedefs and
// qualifiers looked through: what libbpf compares when it matches a typed
// ksym (an extern variable of section ".ksyms") with the kernel's variable.
// It compares kinds, pointer and array layers down to the first struct,
// union, enum, integer or float, and not names or sizes.
struct KernelTypeLayer {
  enum class Kind { Void, Pointer, Array, Struct, Union, Enum, Integer, Float };
  Kind kind = Kind::Void;
  uint32_t size = 0; // bytes (an array's whole size); 0 for void
};

// The kernel's BTF file: $BPFTRACE_BTF when set, else /sys/kernel/btf/vmlinux.
std::string vmlinuxBtfPath();

// The error for `feature` ("fentry probes", "kernel struct types") on a
// system whose kernel BTF cannot be read, naming the file.
std::string missingBtfMessage(const std::string &feature);

class BtfTypes {
public:
  // The running kernel's BTF (vmlinuxBtfPath()), parsed on the first call and
  // kept for the process's lifetime; nullptr when it cannot be read. Scripts that name no
  // kernel type never call this, so they do not pay for the parse.
  static BtfTypes *vmlinux();

  // Takes ownership of `btf`.
  explicit BtfTypes(struct btf *btf);
  ~BtfTypes();
  BtfTypes(const BtfTypes &) = delete;
  BtfTypes &operator=(const BtfTypes &) = delete;

  // The script type of BTF type `id`; none for void and what cannot be read (functions).
  Type typeOf(uint32_t id);
  // A type by its C name: "struct task_struct", "union bpf_attr", "enum pid_type",
  // or a typedef/base type name ("u64", "pid_t", "int").
  std::optional<Type> find(std::string_view c_name);
  // The value of an enumerator such as TASK_COMM_LEN.
  std::optional<int64_t> enumConstant(const std::string &name);
  // The enum an enumerator belongs to; null when `name` is none.
  std::shared_ptr<const EnumDef> enumOfConstant(const std::string &name);
  // Whether the kernel has function `name` (a kfunc is one) or global variable `name`.
  bool hasFunction(const std::string &name) const;
  bool hasVariable(const std::string &name) const;
  // The layers of per-CPU variable `name`'s type (a VAR of the kernel's
  // ".data..percpu" section); nullopt when the kernel has no such per-CPU
  // variable or its type holds a function.
  std::optional<std::vector<KernelTypeLayer>> perCpuVariableLayers(const std::string &name) const;
  // "struct NAME" / "union NAME" for every named struct and union, for "did you mean".
  std::vector<std::string> structNames();

private:
  Type integerType(const struct btf_type *t);
  Type arrayType(const struct btf_type *t);
  Type pointerType(const struct btf_type *t);
  std::shared_ptr<const StructDef> structDef(uint32_t id);
  std::shared_ptr<const EnumDef> enumDef(uint32_t id);
  std::vector<StructField> loadFields(uint32_t id);
  uint32_t skipQualifiers(uint32_t id) const;
  bool isPerCpuVariable(uint32_t var_id) const;
  std::optional<std::vector<KernelTypeLayer>> typeLayers(uint32_t id) const;

  struct btf *btf_;
  std::map<uint32_t, std::unique_ptr<const StructDef>> structs_;
  std::map<uint32_t, std::shared_ptr<const EnumDef>> enums_;
  // Every enumerator's enum, built on first lookup.
  std::optional<std::map<std::string, std::shared_ptr<const EnumDef>>> enum_constants_;
  void indexEnumConstants();
};

} // namespace bpfscope
