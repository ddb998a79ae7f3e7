// uprobe `args` by name from a binary's DWARF (workloads/bpfs_dwarf, built
// with -g), `-lv` listings of parameters, and the errors of arguments no
// probe can read and of a binary without debug info (bpfs_nodwarf).

#include "harness.h"

#include <gmock/gmock.h>

namespace bpfscope::e2e {
namespace {

class DwarfArgsTest : public E2ETest {
protected:
  static std::string binary() { return workloadPath("bpfs_dwarf"); }

  // The script's output, run once on one call of each function.
  static RunResult runOnce(const std::string &program) {
    return runBpfscope({"-q", "-e", program, "-c", binary() + " 1"});
  }
};

TEST_F(DwarfArgsTest, ReadsIntegersStringsAndStructFieldsByName) {
  auto result =
      runOnce("uprobe:" + binary() +
              ":bpfs_dwarf_args { printf(\"%d %d %s %s %s %lu\\n\", args.n, args.c, "
              "str(args.text), str(args.item->name), args.item->tag, args.big); "
              "print(args.item->values); printf(\"%d %d %d %s\\n\", args.item->where.y, "
              "args.item->flags, args.item->mode, str(args.item->next->name)); exit(); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "-3 120 hello first one 5000000000\n[1,2,3]\n42 5 17 second\n\n\n");
}

TEST_F(DwarfArgsTest, ArgsAsARecordHoldsTheRegisterArguments) {
  auto result = runOnce("uprobe:" + binary() + ":bpfs_dwarf_many { print(args); exit(); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "{ .a = 1, .b = 2, .c = 3, .d = 4, .e = 5, .f = 6 }\n\n\n");
}

// The double goes to xmm0, so the short after it is the first integer
// argument (di).
TEST_F(DwarfArgsTest, AFloatTakesNoIntegerRegister) {
  auto result = runOnce("uprobe:" + binary() + ":bpfs_dwarf_mixed { print(args.count); exit(); }");
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "7\n\n\n");
}

TEST_F(DwarfArgsTest, ListsEachFunctionsParameters) {
  auto result = runBpfscope({"-lv", "uprobe:" + binary() + ":bpfs_dwarf_*"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  std::string prefix = "uprobe:" + binary() + ":";
  EXPECT_EQ(result.out, prefix +
                            "bpfs_dwarf_args\n"
                            "    int n\n"
                            "    char c\n"
                            "    const char* text\n"
                            "    struct item* item\n"
                            "    counter_t big\n"
                            "    void* opaque\n" +
                            prefix +
                            "bpfs_dwarf_many\n"
                            "    long int a\n"
                            "    long int b\n"
                            "    long int c\n"
                            "    long int d\n"
                            "    long int e\n"
                            "    long int f\n"
                            "    long int g\n" +
                            prefix +
                            "bpfs_dwarf_mixed\n"
                            "    double scale\n"
                            "    short int count\n"
                            "    struct point at\n"
                            "    long int after\n");
}

TEST_F(DwarfArgsTest, UretprobesAreListedWithoutParameters) {
  auto result = runBpfscope({"-lv", "uretprobe:" + binary() + ":bpfs_dwarf_args"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "uretprobe:" + binary() + ":bpfs_dwarf_args\n");
}

TEST_F(DwarfArgsTest, ListingABinaryWithoutDebugInfoWarns) {
  std::string nodwarf = workloadPath("bpfs_nodwarf");
  auto result = runBpfscope({"-lv", "uprobe:" + nodwarf + ":bpfs_dwarf_args"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "uprobe:" + nodwarf + ":bpfs_dwarf_args\n");
  EXPECT_EQ(result.err,
            "WARNING: No DWARF found for \"" + nodwarf + "\", cannot show parameter info\n");
}

TEST_F(DwarfArgsTest, ABinaryWithoutDebugInfoHasNoArgs) {
  std::string nodwarf = workloadPath("bpfs_nodwarf");
  std::string program = "uprobe:" + nodwarf + ":bpfs_dwarf_args { print(args.n); }";
  auto result = runBpfscope({"-e", program});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.out, "");
  size_t column = program.find("args.n");
  EXPECT_EQ(result.err, "stdin:1:" + std::to_string(column + 1) + ": ERROR: " + nodwarf +
                            " has no debug info (DWARF), which names its functions' arguments\n" +
                            program + "\n" + std::string(column, ' ') +
                            "^~~~\n"
                            "HINT: build it with -g, or read the arguments as arg0, arg1, ...\n");
}

TEST_F(DwarfArgsTest, ArgumentsOutsideTheIntegerRegistersAreErrors) {
  std::string program = "uprobe:" + binary() + ":bpfs_dwarf_mixed { print(args.at); }";
  auto result = runBpfscope({"-e", program});
  EXPECT_EQ(result.exitCode, 1);
  size_t column = program.find("at)");
  EXPECT_EQ(result.err, "stdin:1:" + std::to_string(column + 1) +
                            ": ERROR: args.at cannot be read: it is a struct passed by value\n" +
                            program + "\n" + std::string(column, ' ') +
                            "^~\n"
                            "HINT: read the other arguments, or this one from memory if you know "
                            "where it is\n");
  result = runBpfscope({"-e", "uprobe:" + binary() + ":bpfs_dwarf_many { print(args.g); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, ::testing::HasSubstr("ERROR: args.g cannot be read: only the first 6 "
                                               "integer arguments are passed in registers\n"));
}

} // namespace
} // namespace bpfscope::e2e
