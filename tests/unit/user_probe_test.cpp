// The pieces of user-space probing that need no kernel: finding binaries
// (ld.so.cache), symbol and segment arithmetic, and -c's command splitting.
#include "providers/binary_path.h"
#include "providers/elf_image.h"
#include "runtime/child_process.h"

#include <gtest/gtest.h>

#include <cstring>

namespace bpfscope {
namespace {

// A minimal "glibc-ld.so.cache1.1" file: header, entries, then strings.
struct CacheEntry {
  int32_t flags;
  std::string soname, path;
};

std::string buildLdSoCache(const std::vector<CacheEntry> &entries) {
  std::string header = "glibc-ld.so.cache1.1";
  size_t strings_at = 48 + 24 * entries.size();
  std::string strings;
  std::string table;
  auto put32 = [](std::string &out, uint32_t v) { out.append(reinterpret_cast<char *>(&v), 4); };
  for (const auto &e : entries) {
    put32(table, static_cast<uint32_t>(e.flags));
    put32(table, static_cast<uint32_t>(strings_at + strings.size()));
    strings += e.soname + '\0';
    put32(table, static_cast<uint32_t>(strings_at + strings.size()));
    strings += e.path + '\0';
    put32(table, 0);
    table.append(8, '\0');
  }
  put32(header, static_cast<uint32_t>(entries.size()));
  header.resize(48, '\0');
  return header + table + strings;
}

TEST(LdSoCache, FindsALibraryByItsShortName) {
  std::string cache =
      buildLdSoCache({{0x0303, "libcrypt.so.1", "/lib/x86_64-linux-gnu/libcrypt.so.1"},
                      {0x0303, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"}});
  EXPECT_EQ(findInLdSoCache(cache, "libc"), "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(findInLdSoCache(cache, "c"), "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(findInLdSoCache(cache, "libc.so.6"), "/lib/x86_64-linux-gnu/libc.so.6");
  EXPECT_EQ(findInLdSoCache(cache, "libcrypt"), "/lib/x86_64-linux-gnu/libcrypt.so.1");
  EXPECT_EQ(findInLdSoCache(cache, "libm"), std::nullopt);
}

TEST(LdSoCache, SkipsLibrariesOfOtherArchitectures) {
  std::string cache = buildLdSoCache({{0x0003, "libc.so.6", "/lib32/libc.so.6"},
                                      {0x0303, "libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6"}});
  EXPECT_EQ(findInLdSoCache(cache, "libc"), "/lib/x86_64-linux-gnu/libc.so.6");
}

TEST(LdSoCache, RejectsOtherFormats) {
  EXPECT_EQ(findInLdSoCache("ld.so-1.7.0", "libc"), std::nullopt);
  EXPECT_EQ(findInLdSoCache("", "libc"), std::nullopt);
}

TEST(BinaryPath, ResolvesLibcAndKeepsPathsAsWritten) {
  std::string error;
  auto libc = resolveBinaryPath("libc", &error);
  ASSERT_TRUE(libc) << error;
  EXPECT_NE(libc->find("libc.so"), std::string::npos) << *libc;
  EXPECT_EQ(resolveBinaryPath("/bin/sh", &error), "/bin/sh");
  EXPECT_EQ(resolveBinaryPath("/no/such/binary", &error), std::nullopt);
  EXPECT_EQ(error, "no such file: /no/such/binary");
}

// A PIE-like layout: text mapped at vaddr 0x1000 from file offset 0x1000,
// data at vaddr 0x4df0 from file offset 0x2df0.
ElfImage sampleImage() {
  return ElfImage({{"main", 0x1140, 0x30},
                   {"helper", 0x1120, 0x20},
                   {"__helper_alias", 0x1120, 0x20},
                   {"_start", 0x1040, 0}},
                  {{0x0, 0x600, 0x0}, {0x1000, 0x200, 0x1000}, {0x4df0, 0x230, 0x2df0}});
}

TEST(ElfImage, TranslatesAddressesAndFileOffsets) {
  ElfImage image = sampleImage();
  EXPECT_EQ(image.fileOffsetOf(0x1140), 0x1140u);
  EXPECT_EQ(image.fileOffsetOf(0x4e00), 0x2e00u);
  EXPECT_EQ(image.fileOffsetOf(0x9000), std::nullopt);
  EXPECT_EQ(image.addressOfFileOffset(0x2e00), 0x4e00u);
}

TEST(ElfImage, FindsFunctionsByNameAndAddress) {
  ElfImage image = sampleImage();
  EXPECT_EQ(image.functionNames(),
            (std::vector<std::string>{"__helper_alias", "_start", "helper", "main"}));
  ASSERT_NE(image.findFunction("main"), nullptr);
  EXPECT_EQ(image.findFunction("main")->address, 0x1140u);
  EXPECT_EQ(image.findFunction("nope"), nullptr);
  ASSERT_NE(image.functionAt(0x1150), nullptr);
  EXPECT_EQ(image.functionAt(0x1150)->name, "main");
  // Aliases: the first one given (the loader ranks global symbols first) wins.
  EXPECT_EQ(image.functionAt(0x1121)->name, "helper");
  // A zero-size symbol covers what follows it up to the next symbol.
  EXPECT_EQ(image.functionAt(0x1050)->name, "_start");
  EXPECT_EQ(image.functionAt(0x1170), nullptr);
  EXPECT_EQ(image.functionAt(0x10), nullptr);
}

TEST(ElfImage, ReadsARealBinary) {
  std::string error;
  auto image = ElfImage::load("/proc/self/exe", &error);
  ASSERT_TRUE(image) << error;
  const ElfFunction *main_function = image->findFunction("main");
  ASSERT_NE(main_function, nullptr);
  EXPECT_TRUE(image->fileOffsetOf(main_function->address));
  EXPECT_EQ(ElfImage::load("/etc/passwd", &error), nullptr);
  EXPECT_EQ(error, "/etc/passwd is not an ELF file");
}

TEST(ElfImage, TellsWhetherAFileHasASection) {
  EXPECT_TRUE(ElfImage::hasSection("/proc/self/exe", ".text"));
  EXPECT_FALSE(ElfImage::hasSection("/proc/self/exe", ".note.stapsdt"));
  EXPECT_FALSE(ElfImage::hasSection("/etc/passwd", ".text"));
  EXPECT_FALSE(ElfImage::hasSection("/no/such/file", ".text"));
}

// A path holding a wildcard names files; a bare name or a plain path does not.
TEST(BinaryPath, PathPatterns) {
  EXPECT_TRUE(isBinaryPattern("/usr/lib/*/libc.so*"));
  EXPECT_TRUE(isBinaryPattern("./bin/app?"));
  EXPECT_FALSE(isBinaryPattern("/bin/sh"));
  EXPECT_FALSE(isBinaryPattern("lib*"));
  EXPECT_EQ(listedBinaries("/bin/s[h]"), (std::vector<std::string>{"/bin/sh"}));
  EXPECT_EQ(listedBinaries("/no/such/dir/*"), std::vector<std::string>{});
}

TEST(SplitCommand, SplitsWordsAndHonoursQuotes) {
  EXPECT_EQ(splitCommand("ls -l  /tmp"), (std::vector<std::string>{"ls", "-l", "/tmp"}));
  EXPECT_EQ(splitCommand("sh -c 'echo a b' \"x y\""),
            (std::vector<std::string>{"sh", "-c", "echo a b", "x y"}));
  EXPECT_EQ(splitCommand("a '' b"), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_TRUE(splitCommand("   ").empty());
}

// The shell's backslash: any character outside quotes, only `"` and `\`
// inside double quotes, none inside single quotes.
TEST(SplitCommand, BackslashKeepsTheNextCharacter) {
  EXPECT_EQ(splitCommand("echo a\\ b c"), (std::vector<std::string>{"echo", "a b", "c"}));
  EXPECT_EQ(splitCommand("echo \\'x\\\\"), (std::vector<std::string>{"echo", "'x\\"}));
  EXPECT_EQ(splitCommand("echo \"q\\\"w\\n\""), (std::vector<std::string>{"echo", "q\"w\\n"}));
  EXPECT_EQ(splitCommand("echo 'a\\ b'"), (std::vector<std::string>{"echo", "a\\ b"}));
  EXPECT_EQ(splitCommand("echo x\\"), (std::vector<std::string>{"echo", "x\\"}));
}

} // namespace
} // namespace bpfscope
