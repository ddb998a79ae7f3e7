// examples/tutorial.md, followed line by line: every `# bpfscope ...` command
// in a ```sh block is run while a small workload reads files, writes to disk
// and starts processes, and one line of its output must match the shape
// given under the block as <!-- shape: REGEX -->. Lines using kprobes run in
// the VM batch (their test names end in Kprobe).

#include "harness.h"
#include "runtime/child_process.h"

#include <filesystem>
#include <fstream>
#include <regex>

namespace bpfscope::e2e {
namespace {

struct OneLiner {
  int line = 0; // in tutorial.md, for messages
  std::vector<std::string> args;
  std::string shape;
  bool needsKprobes = false;
};

bool usesKprobes(const std::string &command) {
  return command.find("kprobe:") != std::string::npos ||
         command.find("kretprobe:") != std::string::npos;
}

// gtest prints a failing parameter with this.
void PrintTo(const OneLiner &oneLiner, std::ostream *out) {
  *out << "tutorial.md:" << oneLiner.line;
}

std::vector<OneLiner> tutorialOneLiners() {
  std::ifstream file(BPFSCOPE_E2E_TUTORIAL);
  std::vector<OneLiner> found;
  std::string line;
  bool inShellBlock = false;
  const std::regex shapeComment(R"(<!-- shape: (.*) -->)");
  std::smatch match;
  for (int number = 1; std::getline(file, line); ++number) {
    if (line == "```sh") {
      inShellBlock = true;
    } else if (inShellBlock && line == "```") {
      inShellBlock = false;
    } else if (inShellBlock && line.rfind("# bpfscope ", 0) == 0) {
      // The tutorial quotes like a shell; -c commands are split the same way.
      auto words = splitCommand(line.substr(2));
      OneLiner oneLiner{number, {words.begin() + 1, words.end()}, "", usesKprobes(line)};
      found.push_back(oneLiner);
    } else if (std::regex_match(line, match, shapeComment) && !found.empty() &&
               found.back().shape.empty()) {
      found.back().shape = match[1];
    }
  }
  return found;
}

TEST(TutorialTest, EveryOneLinerHasAShape) {
  auto oneLiners = tutorialOneLiners();
  // Twelve lessons, three of them with a kprobe variant.
  EXPECT_EQ(oneLiners.size(), 15u);
  for (const auto &oneLiner : oneLiners)
    EXPECT_FALSE(oneLiner.shape.empty())
        << "tutorial.md:" << oneLiner.line << " has no <!-- shape: ... --> under it";
}

// Reads a file, lists a directory, writes 16 KiB straight to disk (block
// I/O) and sleeps: something for every lesson to see.
std::vector<std::string> tutorialWorkload() {
  const std::string scratch = "/var/tmp/bpfscope-tutorial";
  return {"/bin/sh", "-c",
          "cat /etc/passwd >/dev/null; ls / >/dev/null; dd if=/dev/zero of=" + scratch +
              " bs=4096 count=4 oflag=direct status=none 2>/dev/null; rm -f " + scratch +
              "; sleep 0.1; exit 0"};
}

class TutorialLineTest : public E2ETest, public ::testing::WithParamInterface<OneLiner> {};

TEST_P(TutorialLineTest, PrintsTheShapeShown) {
  const OneLiner &oneLiner = GetParam();
  if (oneLiner.needsKprobes &&
      !std::filesystem::exists("/sys/bus/event_source/devices/kprobe/type"))
    GTEST_SKIP() << "needs a kernel with kprobes: run tests/vm/run_vm_tests.sh";
  RunOptions options;
  options.timeout = milliseconds(120000);
  options.workload = tutorialWorkload();
  options.sigintAfter = milliseconds(500);
  auto result = runBpfscope(oneLiner.args, options);
  EXPECT_EQ(result.exitCode, 0) << "tutorial.md:" << oneLiner.line << "\n" << result.err;
  EXPECT_TRUE(hasLineMatching(result.out, oneLiner.shape))
      << "tutorial.md:" << oneLiner.line << ": no line matches " << oneLiner.shape << "\n"
      << result.out << result.err;
}

std::string oneLinerName(const ::testing::TestParamInfo<OneLiner> &info) {
  return "Line" + std::to_string(info.param.line) + (info.param.needsKprobes ? "Kprobe" : "");
}

INSTANTIATE_TEST_SUITE_P(Tutorial, TutorialLineTest, ::testing::ValuesIn(tutorialOneLiners()),
                         oneLinerName);

} // namespace
} // namespace bpfscope::e2e
