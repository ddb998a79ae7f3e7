// The DWARF reader (providers/dwarf_args) on the e2e workload bpfs_dwarf,
// built with debug info, and uprobe `args` as sema types them from it.
#include "check_script.h"
#include "providers/dwarf_args.h"

#include <gtest/gtest.h>

namespace bpfscope {
namespace {

const std::string kBinary = BPFSCOPE_DWARF_FIXTURE;

const std::vector<DwarfParameter> &parametersOf(const std::string &function) {
  auto info = DwarfInfo::load(kBinary);
  EXPECT_TRUE(info);
  static const std::vector<DwarfParameter> none;
  const std::vector<DwarfParameter> *params = info ? info->parameters(function) : nullptr;
  EXPECT_TRUE(params) << function;
  return params ? *params : none;
}

TEST(DwarfArgs, ABinaryWithoutDebugInfoHasNone) {
  EXPECT_FALSE(DwarfInfo::load(BPFSCOPE_NODWARF_FIXTURE));
  EXPECT_FALSE(DwarfInfo::load("/nonexistent/binary"));
}

TEST(DwarfArgs, AFunctionItDoesNotDescribeHasNoParameters) {
  auto info = DwarfInfo::load(kBinary);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->parameters("no_such_function"), nullptr);
}

TEST(DwarfArgs, NamesTypesAndRegistersOfIntegersAndPointers) {
  const auto &params = parametersOf("bpfs_dwarf_args");
  ASSERT_EQ(params.size(), 6u);
  std::vector<std::string> listed;
  for (const auto &p : params) {
    listed.push_back(p.c_type + " " + p.name);
    EXPECT_EQ(p.unreadable, "") << p.name;
    EXPECT_EQ(p.register_index, listed.size() - 1) << p.name;
  }
  EXPECT_EQ(listed,
            (std::vector<std::string>{"int n", "char c", "const char* text", "struct item* item",
                                      "counter_t big", "void* opaque"}));
  EXPECT_EQ(params[0].type, Type::integer(4, true));
  EXPECT_EQ(params[1].type, Type::integer(1, true));
  EXPECT_EQ(params[2].type, Type::pointerTo(Type::integer(1, true), true));
  EXPECT_EQ(params[3].type.name(), "struct item *");
  EXPECT_TRUE(params[3].type.user_address);
  EXPECT_EQ(params[4].type, Type::integer(8, false));
  EXPECT_EQ(params[5].type, Type::pointer(true));
}

TEST(DwarfArgs, StructLayoutsComeFromTheDebugInfo) {
  const Type &item = *parametersOf("bpfs_dwarf_args")[3].type.pointee();
  ASSERT_TRUE(item.isStruct());
  EXPECT_EQ(item.record->size(), 56u);
  std::vector<std::string> fields;
  for (const auto &f : item.record->fields())
    fields.push_back(f.name + ":" + f.type.name() + "@" + std::to_string(f.offset) +
                     (f.isBitfield()
                          ? "/" + std::to_string(f.bit_shift) + "+" + std::to_string(f.bit_width)
                          : ""));
  EXPECT_EQ(fields, (std::vector<std::string>{"id:int64@0", "name:int8 *@8", "tag:string[8]@16",
                                              "values:int32[3]@24", "where:struct point@36",
                                              "flags:uint32@44/0+3", "mode:uint32@44/3+5",
                                              "next:struct item *@48"}));
  EXPECT_TRUE(item.record->find("next")->type.user_address);
}

TEST(DwarfArgs, FloatsAndStructsByValueAreNotInIntegerRegisters) {
  const auto &params = parametersOf("bpfs_dwarf_mixed");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(params[0].unreadable, "it is a floating-point value, passed in an SSE register");
  EXPECT_EQ(params[1].register_index, 0u); // the double went to xmm0
  EXPECT_EQ(params[1].type, Type::integer(2, true));
  EXPECT_EQ(params[2].unreadable, "it is a struct passed by value");
  EXPECT_EQ(params[3].unreadable,
            "it follows a struct passed by value, so its register is unknown");
}

TEST(DwarfArgs, OnlySixIntegerArgumentsAreInRegisters) {
  const auto &params = parametersOf("bpfs_dwarf_many");
  ASSERT_EQ(params.size(), 7u);
  EXPECT_EQ(params[5].register_index, 5u);
  EXPECT_FALSE(params[6].register_index);
  EXPECT_EQ(params[6].unreadable, "only the first 6 integer arguments are passed in registers");
}

TEST(DwarfArgs, SemaTypesArgsFieldsOfAUprobe) {
  EXPECT_EQ(test::typedLine("uprobe:" + kBinary + ":bpfs_dwarf_args { @ = args.item->where.y; }",
                            "Field ."),
            "Field .y :: int32");
  EXPECT_EQ(test::typedLine("uprobe:" + kBinary + ":bpfs_dwarf_args { @ = args.big; }", "Field ."),
            "Field .big :: uint64");
}

TEST(DwarfArgs, AnUnreadableArgumentIsALocatedError) {
  auto c = test::check("uprobe:" + kBinary + ":bpfs_dwarf_mixed { @ = args.scale; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: args.scale cannot be read: it is a floating-point value, "
                               "passed in an SSE register\n"),
            std::string::npos)
      << c.diagnostics;
}

TEST(DwarfArgs, ArgsOfABinaryWithoutDebugInfoIsAnError) {
  std::string binary = BPFSCOPE_NODWARF_FIXTURE;
  auto c = test::check("uprobe:" + binary + ":bpfs_dwarf_args { @ = args.n; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(
      c.diagnostics.find("ERROR: " + binary +
                         " has no debug info (DWARF), which names its functions' arguments\n"),
      std::string::npos)
      << c.diagnostics;
  EXPECT_NE(
      c.diagnostics.find("HINT: build it with -g, or read the arguments as arg0, arg1, ...\n"),
      std::string::npos);
}

TEST(DwarfArgs, AUretprobeHasNoArgs) {
  auto c = test::check("uretprobe:" + kBinary + ":bpfs_dwarf_args { @ = args.n; }");
  EXPECT_FALSE(c.program);
  EXPECT_NE(c.diagnostics.find("ERROR: a uretprobe has no args"), std::string::npos)
      << c.diagnostics;
}

} // namespace
} // namespace bpfscope
