// Kernel and user symbol resolution, and the text of stacks and symbols.
#include "runtime/kernel_symbols.h"
#include "runtime/stack_format.h"
#include "runtime/symbolizer.h"
#include "runtime/user_symbols.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bpfscope {
namespace {

const char *kKallsyms = "ffffffff81000000 T _stext\n"
                        "ffffffff81000080 T entry_SYSCALL_64\n"
                        "ffffffff81000080 t entry_SYSCALL_64_alias\n"
                        "ffffffff8225a650 T do_syscall_64\n"
                        "ffffffffc0001000 t mod_func\t[some_module]\n";

KernelSymbols testKernel() {
  std::istringstream in(kKallsyms);
  return KernelSymbols(in);
}

TEST(KernelSymbols, ResolvesToTheSymbolAtOrBelow) {
  KernelSymbols k = testKernel();
  auto hit = k.resolve(0xffffffff8225a85f);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->name, "do_syscall_64");
  EXPECT_EQ(hit->offset, 0x20fu);
  EXPECT_EQ(k.resolve(0xffffffff81000080)->name, "entry_SYSCALL_64"); // the first listed alias
  EXPECT_EQ(k.resolve(0xffffffffc0001004)->name, "mod_func");
  EXPECT_FALSE(k.resolve(0x1000));
}

TEST(KernelSymbols, FindsAddressesByName) {
  KernelSymbols k = testKernel();
  EXPECT_EQ(k.addressOf("do_syscall_64"), 0xffffffff8225a650u);
  EXPECT_FALSE(k.addressOf("no_such_symbol"));
}

TEST(KernelSymbols, HiddenAddressesResolveNothing) {
  std::istringstream in("0000000000000000 T _stext\n0000000000000000 T do_syscall_64\n");
  KernelSymbols k(in);
  EXPECT_FALSE(k.resolve(0xffffffff8225a650));
  EXPECT_FALSE(k.addressOf("do_syscall_64"));
}

// A function of this test program, resolved through its own /proc/self/maps:
// the test binary is a PIE, so this checks the load bias.
__attribute__((noinline)) int bpfsSymbolizerProbeTarget(int x) {
  __asm__ volatile("");
  return x + 1;
}

TEST(UserSymbols, ResolvesAFunctionOfThisProcess) {
  UserSymbols symbols;
  auto address = reinterpret_cast<uint64_t>(&bpfsSymbolizerProbeTarget);
  auto hit = symbols.resolve(static_cast<uint32_t>(getpid()), address + 2);
  ASSERT_TRUE(hit);
  EXPECT_NE(hit->name.find("bpfsSymbolizerProbeTarget"), std::string::npos) << hit->name;
  EXPECT_EQ(hit->offset, 2u);
  EXPECT_NE(hit->module.find("bpfscope_unit_tests"), std::string::npos) << hit->module;
}

TEST(UserSymbols, ResolvesInSharedLibraries) {
  UserSymbols symbols;
  auto hit =
      symbols.resolve(static_cast<uint32_t>(getpid()), reinterpret_cast<uint64_t>(&::getppid));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->name, "getppid");
  EXPECT_NE(hit->module.find("libc"), std::string::npos) << hit->module;
}

TEST(UserSymbols, UnknownProcessOrAddressResolvesNothing) {
  UserSymbols symbols;
  EXPECT_FALSE(symbols.resolve(static_cast<uint32_t>(getpid()), 0x10));
  UserSymbols missing_proc("/nonexistent");
  EXPECT_FALSE(missing_proc.resolve(1, reinterpret_cast<uint64_t>(&::getppid)));
}

// A fake /proc where process 4242 maps this test binary under a path that
// exists only below its root, as a process in a container does.
class UserSymbolsInMountNamespace : public ::testing::Test {
protected:
  void SetUp() override {
    char dir[] = "/tmp/bpfs_procXXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    proc_ = dir;
    std::string process = proc_ + "/4242";
    ASSERT_EQ(std::system(("mkdir -p " + process + "/root/container/bin").c_str()), 0);
    ASSERT_EQ(symlink("/proc/self/exe", (process + "/root/container/bin/app").c_str()), 0);
    std::ifstream own_maps("/proc/self/maps");
    std::ofstream maps(process + "/maps");
    std::string exe = std::filesystem::read_symlink("/proc/self/exe").string();
    for (std::string line; std::getline(own_maps, line);)
      if (line.size() > exe.size() && line.ends_with(exe))
        maps << line.substr(0, line.size() - exe.size()) << "/container/bin/app\n";
  }
  void TearDown() override { std::system(("rm -rf " + proc_).c_str()); }

  std::string proc_;
};

TEST_F(UserSymbolsInMountNamespace, ReadsTheObjectThroughTheProcessRoot) {
  UserSymbols symbols(proc_);
  auto address = reinterpret_cast<uint64_t>(&bpfsSymbolizerProbeTarget);
  auto hit = symbols.resolve(4242, address + 2);
  ASSERT_TRUE(hit);
  EXPECT_NE(hit->name.find("bpfsSymbolizerProbeTarget"), std::string::npos) << hit->name;
  EXPECT_EQ(hit->module, "/container/bin/app");
}

