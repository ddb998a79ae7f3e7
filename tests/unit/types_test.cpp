// The C side of the type system: kernel BTF conversion (against this
// machine's /sys/kernel/btf/vmlinux), the script's C preamble, typed access
// in sema, and the text form of structs, arrays, records and enums.
#include "check_script.h"
#include "parser/parser.h"
#include "runtime/value_format.h"
#include "sema/btf_types.h"
#include "sema/sema.h"
#include "sema/struct_def.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <gtest/gtest.h>

#include <cstring>
#include <sstream>

namespace bpfscope {
namespace {

using test::check;
using test::Checked;

// The type of the value printf's first argument gets (widened as printf does).
Type printedType(const std::string &expr, const std::string &preamble = "") {
  auto c = check(preamble + " BEGIN { printf(\"%d\", " + expr + "); }");
  EXPECT_TRUE(c.program) << c.diagnostics;
  if (!c.program)
    return Type::none();
  return c.program->printfs.at(0).arg_types.at(0);
}

// The byte offset libbpf reports for a member, independently of BtfTypes.
uint32_t libbpfOffset(const char *struct_name, const char *member) {
  struct btf *btf = btf__load_vmlinux_btf();
  EXPECT_FALSE(libbpf_get_error(btf));
  int id = btf__find_by_name_kind(btf, struct_name, BTF_KIND_STRUCT);
  const struct btf_type *t = btf__type_by_id(btf, id);
  uint32_t offset = UINT32_MAX;
  for (uint32_t i = 0; i < btf_vlen(t); ++i)
    if (std::strcmp(btf__name_by_offset(btf, btf_members(t)[i].name_off), member) == 0)
      offset = btf_member_bit_offset(t, i) / 8;
  btf__free(btf);
  return offset;
}

TEST(BtfTypes, TaskStructFieldsMatchLibbpf) {
  BtfTypes *btf = BtfTypes::vmlinux();
  ASSERT_NE(btf, nullptr);
  std::optional<Type> task = btf->find("struct task_struct");
  ASSERT_TRUE(task && task->isStruct());
  EXPECT_EQ(task->name(), "struct task_struct");
  std::optional<StructField> pid = task->record->find("pid");
  ASSERT_TRUE(pid);
  EXPECT_EQ(pid->offset, libbpfOffset("task_struct", "pid"));
  EXPECT_EQ(pid->type, Type::integer(4, true));
  std::optional<StructField> comm = task->record->find("comm");
  ASSERT_TRUE(comm);
  EXPECT_EQ(comm->type, Type::string(16)); // char[16] is a string, as in bpftrace
  std::optional<StructField> parent = task->record->find("real_parent");
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->type.name(), "struct task_struct *");
  EXPECT_EQ(parent->type.pointee()->record, task->record); // one definition per BTF id
}

TEST(BtfTypes, TypedefsEnumsAndUnknownNames) {
  BtfTypes *btf = BtfTypes::vmlinux();
  ASSERT_NE(btf, nullptr);
  EXPECT_EQ(btf->find("u64"), Type::integer(8, false));
  EXPECT_EQ(btf->find("pid_t"), Type::integer(4, true));
  std::optional<Type> pid_type = btf->find("enum pid_type");
  ASSERT_TRUE(pid_type && pid_type->enumeration);
  EXPECT_EQ(pid_type->enumeration->nameOf(0), "PIDTYPE_PID");
  EXPECT_EQ(btf->enumConstant("PIDTYPE_TGID"), 1);
  EXPECT_FALSE(btf->find("struct no_such_struct_here"));
}

TEST(TypedAccess, CurtaskFieldsAndChains) {
  EXPECT_EQ(printedType("curtask->pid"), Type::integer(8, true));
  EXPECT_EQ(printedType("curtask.real_parent.tgid"), Type::integer(8, true));
  EXPECT_EQ(printedType("ppid"), Type::integer(8, false));
  EXPECT_EQ(printedType("((struct task_struct *)curtask)->pid"), Type::integer(8, true));
  EXPECT_EQ(printedType("sizeof(struct task_struct) > 0"), Type::boolean());
  EXPECT_EQ(printedType("offsetof(struct task_struct, pid)"), Type::integer(8, false));
}

// A preamble definition of a kernel struct replaces the BTF type, curtask's
// included, as bpftrace's runtime test curtask_field has it.
TEST(TypedAccess, PreambleStructReplacesTheKernelsForCurtask) {
  const char *preamble = "struct task_struct { int x; int y[4]; }";
  EXPECT_EQ(printedType("curtask.x", preamble), Type::integer(8, true));
  EXPECT_EQ(printedType("curtask->y[2]", preamble), Type::integer(8, true));
  EXPECT_EQ(printedType("sizeof(*curtask)", preamble), Type::integer(8, false));
  auto c = check(std::string(preamble) + " BEGIN { print(curtask->pid); }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("struct task_struct has no field 'pid'"), std::string::npos)
      << c.diagnostics;
}

TEST(TypedAccess, PreambleStructLayoutAndConstants) {
  const char *preamble = R"(#include <linux/sched.h>
#define LIMIT 40
struct S { char c; int a; char name[8]; unsigned long long b; };
union U { int i; char bytes[16]; };
enum E { A = 3, B };)";
  auto c = check(std::string(preamble) +
                 " BEGIN { @[sizeof(struct S), offsetof(struct S, a), offsetof(struct S, b),"
                 " sizeof(union U), B, LIMIT] = 1; }");
  ASSERT_TRUE(c.program) << c.diagnostics;
  EXPECT_EQ(c.program->maps.at(0).key_types.size(), 6u);
  auto *map = c.program->findMap("@");
  ASSERT_NE(map, nullptr);
  const auto &probe = c.program->ast->probes.at(0);
  auto *assign = probe.body.at(0)->as<ast::Assign>();
  ASSERT_NE(assign, nullptr);
  auto *keys = &assign->target->as<ast::MapAccess>()->keys;
  EXPECT_EQ(keys->at(0)->as<ast::Sizeof>()->value, 24u);
  EXPECT_EQ(keys->at(1)->as<ast::Offsetof>()->value, 4u);
  EXPECT_EQ(keys->at(2)->as<ast::Offsetof>()->value, 16u);
  EXPECT_EQ(keys->at(3)->as<ast::Sizeof>()->value, 16u);
  EXPECT_EQ(keys->at(4)->as<ast::Builtin>()->constant, 4);
  EXPECT_EQ(keys->at(5)->as<ast::Builtin>()->constant, 40);
}

// An unnamed struct or union member lays out like any member; its fields are
// reached through the outer struct at their offsets from its start.
TEST(TypedAccess, AnonymousMembersInThePreamble) {
  auto c = check(R"(struct a { char c; union { int x; long y; }; int z; };
BEGIN { $p = (struct a *)0; @[sizeof(struct a), offsetof(struct a, z), offsetof(struct a, y)] = 1;
  @x = $p->x; @y = $p->y; @z = $p->z; })");
  ASSERT_TRUE(c.program) << c.diagnostics;
  auto *assign = c.program->ast->probes.at(0).body.at(1)->as<ast::Assign>();
  ASSERT_NE(assign, nullptr);
  auto &keys = assign->target->as<ast::MapAccess>()->keys;
  EXPECT_EQ(keys.at(0)->as<ast::Sizeof>()->value, 24u);
  EXPECT_EQ(keys.at(1)->as<ast::Offsetof>()->value, 16u);
  EXPECT_EQ(keys.at(2)->as<ast::Offsetof>()->value, 8u);
  EXPECT_EQ(c.program->findMap("@x")->value, Type::integer(4, true));
}

TEST(TypedAccess, AnonymousMemberNamesMustBeNew) {
  auto c = check("struct a { int x; union { int x; long y; }; }; BEGIN { }");
  EXPECT_NE(c.diagnostics.find("ERROR: struct a already has a member 'x'"), std::string::npos)
      << c.diagnostics;
  c = check("struct a { union { int q; struct { int r; int q; }; }; }; BEGIN { }");
  EXPECT_NE(c.diagnostics.find("ERROR: union (anonymous) already has a member 'q'"),
            std::string::npos)
      << c.diagnostics;
  c = check("struct a { union { int x; }; }; BEGIN { @ = ((struct a *)0)->w; }");
  EXPECT_NE(c.diagnostics.find("ERROR: struct a has no field 'w'"), std::string::npos)
      << c.diagnostics;
}

TEST(TypedAccess, ErrorsNameTheStructAndSuggest) {
  auto c = check("BEGIN { printf(\"%d\", curtask->pidd); }");
  EXPECT_NE(c.diagnostics.find("struct task_struct has no field 'pidd'"), std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("did you mean 'pid'?"), std::string::npos) << c.diagnostics;

  c = check("BEGIN { printf(\"%d\", ((struct task_strukt *)0)->pid); }");
  EXPECT_NE(c.diagnostics.find("unknown type 'struct task_strukt'"), std::string::npos)
      << c.diagnostics;
  EXPECT_NE(c.diagnostics.find("did you mean 'struct task_struct'?"), std::string::npos)
      << c.diagnostics;

  c = check("BEGIN { $x = 1; printf(\"%d\", $x.foo); }");
  EXPECT_NE(c.diagnostics.find("a value of type int8 has no fields"), std::string::npos)
      << c.diagnostics;

  c = check("struct S { int a[4]; }; BEGIN { printf(\"%d\", ((struct S *)0)->a[4]); }");
  EXPECT_NE(c.diagnostics.find("index 4 is out of bounds for int32[4]"), std::string::npos)
      << c.diagnostics;
}

TEST(TypedAccess, TuplesAndRecords) {
  EXPECT_EQ(printedType("(1, \"ab\").0"), Type::integer(8, true));
  auto r = check("BEGIN { @x = (a = 1, b = \"x\").b; }");
  ASSERT_TRUE(r.program) << r.diagnostics;
  EXPECT_EQ(r.program->findMap("@x")->value, Type::string(2));
  auto c = check("BEGIN { $t = (1, 2); printf(\"%d\", $t.2); }");
  EXPECT_NE(c.diagnostics.find("index 2 is out of range for a tuple of 2 element(s)"),
            std::string::npos)
      << c.diagnostics;
  c = check("BEGIN { $r = (a = 1); printf(\"%d\", $r.c); }");
  EXPECT_NE(c.diagnostics.find("record (a=int8) has no field 'c'"), std::string::npos)
      << c.diagnostics;
}

TEST(TypedValueFormat, RecordsStructsArraysEnums) {
  Type record = Type::namedTuple({"a", "b"}, {Type::integer(8, true), Type::string(4)});
  std::vector<uint8_t> data(record.size, 0);
  data[0] = 1;
  std::memcpy(data.data() + 8, "xy", 2);
  EXPECT_EQ(formatValue(record, data.data()), "{ .a = 1, .b = xy }");

  auto def = std::make_shared<const StructDef>("struct P", 8, 4, [] {
    std::vector<StructField> fields(2);
    fields[0].name = "x";
    fields[0].type = Type::integer(4, true);
    fields[1].name = "flags";
    fields[1].type = Type::integer(4, false);
    fields[1].offset = 4;
    fields[1].bit_shift = 2;
    fields[1].bit_width = 3;
    return fields;
  });
  uint8_t point[8] = {7, 0, 0, 0, 5 << 2, 0, 0, 0};
  EXPECT_EQ(formatValue(Type::structure(def), point), "{ .x = 7, .flags = 5 }");

  uint8_t ints[8] = {1, 0, 2, 0, 3, 0, 4, 0};
  EXPECT_EQ(formatValue(Type::array(Type::integer(2, false), 4), ints), "[1,2,3,4]");

  Type e = Type::integer(4, false);
  e.enumeration = std::make_shared<const EnumDef>(
      "enum E", std::vector<std::pair<std::string, int64_t>>{{"A", 3}, {"B", 4}});
  uint8_t four[4] = {4, 0, 0, 0}, nine[4] = {9, 0, 0, 0};
  EXPECT_EQ(formatValue(e, four), "B");
  EXPECT_EQ(formatValue(e, nine), "9");
}

} // namespace
} // namespace bpfscope
