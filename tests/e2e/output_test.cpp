// Programs that need no workload: BEGIN, interval, script files.

#include "harness.h"

#include <gmock/gmock.h>
#include <gtest/gtest-spi.h>

#include <cstdio>
#include <fstream>
#include <unistd.h>

namespace bpfscope::e2e {
namespace {

using ::testing::HasSubstr;

class OutputTest : public E2ETest {};

TEST_F(OutputTest, BeginPrintfThenExit) {
  auto result = runBpfscope({"-e", R"(BEGIN { printf("hello %d\n", 42); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  // The two newlines are what bpftrace prints before the (here absent) maps.
  EXPECT_EQ(result.out, "hello 42\n\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 1 probe")) << result.err;
}

TEST_F(OutputTest, BeginThenIntervalExits) {
  auto result = runBpfscope({"-e", R"(BEGIN { printf("start\n"); }
interval:ms:100 { printf("tick\n"); exit(); })"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "start\ntick\n\n\n");
  EXPECT_TRUE(hasLine(result.err, "Attached 2 probes")) << result.err;
}

TEST_F(OutputTest, ScalarMapsPrintedAtExitInNameOrder) {
  auto result = runBpfscope({"-e", "BEGIN { @b = 2; @a = 1; @c[\"x\", 3] = 4; exit(); }"});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "\n\n@a: 1\n@b: 2\n@c[x, 3]: 4\n");
}

TEST_F(OutputTest, HarnessKillsToolThatNeverStops) {
  RunOptions options;
  options.timeout = milliseconds(1500);
  bool timedOut = false;
  EXPECT_NONFATAL_FAILURE(
      {
        auto result = runBpfscope(
            {"-e", R"(BEGIN { printf("running\n"); } interval:s:60 { exit(); })"}, options);
        timedOut = result.timedOut;
      },
      "timed out");
  EXPECT_TRUE(timedOut);
}

// A script file argument is run like -e, and diagnostics name the file.
class ScriptFileTest : public E2ETest {
protected:
  void TearDown() override { std::remove(path_.c_str()); }

  std::string writeScript(const std::string &text) {
    char name[] = "/tmp/bpfscope-e2e-XXXXXX.bt";
    int fd = mkstemps(name, 3);
    EXPECT_GE(fd, 0);
    close(fd);
    path_ = name;
    std::ofstream(path_) << text;
    return path_;
  }

  std::string path_;
};

TEST_F(ScriptFileTest, RunsScriptFile) {
  auto path = writeScript("BEGIN\n{\n  printf(\"from file\\n\");\n  exit();\n}\n");
  auto result = runBpfscope({path});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "from file\n\n\n");
}

TEST_F(ScriptFileTest, ErrorLocationNamesTheFile) {
  auto path = writeScript("BEGIN\n{\n  printf(\"x\"\n}\n");
  auto result = runBpfscope({path});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_THAT(result.err, HasSubstr(path + ":4:"));
  EXPECT_THAT(result.err, HasSubstr("ERROR:"));
}

} // namespace
} // namespace bpfscope::e2e
