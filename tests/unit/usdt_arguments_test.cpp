// USDT argument specs (SystemTap SDT v3, x86-64 AT&T operands) and the
// decoding of .note.stapsdt descriptors, without a kernel.
#include "providers/elf_image.h"
#include "providers/usdt_arguments.h"
#include "providers/usdt_notes.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bpfscope {
namespace {

using Kind = UsdtArgument::Kind;

UsdtArgument parsed(std::string_view spec) {
  auto arg = parseUsdtArgument(spec);
  EXPECT_TRUE(arg.has_value()) << spec;
  return arg.value_or(UsdtArgument{});
}

TEST(UsdtArguments, RegisterOfEachWidthNamesItsWholeRegister) {
  struct Case {
    const char *spec;
    const char *reg;
    uint32_t size;
    bool is_signed;
    uint32_t shift;
  };
  for (const Case &c : {Case{"-8@%rbx", "rbx", 8, true, 0}, Case{"-4@%eax", "rax", 4, true, 0},
                        Case{"2@%si", "rsi", 2, false, 0}, Case{"1@%dl", "rdx", 1, false, 0},
                        Case{"1@%ah", "rax", 1, false, 8}, Case{"4@%r8d", "r8", 4, false, 0},
                        Case{"-2@%r15w", "r15", 2, true, 0}, Case{"1@%dil", "rdi", 1, false, 0},
                        Case{"8@%rbp", "rbp", 8, false, 0}}) {
    UsdtArgument arg = parsed(c.spec);
    EXPECT_EQ(arg.kind, Kind::Register) << c.spec;
    ASSERT_TRUE(arg.base) << c.spec;
    EXPECT_EQ(arg.base->name, c.reg) << c.spec;
    EXPECT_EQ(arg.base->shift, c.shift) << c.spec;
    EXPECT_EQ(arg.size, c.size) << c.spec;
    EXPECT_EQ(arg.is_signed, c.is_signed) << c.spec;
  }
}

TEST(UsdtArguments, Constants) {
  UsdtArgument arg = parsed("-4@$42");
  EXPECT_EQ(arg.kind, Kind::Constant);
  EXPECT_EQ(arg.value, 42);
  EXPECT_EQ(parsed("8@$-7").value, -7);
  EXPECT_EQ(parsed("8@$0x10").value, 16);
}

TEST(UsdtArguments, MemoryWithBaseAndDisplacement) {
  UsdtArgument arg = parsed("-4@-20(%rbp)");
  EXPECT_EQ(arg.kind, Kind::Memory);
  EXPECT_EQ(arg.value, -20);
  EXPECT_EQ(arg.base->name, "rbp");
  EXPECT_FALSE(arg.index);
  EXPECT_EQ(parsed("8@(%rax)").value, 0);
}

TEST(UsdtArguments, IndexedMemory) {
  UsdtArgument arg = parsed("-8@16(%r13,%rax,8)");
  EXPECT_EQ(arg.base->name, "r13");
  EXPECT_EQ(arg.index->name, "rax");
  EXPECT_EQ(arg.scale, 8u);
  EXPECT_EQ(arg.value, 16);
  UsdtArgument no_base = parsed("4@table(,%rdx,4)");
  EXPECT_FALSE(no_base.base);
  EXPECT_EQ(no_base.index->name, "rdx");
  EXPECT_EQ(no_base.symbol, "table");
}

TEST(UsdtArguments, SymbolsRelativeToTheInstructionPointer) {
  UsdtArgument arg = parsed("-8@counter(%rip)");
  EXPECT_EQ(arg.symbol, "counter");
  EXPECT_EQ(arg.value, 0);
  EXPECT_EQ(arg.base->name, "rip");
  UsdtArgument offset = parsed("4@table+16(%rip)");
  EXPECT_EQ(offset.symbol, "table");
  EXPECT_EQ(offset.value, 16);
}

TEST(UsdtArguments, SpecWithoutSizeIsAMachineWord) {
  UsdtArgument arg = parsed("%rdi");
  EXPECT_EQ(arg.size, 8u);
  EXPECT_EQ(arg.base->name, "rdi");
}

TEST(UsdtArguments, RejectsWhatIsNotAnOperand) {
  for (const char *spec :
       {"3@%rax", "8@%xmm0", "8@$", "8@(%rax", "8@(%rax,%rbx,3)", "x@%rax", "8@%r16", "8@()"})
    EXPECT_FALSE(parseUsdtArgument(spec).has_value()) << spec;
}

TEST(UsdtArguments, SplitsAtSpacesAndNamesTheBadSpec) {
  auto args = parseUsdtArguments("-8@%rbx -4@%eax 1@%dl", nullptr);
  ASSERT_TRUE(args);
  EXPECT_EQ(args->size(), 3u);
  EXPECT_TRUE(parseUsdtArguments("", nullptr)->empty());
  std::string error;
  EXPECT_FALSE(parseUsdtArguments("8@%rax 8@%bogus", &error));
  EXPECT_EQ(error, "cannot read the argument spec '8@%bogus'");
}

std::string stapsdtDesc(uint64_t pc, uint64_t base, uint64_t semaphore, const std::string &text) {
  std::string desc(24, '\0');
  std::memcpy(desc.data(), &pc, 8);
  std::memcpy(desc.data() + 8, &base, 8);
  std::memcpy(desc.data() + 16, &semaphore, 8);
  return desc + text;
}

TEST(UsdtNotes, DecodesStapsdtNotesAndSkipsOthers) {
  ElfMetadata metadata;
  metadata.section_addresses[".stapsdt.base"] = 0x2000;
  metadata.notes.push_back({".note.stapsdt", "stapsdt", 3,
                            stapsdtDesc(0x1100, 0x2000, 0x4008,
                                        std::string("lib\0guarded\0-8@%rdi -2@%ax", 26) + '\0')});
  metadata.notes.push_back({".note.gnu.build-id", "GNU", 3, std::string(20, 'x')});
  ElfImage image({}, {}, metadata);
  auto probes = usdtProbes(image);
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].provider, "lib");
  EXPECT_EQ(probes[0].name, "guarded");
  EXPECT_EQ(probes[0].address, 0x1100u);
  EXPECT_EQ(probes[0].semaphore, 0x4008u);
  EXPECT_EQ(probes[0].arguments, "-8@%rdi -2@%ax");
}

TEST(UsdtNotes, PrelinkedFilesMoveAddressesWithTheBaseSection) {
  ElfMetadata metadata;
  metadata.section_addresses[".stapsdt.base"] = 0x3000;
  metadata.notes.push_back(
      {".note.stapsdt", "stapsdt", 3,
       stapsdtDesc(0x1100, 0x2000, 0, std::string("p\0n\0", 4) + std::string(1, '\0'))});
  auto probes = usdtProbes(ElfImage({}, {}, metadata));
  ASSERT_EQ(probes.size(), 1u);
  EXPECT_EQ(probes[0].address, 0x2100u);
  EXPECT_EQ(probes[0].semaphore, 0u);
  EXPECT_EQ(probes[0].arguments, "");
}

} // namespace
} // namespace bpfscope
