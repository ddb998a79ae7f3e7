// The C side of the type system: the types a script can name (its C
// preamble's struct/union/enum definitions and #defines, then kernel BTF),
// and the typing of what reaches into memory through them: field access
// (`p->f`, `s.f`, `.` auto-dereferencing pointers), tuple and record members
// (`$t.0`, `$r.name`), indexing, `*p`, casts to struct pointers, sizeof,
// offsetof, and the task builtins (curtask, ppid, pcomm, leader_tid, leader_comm).
#pragma once

#include "parser/ast.h"
#include "sema/struct_def.h"
#include "sema/types.h"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace bpfscope {

// Reports an error at a span, with a hint (may be empty).
using ReportError = std::function<void(Span, std::string, std::string)>;

class ScriptTypes {
public:
  // Lays out the preamble's definitions and records its enum constants and
  // #defines. Errors in the definitions go to `error`.
  void define(const ast::Program &program, uint32_t max_strlen, const ReportError &error);

  // A type as the parser spells it: "uint32", "struct task_struct *",
  // "int8[4]", "u64" (a kernel typedef). Kernel BTF is parsed only when the
  // name is not a scalar or preamble type.
  std::optional<Type> resolve(std::string_view type_name) const;
  // resolve(), reporting an unknown type (with "did you mean") at `span`.
  std::optional<Type> resolveOrReport(std::string_view type_name, Span span,
                                      const ReportError &error) const;
  // A struct, union or enum the script's preamble defines ("struct foo");
  // nullopt for kernel (BTF) and scalar types.
  std::optional<Type> preambleType(std::string_view name) const;
  // An enum constant or #define by name.
  std::optional<int64_t> constant(const std::string &name) const;
  // The enum a constant belongs to (its values print by name); null for a #define.
  std::shared_ptr<const EnumDef> enumOfConstant(const std::string &name) const;

private:
  std::optional<Type> resolveBase(std::string_view base) const;
  std::optional<Type> resolveExactly(std::string_view base) const;
  void defineStruct(const ast::CTypeDefinition &def, const ReportError &error);
  std::optional<Type> layOut(bool is_union, const std::string &name,
                             const std::vector<ast::CField> &members, Span span,
                             const ReportError &error) const;
  std::optional<Type> memberType(const ast::CField &member, const ReportError &error) const;
  static bool claimMemberNames(const ast::CField &member, const Type &type,
                               const std::string &owner, std::set<std::string> &names,
                               const ReportError &error);
  void defineEnum(const ast::CTypeDefinition &def, const ReportError &error);

  uint32_t max_strlen_ = 1024;
  std::map<std::string, Type, std::less<>> types_; // "struct S", "union U", "enum E"
  std::map<std::string, int64_t> constants_;
  std::map<std::string, std::shared_ptr<const EnumDef>> constant_enums_; // preamble enumerators
};

// `base.field` / `base->field` where base is a struct, a pointer to one, a
// tuple or a record.
Type fieldAccessType(const Type &base, const ast::FieldAccess &f, const ReportError &error);
// `base[index]` on an array or a typed pointer.
Type indexType(const Type &base, const Type &index, const ast::Index &e, const ReportError &error);
// `*p`
Type dereferenceType(const Type &pointer, const ast::Unary &u, const ReportError &error);
// An array of integers or bools as big as an integer (uint8[8], int16[2],
// bool[4], …): it casts to and from an integer of its size.
bool isIntegerArrayOfWordSize(const Type &t);
// Whether `operand` may be cast to `target` when target is not a scalar.
bool checkTypedCast(const Type &target, const Type &operand, Span span, const ReportError &error);
// offsetof(T, a.b): the byte offset, or nullopt after an error.
std::optional<uint64_t> offsetOfPath(const Type &type, const std::vector<std::string> &path,
                                     Span span, const ReportError &error);
// The member of a struct as field access sees it (auto-dereferencing a
// pointer); nullptr when `base` is not a struct or pointer to one.
const Type *structOf(const Type &base);

// Whether (checked) `e` names memory outside the BPF program that can be
// read by address: a struct field reached through a pointer, an array
// element within such memory, an element past a pointer, `*p`.
bool isMemoryLocation(const ast::Expr &e);
// The struct member a checked field access reads (its offset from the start
// of the struct it is in); nullopt for tuple, record and args fields.
std::optional<StructField> accessedField(const ast::FieldAccess &f);
bool isBitfield(const ast::FieldAccess &f);

// curtask (struct task_struct *, or uint64 without BTF) and the fields of
// tasks related to it: ppid and pcomm (its real_parent's tgid and comm),
// leader_tid and leader_comm (its thread-group leader's pid and comm).
bool isTaskBuiltin(std::string_view name);
// ppid, pcomm, leader_tid, leader_comm: also callable with a task,
// `ppid(task)` reading the fields of that task's relatives.
bool isTaskField(std::string_view name);
Type taskBuiltinType(std::string_view name);

} // namespace bpfscope
