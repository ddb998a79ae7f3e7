// The compiled-script cache: a second run of the same script on the same
// kernel loads the cached object, without loading the code generator; any
// change to the script, its arguments or the kernel's BTF compiles again.

#include "harness.h"

#include <sys/stat.h>
#include <utime.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace bpfscope::e2e {
namespace {

namespace fs = std::filesystem;

const std::string kScript = R"(BEGIN { printf("cached %d\n", $1); exit(); })";

class CacheTest : public E2ETest {
protected:
  void SetUp() override {
    E2ETest::SetUp();
    char pattern[] = "/tmp/bpfscope-cache-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    setenv("BPFSCOPE_CACHE_DIR", (dir_ + "/objects").c_str(), 1);
    setenv("BPFSCOPE_NO_CACHE", "0", 1);
  }

  void TearDown() override {
    unsetenv("BPFSCOPE_CACHE_DIR");
    unsetenv("BPFSCOPE_NO_CACHE");
    unsetenv("BPFTRACE_BTF");
    fs::remove_all(dir_);
  }

  size_t entries() const {
    std::error_code error;
    size_t count = 0;
    for (auto it = fs::directory_iterator(dir_ + "/objects", error); !error && it != fs::end(it);
         ++it)
      ++count;
    return count;
  }

  // Runs `script` with -v and returns what the cache did: "stored", "using" or "".
  std::string cacheAction(const std::string &script, const std::string &arg,
                          const std::string &expected_out,
                          const std::vector<std::string> &flags = {}) {
    std::vector<std::string> args{"-v", "-e", script, arg};
    args.insert(args.begin(), flags.begin(), flags.end());
    auto result = runBpfscope(args);
    EXPECT_EQ(result.exitCode, 0) << result.err;
    EXPECT_EQ(result.out, expected_out);
    for (const char *action : {"stored", "using"})
      if (result.err.find(std::string("cache: ") + action + " ") != std::string::npos)
        return action;
    return "";
  }

  std::string dir_;
};

TEST_F(CacheTest, SecondRunUsesTheCachedObject) {
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "using");
  EXPECT_EQ(entries(), 1u);
}

// The tool's own memory map (BEGIN's pid is the tool's) shows the code
// generator library after a compile and not after a start from the cache.
TEST_F(CacheTest, CachedRunDoesNotLoadTheCodeGenerator) {
  const std::string script = R"(BEGIN {
    system("grep -q libbpfscope-backend.so /proc/%d/maps && echo loaded || echo absent", pid);
    exit(); })";
  EXPECT_EQ(cacheAction(script, "", "loaded\n\n\n", {"--unsafe"}), "stored");
  EXPECT_EQ(cacheAction(script, "", "absent\n\n\n", {"--unsafe"}), "using");
}

TEST_F(CacheTest, ChangedScriptOrArgumentsCompileAgain) {
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
  EXPECT_EQ(cacheAction(kScript, "2", "cached 2\n\n\n"), "stored");
  std::string other = R"(BEGIN { printf("other %d\n", $1); exit(); })";
  EXPECT_EQ(cacheAction(other, "1", "other 1\n\n\n"), "stored");
  EXPECT_EQ(entries(), 3u);
  EXPECT_EQ(cacheAction(kScript, "2", "cached 2\n\n\n"), "using");
}

TEST_F(CacheTest, ChangedKernelBtfCompilesAgain) {
  std::string btf = dir_ + "/vmlinux";
  fs::copy_file("/sys/kernel/btf/vmlinux", btf);
  setenv("BPFTRACE_BTF", btf.c_str(), 1);
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "using");
  // A new kernel (here: its BTF rewritten later) must not reuse the old code.
  struct utimbuf later {};
  later.actime = later.modtime = time(nullptr) + 60;
  ASSERT_EQ(utime(btf.c_str(), &later), 0);
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
  EXPECT_EQ(entries(), 2u);
}

TEST_F(CacheTest, NoCacheFlagNeitherReadsNorWrites) {
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n", {"--no-cache"}), "");
  EXPECT_EQ(entries(), 0u);
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n", {"--no-cache"}), "");
}

TEST_F(CacheTest, CorruptEntryIsACacheMiss) {
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
  for (const auto &entry : fs::directory_iterator(dir_ + "/objects"))
    std::ofstream(entry.path(), std::ios::trunc) << "garbage";
  EXPECT_EQ(cacheAction(kScript, "1", "cached 1\n\n\n"), "stored");
}

} // namespace
} // namespace bpfscope::e2e
