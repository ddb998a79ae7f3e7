// cmake --install into a temporary DESTDIR puts the binary, its code
// generator library, the man page, the tools of probes/ and the bash
// completion where users, man and bash look for them, and an installed tool
// runs as a command through its shebang (compiling: it finds the library).

#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace bpfscope::e2e {
namespace {

namespace fs = std::filesystem;

std::string shellQuoted(const std::string &text) {
  return "'" + text + "'";
}

bool isExecutable(const fs::path &path) {
  return access(path.c_str(), X_OK) == 0 && fs::is_regular_file(path);
}

class InstallTest : public E2ETest {
protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/bpfscope-install-XXXXXX";
    destdir_ = mkdtemp(pattern);
    installLog_ =
        shellOutput("DESTDIR=" + shellQuoted(destdir_) + " " + shellQuoted(BPFSCOPE_E2E_CMAKE) +
                    " --install " + shellQuoted(BPFSCOPE_E2E_BUILD_DIR) + " --prefix /usr");
  }

  static void TearDownTestSuite() { fs::remove_all(destdir_); }

  static fs::path installed(const std::string &path) { return fs::path(destdir_) / path; }

  // PATH with the installed bin/ first, as after a real install.
  static std::string pathWithInstalledBin() {
    return installed("usr/bin").string() + ":" + std::getenv("PATH");
  }

  static inline std::string destdir_;
  static inline std::string installLog_;
};

TEST_F(InstallTest, PlacesBinaryManPageToolsAndCompletion) {
  EXPECT_TRUE(isExecutable(installed("usr/bin/bpfscope"))) << installLog_;
  EXPECT_TRUE(hasLineMatching(installLog_, R"(.*/usr/lib[^ ]*/bpfscope/libbpfscope-backend\.so)"))
      << installLog_;
  EXPECT_TRUE(fs::is_regular_file(installed("usr/share/man/man8/bpfscope.8"))) << installLog_;
  EXPECT_TRUE(fs::is_regular_file(installed("usr/share/bash-completion/completions/bpfscope")))
      << installLog_;
  for (const auto &entry : fs::directory_iterator(BPFSCOPE_E2E_PROBES_DIR)) {
    if (entry.path().extension() != ".bt")
      continue;
    fs::path tool = installed("usr/share/bpfscope/probes") / entry.path().filename();
    EXPECT_TRUE(isExecutable(tool)) << tool;
  }
}

TEST_F(InstallTest, InstalledToolRunsThroughItsShebang) {
  // The harness executes the script itself; the kernel reads its
  // #!/usr/bin/env bpfscope line and env finds the installed binary on PATH.
  std::string savedPath = std::getenv("PATH");
  setenv("PATH", pathWithInstalledBin().c_str(), 1);
  setenv("BPFSCOPE_E2E_BINARY", installed("usr/share/bpfscope/probes/syncsnoop.bt").c_str(), 1);
  RunOptions options;
  options.timeout = milliseconds(60000);
  options.workload = {"/bin/sync"};
  options.sigintAfter = milliseconds(300);
  auto result = runBpfscope({}, options);
  unsetenv("BPFSCOPE_E2E_BINARY");
  setenv("PATH", savedPath.c_str(), 1);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_TRUE(hasLineMatching(result.out,
                              R"(\d\d:\d\d:\d\d  \d+ +sync +tracepoint:syscalls:sys_enter_sync)"))
      << result.out << result.err;
}

TEST_F(InstallTest, ManFindsTheInstalledPage) {
  std::string page =
      shellOutput("MANWIDTH=80 man -l " + shellQuoted(installed("usr/share/man/man8/bpfscope.8")) +
                  " 2>/dev/null | head -5");
  EXPECT_TRUE(hasLineMatching(page, R"(BPFSCOPE\(8\) +System Administration +BPFSCOPE\(8\))"))
      << page;
}

// What bash would offer after typing `commandLine` and Tab, one reply a line.
std::string completionsFor(const std::string &completion, const std::string &commandLine,
                           const std::string &path) {
  const std::string script = R"(source "$COMPLETION"; COMP_LINE=$LINE; COMP_POINT=${#COMP_LINE}; )"
                             R"(_bpfscope; printf "%s\n" "${COMPREPLY[@]}")";
  return shellOutput("COMPLETION=" + shellQuoted(completion) + " LINE=" + shellQuoted(commandLine) +
                     " PATH=" + shellQuoted(path) + " bash -c " + shellQuoted(script));
}

TEST_F(InstallTest, CompletionOffersOptionsAndProbeNames) {
  std::string completion = installed("usr/share/bash-completion/completions/bpfscope");
  EXPECT_EQ(completionsFor(completion, "bpfscope --dry", pathWithInstalledBin()), "--dry-run\n");
  EXPECT_EQ(completionsFor(completion, "bpfscope -f j", pathWithInstalledBin()), "json\n");
  // bash completes only after the last ':' of a probe name.
  std::string probes = completionsFor(completion, "bpfscope -l tracepoint:syscalls:sys_enter_opena",
                                      pathWithInstalledBin());
  EXPECT_TRUE(hasLine(probes, "sys_enter_openat")) << probes;
}

} // namespace
} // namespace bpfscope::e2e