struct StackBytes {
  std::vector<uint8_t> bytes;
  StackBytes(uint32_t pid, std::vector<uint64_t> ips, uint32_t limit) : bytes(8 + 8 * limit) {
    auto frames = static_cast<uint32_t>(ips.size());
    std::memcpy(bytes.data(), &pid, 4);
    std::memcpy(bytes.data() + 4, &frames, 4);
    std::memcpy(bytes.data() + 8, ips.data(), 8 * ips.size());
  }
};

Symbolizer testSymbolizer() {
  static const KernelSymbols kernel = testKernel();
  return Symbolizer([]() -> const KernelSymbols & { return kernel; }, UserSymbols());
}

TEST(StackFormat, KernelStackInEachMode) {
  Symbolizer s = testSymbolizer();
  StackBytes stack(0, {0xffffffff8225a85f, 0xffffffff81000096, 0x1234}, 127);
  EXPECT_EQ(formatStack(Type::stack(false, StackMode::Bpftrace, 127), stack.bytes.data(), 8, s),
            "\n        do_syscall_64+527\n        entry_SYSCALL_64+22\n        0x1234\n");
  EXPECT_EQ(formatStack(Type::stack(false, StackMode::Bpftrace, 127), stack.bytes.data(), 4, s),
            "\n    do_syscall_64+527\n    entry_SYSCALL_64+22\n    0x1234\n");
  EXPECT_EQ(formatStack(Type::stack(false, StackMode::Perf, 127), stack.bytes.data(), 8, s),
            "\n\tffffffff8225a85f do_syscall_64+527\n\tffffffff81000096 entry_SYSCALL_64+22\n"
            "\t1234 0x1234\n");
  EXPECT_EQ(formatStack(Type::stack(false, StackMode::Raw, 127), stack.bytes.data(), 8, s),
            "\nffffffff8225a85f\nffffffff81000096\n1234\n");
}

// As the newest bpftrace prints ustack(build_id): unindented, the build id in
// hex and the offset in its binary, or the address when no build id was found.
TEST(StackFormat, BuildIdFramesNameTheBinaryByItsBuildId) {
  Symbolizer s = testSymbolizer();
  Type type = Type::stack(true, StackMode::BuildId, 3);
  ASSERT_EQ(type.size, 8u + 3 * 32);
  std::vector<uint8_t> bytes(type.size, 0);
  uint32_t frames = 2;
  std::memcpy(bytes.data() + 4, &frames, 4);
  uint8_t *valid = bytes.data() + 8;
  int32_t status = 1; // BPF_STACK_BUILD_ID_VALID
  std::memcpy(valid, &status, 4);
  for (int i = 0; i < 20; ++i)
    valid[4 + i] = static_cast<uint8_t>(0xa0 + i);
  uint64_t offset = 0x1139;
  std::memcpy(valid + 24, &offset, 8);
  uint8_t *address_only = valid + 32;
  status = 2; // BPF_STACK_BUILD_ID_IP
  std::memcpy(address_only, &status, 4);
  uint64_t ip = 0x7f0011223344;
  std::memcpy(address_only + 24, &ip, 8);
  EXPECT_EQ(formatStack(type, bytes.data(), 8, s),
            "\na0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3 0x1139\n7f0011223344\n");
  offset = 5;
  std::memcpy(valid + 24, &offset, 8);
  frames = 1;
  std::memcpy(bytes.data() + 4, &frames, 4);
  EXPECT_EQ(formatStack(type, bytes.data(), 4, s),
            "\na0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3 0x05\n");
}

TEST(StackFormat, UserStackNamesFunctionsAndModules) {
  Symbolizer s = testSymbolizer();
  auto pid = static_cast<uint32_t>(getpid());
  auto libc = reinterpret_cast<uint64_t>(&::getppid);
  StackBytes stack(pid, {libc + 7, 0x10}, 3);
  EXPECT_EQ(formatStack(Type::stack(true, StackMode::Bpftrace, 3), stack.bytes.data(), 8, s),
            "\n        getppid+7\n        0x10\n");
  std::string perf = formatStack(Type::stack(true, StackMode::Perf, 3), stack.bytes.data(), 8, s);
  EXPECT_EQ(perf.find(fmt::format("\n\t{:x} getppid+7 (/", libc + 7)), 0u) << perf;
  EXPECT_NE(perf.find("\t10 0x10 ([unknown])\n"), std::string::npos) << perf;
}

TEST(StackFormat, SymbolsPrintTheNameAlone) {
  Symbolizer s = testSymbolizer();
  uint64_t symbol[2] = {0xffffffff8225a655, 0};
  EXPECT_EQ(formatSymbol(Type::symbol(false), reinterpret_cast<uint8_t *>(symbol), s),
            "do_syscall_64");
  symbol[0] = 0x42;
  EXPECT_EQ(formatSymbol(Type::symbol(false), reinterpret_cast<uint8_t *>(symbol), s), "0x42");
  uint64_t user[2] = {reinterpret_cast<uint64_t>(&::getppid) + 3, static_cast<uint64_t>(getpid())};
  EXPECT_EQ(formatSymbol(Type::symbol(true), reinterpret_cast<uint8_t *>(user), s), "getppid");
}

} // namespace
} // namespace bpfscope
