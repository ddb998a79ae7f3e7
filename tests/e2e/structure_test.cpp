// Program structure on the real kernel: macros, block expressions and
// import of other scripts, run in BEGIN probes with exact output.
#include "harness.h"

#include <filesystem>
#include <fstream>
#include <stdlib.h>

namespace bpfscope::e2e {
namespace {

namespace fs = std::filesystem;

class StructureTest : public E2ETest {
protected:
  void TearDown() override {
    if (!dir_.empty())
      fs::remove_all(dir_);
    E2ETest::TearDown();
  }

  RunResult run(const std::vector<std::string> &args) { return runBpfscope(args); }

  std::string output(const std::string &script) {
    RunResult result = run({"-q", "-e", script});
    EXPECT_EQ(result.exitCode, 0) << result.err;
    return result.out;
  }

  // Writes NAME under a private temporary directory; returns its path.
  std::string write(const std::string &name, const std::string &text) {
    if (dir_.empty()) {
      std::string pattern = (fs::temp_directory_path() / "bpfscope-e2e-XXXXXX").string();
      EXPECT_NE(mkdtemp(pattern.data()), nullptr);
      dir_ = pattern;
    }
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  fs::path dir_;
};

// The example of bpftrace's language documentation, line for line.
TEST_F(StructureTest, MacrosOfTheLanguageDocumentation) {
  EXPECT_EQ(output(R"(
macro one() { 1 }
macro add_one(x) { x + 1 }
macro add_one_to_each($a, @b) { $a += 1; @b += 1; }
macro side_effects(x) { x; x; x; }
macro add_two(x) { add_one(x) + 1 }
BEGIN {
  print(one());
  print(one);
  $a = 10;
  print(add_one($a));
  print(add_one(1 + 1));
  @b = 5;
  add_one_to_each($a, @b);
  print($a + @b);
  side_effects({ printf("hi") });
  printf("\n");
  print(add_two(1));
  delete(@b);
  exit();
})"),
            "1\n1\n11\n3\n17\nhihihi\n3\n\n\n");
}

TEST_F(StructureTest, MacroVariablesDoNotTouchTheCallers) {
  EXPECT_EQ(output(R"(
macro square(x) { let $v = x; $v * $v }
BEGIN { $v = 3; $r = square($v + 1); printf("%d %d\n", $v, $r); exit(); })"),
            "3 16\n\n\n");
}

TEST_F(StructureTest, MacrosUseMapsAndVariablesPassedIn) {
  EXPECT_EQ(output(R"(
macro tally(@m, k, $n) { @m[k] = @m[k] + $n; $n = 0; }
BEGIN { $n = 5; tally(@seen, "a", $n); tally(@seen, "a", $n); $n = 2; tally(@seen, "b", $n);
  printf("%d\n", $n); exit(); })"),
            "0\n\n\n@seen[b]: 2\n@seen[a]: 5\n");
}

TEST_F(StructureTest, BlockExpressions) {
  EXPECT_EQ(output(R"(BEGIN { $a = { let $b = 1; $b + 1 }; @s = { $t = "str"; $t };
  printf("%d %d\n", $a, { $c = 20; $c * 2 } + 2); exit(); })"),
            "2 42\n\n\n@s: str\n");
}

TEST_F(StructureTest, MacroErrorsPointAtTheCall) {
  RunResult result = run({"-e", "macro add_one(x) { x + 1 }\nBEGIN { print(add_one()); }"});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, "stdin:2:15: ERROR: macro add_one takes 1 argument, not 0\n"
                        "BEGIN { print(add_one()); }\n"
                        "              ^~~~~~~~~\n"
                        "HINT: it is defined as add_one(x) at stdin:1\n");
}

TEST_F(StructureTest, ImportsScriptsRelativeToTheImporter) {
  write("lib/math.bt", "import \"probes.bt\";\nmacro triple(x) { x * 3 }\n");
  write("lib/probes.bt", "BEGIN { printf(\"library first\\n\"); }\n");
  std::string main = write("main.bt", "import \"lib/math.bt\";\n"
                                      "BEGIN { printf(\"%d\\n\", triple(14)); exit(); }\n");
  RunResult result = run({"-q", main});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "library first\n42\n\n\n");
}

TEST_F(StructureTest, ImportErrorsNameTheImportedFile) {
  write("lib.bt", "macro m() {\n  @x++\n}\n");
  std::string main = write("main.bt", "import \"lib.bt\";\nBEGIN { m(); exit(); }\n");
  RunResult result = run({main});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, (dir_ / "lib.bt").string() +
                            ":2:3: ERROR: macro m uses the map @x, which is not one of its "
                            "parameters\n"
                            "  @x++\n"
                            "  ^~\n"
                            "HINT: maps are passed in: add @x to the parameters of m and to "
                            "each call\n");
  write("cycle.bt", "import \"main2.bt\";\n");
  std::string main2 = write("main2.bt", "import \"cycle.bt\";\nBEGIN { exit(); }\n");
  result = run({main2});
  EXPECT_EQ(result.exitCode, 1);
  EXPECT_EQ(result.err, (dir_ / "cycle.bt").string() +
                            ":1:1: ERROR: import cycle: main2.bt > cycle.bt > main2.bt\n"
                            "import \"main2.bt\";\n"
                            "^~~~~~~~~~~~~~~~~\n"
                            "HINT: a script cannot import a script that imports it\n");
}

} // namespace
} // namespace bpfscope::e2e
