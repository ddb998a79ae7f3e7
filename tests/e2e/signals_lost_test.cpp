// A second SIGINT ends a run at once, unless it is the first one delivered
// again; records the ring buffer had no room for are counted and reported,
// never silently dropped.

#include "harness.h"

#include <gmock/gmock.h>

#include <algorithm>
#include <regex>

namespace bpfscope::e2e {
namespace {

class SignalsLostTest : public E2ETest {};

TEST_F(SignalsLostTest, SecondSigintExitsAtOnce) {
  // END blocks the event loop in system("sleep 5"): only the second SIGINT can end the run
  // before the 3 s timeout. (exec: no shell keeps the tool's stderr open after it ends.)
  RunOptions options;
  options.sigintAfter = milliseconds(200);
  options.secondSignalAfter = milliseconds(800);
  options.timeout = milliseconds(3000);
  auto result =
      runBpfscope({"--unsafe", "-e", "END { system(\"exec sleep 5 2>/dev/null\"); }"}, options);
  EXPECT_FALSE(result.timedOut);
  EXPECT_EQ(result.exitCode, 1) << result.err;
}

// timeout(1) sends its signal to the tool and then to its whole process group,
// so the tool gets SIGINT twice in a row: that is one stop, and END runs and
// the maps print as after a single Ctrl-C (bpftrace does the same).
TEST_F(SignalsLostTest, SigintTwiceInARowStopsOnce) {
  RunOptions options;
  options.sigintAfter = milliseconds(200);
  options.secondSignalAfter = milliseconds(0);
  options.timeout = milliseconds(10000);
  auto result = runBpfscope({"--unsafe", "-e",
                             "BEGIN { @n = 1; } interval:s:100 { exit(); } "
                             "END { system(\"exec sleep 0.7\"); printf(\"end\\n\"); }"},
                            options);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "end\n\n\n@n: 1\n");
}

// A process a command leaves in the background keeps system()'s pipe open:
// Ctrl-C ends the wait for its output, and the command queued behind it is
// counted, not started (a busy probe may have queued thousands).
TEST_F(SignalsLostTest, SigintEndsTheWaitForACommandsOutputAndSkipsQueuedOnes) {
  RunOptions options;
  options.sigintAfter = milliseconds(300);
  options.timeout = milliseconds(4000);
  auto result = runBpfscope({"--unsafe", "-e",
                             "BEGIN { system(\"echo first; sleep 8 2>/dev/null &\"); "
                             "system(\"echo second\"); @n = 1; }"},
                            options);
  EXPECT_FALSE(result.timedOut);
  EXPECT_EQ(result.exitCode, 0) << result.err;
  EXPECT_EQ(result.out, "first\n\n\n@n: 1\n");
  EXPECT_THAT(result.err, testing::HasSubstr("WARNING: 1 system() command queued when the run "
                                             "was stopped did not run"));
}

// 100000 records of 1 KiB each (a 127-frame stack) from -c's child, more
// than the 1 MiB ring buffer holds; `format` is text or json.
constexpr uint64_t kEvents = 100000;

RunResult overflowRingBuffer(const std::string &format) {
  RunOptions options;
  options.timeout = milliseconds(60000);
  // BEGIN's system() holds the event loop while the child runs: the buffer must overflow.
  return runBpfscope({"--unsafe", "-f", format, "-c",
                      workloadPath("bpfs_burst") + " " + std::to_string(kEvents), "-e",
                      "BEGIN { system(\"exec sleep 0.3\"); } "
                      "tracepoint:syscalls:sys_enter_getppid /pid == cpid/ "
                      "{ printf(\"@%s\", kstack(raw, 127)); }"},
                     options);
}

// The sum of the N of every match of `pattern` (one group: N) in `text`.
uint64_t sumOfMatches(const std::string &text, const std::regex &pattern) {
  uint64_t sum = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it)
    sum += std::stoull((*it)[1]);
  return sum;
}

TEST_F(SignalsLostTest, LostEventsAreReported) {
  auto result = overflowRingBuffer("text");
  ASSERT_EQ(result.exitCode, 0) << result.err.substr(0, 2000);
  auto printed = static_cast<uint64_t>(std::count(result.out.begin(), result.out.end(), '@'));
  uint64_t lost = sumOfMatches(result.err, std::regex("Lost ([0-9]+) events"));
  // Firings the kernel skipped (another BPF program was running on the CPU) never reach
  // the ring buffer; they are reported apart.
  uint64_t skipped =
      sumOfMatches(result.err, std::regex("WARNING: ([0-9]+) probe firings skipped"));
  EXPECT_GT(lost, 0u);
  EXPECT_EQ(printed + lost + skipped, kEvents)
      << "printed " << printed << ", lost " << lost << ", skipped " << skipped;
  EXPECT_TRUE(hasLine(result.err, "WARNING: Total lost event count: " + std::to_string(lost)))
      << result.err.substr(0, 2000);
}

TEST_F(SignalsLostTest, LostEventsInJson) {
  auto result = overflowRingBuffer("json");
  ASSERT_EQ(result.exitCode, 0) << result.err.substr(0, 2000);
  uint64_t printed = 0;
  for (const auto &line : splitLines(result.out))
    printed += line.rfind("{\"type\": \"printf\"", 0) == 0;
  uint64_t lost = sumOfMatches(
      result.out,
      std::regex(
          "\\{\"type\": \"lost_events\", \"count\": [0-9]+, \"data\": \\{\"events\": ([0-9]+)\\}"));
  uint64_t skipped =
      sumOfMatches(result.err, std::regex("WARNING: ([0-9]+) probe firings skipped"));
  EXPECT_GT(lost, 0u);
  EXPECT_EQ(printed + lost + skipped, kEvents)
      << "printed " << printed << ", lost " << lost << ", skipped " << skipped;
}

// The -c child exits (a stop signal) while the tool is blocked writing to a
// full stdout pipe: the write resumes, and every event is printed or counted.
TEST_F(SignalsLostTest, StopSignalDuringBlockedWriteLosesNoOutput) {
  constexpr uint64_t kCalls = 100000;
  std::string errPath = testing::TempDir() + "/blocked_write.err";
  std::string tool = bpfscopeBinary() + " -f json -c '" + workloadPath("bpfs_burst") + " " +
                     std::to_string(kCalls) +
                     "' -e 'tracepoint:syscalls:sys_enter_getppid /pid == cpid/ "
                     "{ printf(\"%064d\\n\", 1); }' 2>" +
                     errPath;
  // The reader starts late, so the pipe is full when the child exits.
  std::string out = shellOutput(tool + " | (sleep 2; cat)");
  uint64_t printed = 0;
  for (const auto &line : splitLines(out))
    printed += line.rfind("{\"type\": \"printf\"", 0) == 0;
  uint64_t lost = sumOfMatches(
      out,
      std::regex(
          "\\{\"type\": \"lost_events\", \"count\": [0-9]+, \"data\": \\{\"events\": ([0-9]+)\\}"));
  std::string err = shellOutput("cat " + errPath);
  uint64_t skipped = sumOfMatches(err, std::regex("WARNING: ([0-9]+) probe firings skipped"));
  EXPECT_EQ(printed + lost + skipped, kCalls)
      << "printed " << printed << ", lost " << lost << ", skipped " << skipped << "\n"
      << err;
}

} // namespace
} // namespace bpfscope::e2e
