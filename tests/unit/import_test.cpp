// import "x.bt": resolution relative to the importing script, merging, and
// the errors for missing, cyclic, world-writable and C imports.
#include "parser/imports.h"
#include "parser/parser.h"
#include "sema/sema.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdlib.h>

namespace bpfscope {
namespace {

namespace fs = std::filesystem;

class Imports : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "bpfscope-import-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string &name, const std::string &text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }

  // Parses DIR/main.bt with its imports; the rendered diagnostics, with DIR/ cut.
  std::string run(const std::string &main) {
    write("main.bt", main);
    source_ = std::make_unique<SourceFile>((dir_ / "main.bt").string(), main);
    diags_ = std::make_unique<Diagnostics>(*source_);
    program_ = parse(*source_, *diags_);
    if (!diags_->hasErrors())
      resolveImports(*source_, *program_, *diags_);
    std::ostringstream out;
    diags_->render(out);
    std::string text = out.str();
    for (size_t at; (at = text.find(dir_.string() + "/")) != std::string::npos;)
      text.erase(at, dir_.string().size() + 1);
    return text;
  }

  fs::path dir_;
  std::unique_ptr<SourceFile> source_;
  std::unique_ptr<Diagnostics> diags_;
  std::unique_ptr<ast::Program> program_;
};

TEST_F(Imports, MergesProbesMacrosAndMapsImportedFirst) {
  write("lib/util.bt", "import \"deep.bt\";\nmacro twice(x) { x * 2 }\nlet @m = hash(8);\n"
                       "BEGIN { @m[1] = 1; }\n");
  write("lib/deep.bt", "macro inc(x) { x + 1 }\n");
  EXPECT_EQ(run("import \"lib/util.bt\";\nEND { @r = twice(inc(1)); }"), "");
  ASSERT_EQ(program_->probes.size(), 2u);
  EXPECT_EQ(program_->probes[0].attach_points[0].text, "BEGIN");
  EXPECT_EQ(program_->probes[1].attach_points[0].text, "END");
  ASSERT_EQ(program_->macros.size(), 2u);
  EXPECT_EQ(program_->macros[0].name, "inc");
  EXPECT_EQ(program_->map_declarations.size(), 1u);
  auto checked = analyze(std::move(program_), *diags_, SemaOptions{});
  EXPECT_TRUE(checked.has_value());
}

TEST_F(Imports, EachFileOnceAndDirectories) {
  write("lib/a.bt", "import \"b.bt\";\nmacro a() { 1 }\n");
  write("lib/b.bt", "macro b() { 2 }\n");
  EXPECT_EQ(run("import \"lib\";\nimport \"lib/b.bt\";\nBEGIN { @r = a + b; }"), "");
  ASSERT_EQ(program_->macros.size(), 2u);
  EXPECT_EQ(program_->macros[0].name, "b");
  EXPECT_EQ(program_->macros[1].name, "a");
}

TEST_F(Imports, ErrorsInImportedFilesNameTheirFileAndLine) {
  write("lib.bt", "// a library\nmacro broken( { 1 }\n");
  EXPECT_EQ(run("import \"lib.bt\";\nBEGIN { }"),
            "lib.bt:2:15: ERROR: syntax error: unexpected '{', expected a macro parameter: "
            "$variable, @map or a name for an expression\n"
            "macro broken( { 1 }\n"
            "              ^\n");
}

TEST_F(Imports, MissingFile) {
  EXPECT_EQ(run("BEGIN { }\nimport \"nope.bt\";"),
            "main.bt:2:1: ERROR: cannot import nope.bt: No such file or directory\n"
            "import \"nope.bt\";\n"
            "^~~~~~~~~~~~~~~~\n"
            "HINT: an import's path is relative to the directory of the script that imports "
            "it\n");
}

TEST_F(Imports, CyclesAreErrors) {
  write("a.bt", "import \"b.bt\";\n");
  write("b.bt", "\nimport \"main.bt\";\n");
  EXPECT_EQ(run("import \"a.bt\";\nBEGIN { }"),
            "b.bt:2:1: ERROR: import cycle: main.bt > a.bt > b.bt > main.bt\n"
            "import \"main.bt\";\n"
            "^~~~~~~~~~~~~~~~\n"
            "HINT: a script cannot import a script that imports it\n");
}

TEST_F(Imports, RefusesWorldWritableFilesAndCImports) {
  write("open.bt", "macro m() { 1 }\n");
  fs::permissions(dir_ / "open.bt", fs::perms::others_write, fs::perm_options::add);
  write("x.h", "struct s { int a; };\n");
  EXPECT_EQ(run("import \"open.bt\";\nimport \"x.h\";\nBEGIN { }"),
            "main.bt:1:1: ERROR: refusing to import open.bt: it or its directory is writable "
            "by every user\n"
            "import \"open.bt\";\n"
            "^~~~~~~~~~~~~~~~\n"
            "HINT: remove the write permission of others: chmod o-w\n"
            "main.bt:2:1: ERROR: cannot import x.h: C imports are not supported\n"
            "import \"x.h\";\n"
            "^~~~~~~~~~~~\n"
            "HINT: bpfscope compiles no C; import bpftrace scripts (.bt) and define C types in "
            "the script's preamble\n");
}

TEST_F(Imports, ImportedConfigIsAnError) {
  write("cfg.bt", "config = { max_strlen = 64 }\n");
  EXPECT_EQ(run("import \"cfg.bt\";\nBEGIN { }"),
            "cfg.bt:1:12: ERROR: an imported script cannot have a config block\n"
            "config = { max_strlen = 64 }\n"
            "           ^~~~~~~~~~~~~~~\n"
            "HINT: set the configuration in the script that is run\n");
}

TEST_F(Imports, NoProbesAnywhere) {
  write("lib.bt", "macro m() { 1 }\n");
  EXPECT_EQ(run("import \"lib.bt\";"),
            "main.bt:1:1: ERROR: no probes in the script or in the scripts it imports\n"
            "import \"lib.bt\";\n"
            "^~~~~~~~~~~~~~~\n"
            "HINT: a probe looks like: BEGIN { printf(\"hello\\n\"); }\n");
}

} // namespace
} // namespace bpfscope
