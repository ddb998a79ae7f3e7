// The processes -c and -p tie a run to. -c CMD: the command is forked at once
// but held before exec (its pid is needed to compile `cpid`) until probes are
// attached; it is killed if bpfscope fails before releasing it. Either way the
// run ends when the process exits.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace bpfscope {

// "ls -l /tmp" -> {"ls", "-l", "/tmp"}; single and double quotes group words,
// a backslash keeps the next character (`a\ b`) as the shell does.
std::vector<std::string> splitCommand(const std::string &command);

class ChildProcess {
public:
  // Forks the child, which waits until release() and then execs the command
  // (looked up on $PATH). Nullptr with *error set on failure.
  static std::unique_ptr<ChildProcess> spawn(const std::string &command, std::string *error);
  ~ChildProcess(); // kills and reaps a child that was never released or still runs

  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  pid_t pid() const { return pid_; }
  void release();

private:
  ChildProcess(pid_t pid, int release_fd) : pid_(pid), release_fd_(release_fd) {}

  pid_t pid_;
  int release_fd_; // closing it lets the child exec
};

// Asks the run to stop (as SIGTERM would) once process `pid` exits.
class ProcessExitWatch {
public:
  // False with *error set when the process does not exist.
  bool start(pid_t pid, std::string *error);
  ~ProcessExitWatch();

private:
  int pidfd_ = -1;
  int wait_fd_ = -1; // the watching thread also polls this pipe's read end,
  int wake_fd_ = -1; // written to end the thread early
  std::thread thread_;
};

} // namespace bpfscope
