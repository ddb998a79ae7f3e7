#pragma once

// End-to-end harness: runs the real bpfscope binary against the real kernel
// and hands back everything it printed, so tests can assert on exact text.
//
// Environment:
//   BPFSCOPE_E2E_BINARY  run this binary instead of the one built with the tests
//   BPFSCOPE_E2E_ORACLE  set to 1 when BPFSCOPE_E2E_BINARY is bpftrace 0.17: only
//                        then are 0.17's documented differences from the newest
//                        bpftrace translated (see translateOracleResult)
//   BPFSCOPE_NO_CACHE    the tool gets 1 unless it is set: results never depend
//                        on the compiled-script cache's state (cache_test.cpp sets 0)

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bpfscope::e2e {

using std::chrono::milliseconds;

struct RunOptions {
  // The tool is killed and the test fails when it runs longer than this.
  milliseconds timeout{20000};
  // argv of a program started once the tool reports it is attached; the run
  // waits for it to exit before the SIGINT countdown starts.
  std::vector<std::string> workload;
  // Send SIGINT (or `stopSignal`) this long after attach (or after the workload exited).
  std::optional<milliseconds> sigintAfter;
  int stopSignal = 2; // SIGINT
  // Send the stop signal a second time, this long after the first.
  std::optional<milliseconds> secondSignalAfter;
};

struct RunResult {
  int exitCode = -1; // 128 + signal number when killed by a signal
  bool timedOut = false;
  bool attached = false;
  int workloadExitCode = -1;
  std::string out;
  std::string err;
};

// Runs the tool with args (no argv[0]); never throws.
RunResult runBpfscope(const std::vector<std::string> &args, const RunOptions &options = {});

// Runs `script` with -q and returns what it printed; a non-zero exit fails the test.
std::string quietScriptOutput(const std::string &script);

std::string bpfscopeBinary();
bool oracleMode();
// Absolute path of a workload program built with the tests (tests/e2e/workloads).
std::string workloadPath(const std::string &name);

// One histogram bucket line as bpftrace prints it ('@' bar scaled to maxCount).
std::string histBucketLine(const std::string &label, uint64_t count, uint64_t maxCount);

// The lines of text, without their '\n'.
std::vector<std::string> splitLines(const std::string &text);
bool hasLine(const std::string &text, const std::string &line);
// True when some whole line of text matches the ECMAScript regex `pattern`.
bool hasLineMatching(const std::string &text, const std::string &pattern);

// Runs `command` with /bin/sh; what it printed on stdout and stderr.
std::string shellOutput(const std::string &command);

// IDs of every BPF program loaded in the kernel right now.
std::set<uint32_t> loadedBpfProgramIds();
// Programs loaded after `before` was taken that are still loaded although no
// process holds a file descriptor to them: what a tool leaves behind.
std::set<uint32_t> orphanedBpfProgramsSince(const std::set<uint32_t> &before);

// Every e2e test needs root (BPF) and a binary to run.
class E2ETest : public ::testing::Test {
protected:
  void SetUp() override;
};

} // namespace bpfscope::e2e
