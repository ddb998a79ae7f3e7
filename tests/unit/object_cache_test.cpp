#include "cache/object_cache.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace bpfscope {
namespace {

namespace fs = std::filesystem;

class ObjectCacheTest : public ::testing::Test {
protected:
  void SetUp() override {
    char pattern[] = "/tmp/bpfscope-object-cache-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  static CodegenResult sampleCode() {
    CodegenResult code;
    code.object = {0x7f, 'E', 'L', 'F', 1, 2, 3};
    code.locations.record(Span{4, 9});
    code.locations.record(Span{12, 20});
    return code;
  }

  std::string dir_;
};

TEST_F(ObjectCacheTest, StoredCodeLoadsBackUnderTheSameKey) {
  ObjectCache cache(dir_ + "/nested/objects");
  EXPECT_FALSE(cache.load("key").has_value());
  cache.store("key", sampleCode());
  auto loaded = cache.load("key");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->object, sampleCode().object);
  ASSERT_EQ(loaded->locations.spans().size(), 2u);
  EXPECT_EQ(loaded->locations.spans().at(12).end, 20u);
  EXPECT_FALSE(cache.load("other key").has_value());
  EXPECT_EQ(fs::status(dir_ + "/nested/objects").permissions(), fs::perms::owner_all);
}

TEST_F(ObjectCacheTest, TruncatedEntryIsAMiss) {
  ObjectCache cache(dir_);
  cache.store("key", sampleCode());
  std::string path = cache.entryPath("key");
  fs::resize_file(path, fs::file_size(path) - 3);
  EXPECT_FALSE(cache.load("key").has_value());
}

TEST_F(ObjectCacheTest, KeyCoversScriptArgumentsAndProbes) {
  CheckedProgram program;
  SourceFile script("a.bt", "BEGIN { exit(); }");
  std::string base = ObjectCache::keyOf(program, script, {});
  EXPECT_EQ(base, ObjectCache::keyOf(program, script, {}));
  EXPECT_NE(base, ObjectCache::keyOf(program, SourceFile("a.bt", "BEGIN { exit(1); }"), {}));
  EXPECT_NE(base, ObjectCache::keyOf(program, SourceFile("b.bt", script.text()), {}));
  EXPECT_NE(base, ObjectCache::keyOf(program, script, {"1"}));
  // Arguments are length-prefixed: ("ab") and ("a", "b") differ.
  EXPECT_NE(ObjectCache::keyOf(program, script, {"ab"}),
            ObjectCache::keyOf(program, script, {"a", "b"}));
  program.config["max_map_keys"] = "10";
  EXPECT_NE(base, ObjectCache::keyOf(program, script, {}));
}

TEST_F(ObjectCacheTest, KeyNamesTheKernelBtf) {
  CheckedProgram program;
  SourceFile script("a.bt", "BEGIN { exit(); }");
  std::string btf = dir_ + "/vmlinux";
  std::ofstream(btf) << "btf v1";
  setenv("BPFTRACE_BTF", btf.c_str(), 1);
  std::string before = ObjectCache::keyOf(program, script, {});
  std::ofstream(btf) << "btf version 2";
  std::string after = ObjectCache::keyOf(program, script, {});
  unsetenv("BPFTRACE_BTF");
  EXPECT_NE(before, after);
}

} // namespace
} // namespace bpfscope
