// --test: runs test:NAME programs and judges them as bpftrace does.
#pragma once

#include "runtime/event_loop.h"
#include "runtime/output.h"

#include <optional>
#include <string>

namespace bpfscope {

// Runs program `prog_fd` (test NAME) once through BPF_PROG_TEST_RUN, with
// what it prints captured as text rather than shown. It passes when it
// returns 0 (`return 1;` fails it), calls no exit() with a non-zero status
// and reports no error (errorf(), a failed assert()). Its time is the
// kernel's measure of the program, so RunTimeStatistics must be alive.
// nullopt and `error` set when it cannot run.
std::optional<TestResult> runTest(const std::string &name, int prog_fd, EventLoop &events,
                                  std::string &error);

} // namespace bpfscope
