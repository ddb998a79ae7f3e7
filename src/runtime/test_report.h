// --test's text report, in bpftrace's words and colours (its escape codes are
// written whether or not the output is a terminal, as bpftrace writes them):
//   [==========] Running 2 tests.
//   [ RUN      ] okay
//   [       OK ] okay (2 μs)
//   [ RUN      ] failure
//   what the failing test printed
//   [  FAILED  ] failure (3 μs)
//   [==========] 2 tests ran.
//   [  PASSED  ] 1 test.
//   [  FAILED  ] 1 test, listed below:
//   [  FAILED  ] failure
#pragma once

#include "runtime/output.h"

#include <string>
#include <vector>

namespace bpfscope {

// The lines for test `index` of `count` (the header before the first).
std::string testResultText(const TestResult &result, size_t index, size_t count);
// The summary after the last test.
std::string testSummaryText(const std::vector<TestResult> &results);

} // namespace bpfscope
