#include "harness.h"

#include <dirent.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

namespace bpfscope::e2e {

namespace {

using Clock = std::chrono::steady_clock;

// bpftrace 0.17 prints "Attaching N probes..." *before* attaching, so the
// oracle gets this long to finish attaching before the workload starts.
constexpr milliseconds kOracleAttachSettle{1000};
constexpr milliseconds kPollInterval{10};

std::string envOr(const char *name, const std::string &fallback) {
  const char *value = std::getenv(name);
  return value && *value ? value : fallback;
}

std::string replaceAll(std::string text, const std::string &from, const std::string &to) {
  for (size_t pos = text.find(from); pos != std::string::npos;
       pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

std::string joinArgs(const std::vector<std::string> &args) {
  std::string joined;
  for (const auto &arg : args)
    joined += (joined.empty() ? "'" : " '") + arg + "'";
  return joined;
}

// 0.17 only knows `args->field` for tracepoint arguments; the newest
// bpftrace (and bpfscope) write `args.field`.
std::vector<std::string> translateOracleArgs(const std::vector<std::string> &args) {
  std::vector<std::string> translated;
  for (const auto &arg : args)
    translated.push_back(replaceAll(arg, "args.", "args->"));
  return translated;
}

// Rewrites bpftrace 0.17 output into the newest bpftrace's for the two
// differences every test would trip over: the attach line (stdout
// "Attaching N probes..." -> stderr "Attached N probes") and the trailing
// space after a histogram header. Also drops 0.17's RLIMIT_MEMLOCK complaint,
// an artefact of this machine. Other format changes (stats, avg) are left
// alone so that those tests keep failing against the oracle.
void translateOracleResult(RunResult &result) {
  static const std::regex attaching(R"(^Attaching (\d+) (probes?)\.\.\.\n)");
  std::smatch match;
  if (std::regex_search(result.out, match, attaching)) {
    result.err = "Attached " + match[1].str() + " " + match[2].str() + "\n" + result.err;
    result.out = match.suffix();
  }
  static const std::regex histHeader(R"((^|\n)(@[^ \n]*:) (?=\n))");
  result.out = std::regex_replace(result.out, histHeader, "$1$2");
  static const std::regex memlock(R"([^\n]*couldn't set RLIMIT_MEMLOCK[^\n]*\n)");
  result.err = std::regex_replace(result.err, memlock, "");
}

bool attachReported(const RunResult &result) {
  if (oracleMode())
    return result.out.rfind("Attaching ", 0) == 0;
  return result.err.rfind("Attached ", 0) == 0 ||
         result.err.find("\nAttached ") != std::string::npos;
}

struct Pipe {
  int readEnd = -1;
  int writeEnd = -1;
};

Pipe makePipe() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return {};
  fcntl(fds[0], F_SETFL, O_NONBLOCK);
  return {fds[0], fds[1]};
}

// fork+exec with the given standard descriptors; -1 when fork fails.
pid_t spawn(const std::vector<std::string> &argv, int in, int out, int err) {
  std::vector<char *> cargv;
  for (const auto &arg : argv)
    cargv.push_back(const_cast<char *>(arg.c_str()));
  cargv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    // Runs compile the script unless a test chose a cache (cache_test.cpp).
    setenv("BPFSCOPE_NO_CACHE", "1", /*overwrite=*/0);
    execv(cargv[0], cargv.data());
    dprintf(err, "e2e harness: cannot exec %s: %s\n", cargv[0], std::strerror(errno));
    _exit(127);
  }
  return pid;
}

int decodeWaitStatus(int status) {
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

// Returns true once `pid` has exited, storing its exit code.
bool reaped(pid_t pid, int &exitCode) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) != pid)
    return false;
  exitCode = decodeWaitStatus(status);
  return true;
}

// Appends whatever is readable; closes the descriptor at EOF.
void drain(int &fd, std::string &sink) {
  char buffer[4096];
  for (;;) {
    ssize_t n = read(fd, buffer, sizeof(buffer));
    if (n > 0) {
      sink.append(buffer, static_cast<size_t>(n));
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      close(fd);
      fd = -1;
    }
    return;
  }
}

// One run of the tool: a small state machine driven by a poll loop, so that
// output keeps flowing while the workload runs and signals are sent on time.
class ToolRun {
public:
  ToolRun(const std::vector<std::string> &args, const RunOptions &options)
      : options_(options), deadline_(Clock::now() + options.timeout) {
    std::vector<std::string> argv{bpfscopeBinary()};
    auto toolArgs = oracleMode() ? translateOracleArgs(args) : args;
    argv.insert(argv.end(), toolArgs.begin(), toolArgs.end());
    Pipe out = makePipe();
    Pipe err = makePipe();
    int devNull = open("/dev/null", O_RDWR | O_CLOEXEC);
    tool_ = spawn(argv, devNull, out.writeEnd, err.writeEnd);
    close(devNull);
    close(out.writeEnd);
    close(err.writeEnd);
    outFd_ = out.readEnd;
    errFd_ = err.readEnd;
  }

  RunResult finish() {
    while (!done()) {
      pollOutput();
      advance();
      if (Clock::now() > deadline_)
        killEverything();
    }
    if (oracleMode())
      translateOracleResult(result_);
    return result_;
  }

private:
  bool done() const { return toolExited_ && outFd_ < 0 && errFd_ < 0 && workload_ <= 0; }

  void pollOutput() {
    pollfd fds[2] = {{outFd_, POLLIN, 0}, {errFd_, POLLIN, 0}};
    poll(fds, 2, static_cast<int>(kPollInterval.count()));
    if (outFd_ >= 0)
      drain(outFd_, result_.out);
    if (errFd_ >= 0)
      drain(errFd_, result_.err);
  }

  void advance() {
    if (!toolExited_ && tool_ > 0)
      toolExited_ = reaped(tool_, result_.exitCode);
    if (tool_ <= 0)
      toolExited_ = true;
    if (!result_.attached && !attachSeen_ && attachReported(result_)) {
      attachSeen_ = true;
      attachedAt_ = Clock::now() + (oracleMode() ? kOracleAttachSettle : milliseconds(0));
    }
    if (attachSeen_ && !result_.attached && Clock::now() >= attachedAt_)
      onAttached();
    if (workload_ > 0 && reaped(workload_, result_.workloadExitCode)) {
      workload_ = 0;
      armSigint();
    }
    if (sigintAt_ && Clock::now() >= *sigintAt_ && !toolExited_) {
      kill(tool_, options_.stopSignal);
      sigintAt_.reset();
      if (options_.secondSignalAfter && !secondSignalArmed_) {
        secondSignalArmed_ = true;
        sigintAt_ = Clock::now() + *options_.secondSignalAfter;
      }
    }
  }

  void onAttached() {
    result_.attached = true;
    if (options_.workload.empty() || toolExited_) {
      armSigint();
      return;
    }
    int devNull = open("/dev/null", O_RDWR | O_CLOEXEC);
    workload_ = spawn(options_.workload, devNull, devNull, STDERR_FILENO);
    close(devNull);
    if (workload_ <= 0)
      ADD_FAILURE() << "cannot start workload " << joinArgs(options_.workload);
  }

  void armSigint() {
    if (options_.sigintAfter)
      sigintAt_ = Clock::now() + *options_.sigintAfter;
  }

  void killEverything() {
    if (!result_.timedOut)
      ADD_FAILURE() << "timed out after " << options_.timeout.count() << " ms; killed\n"
                    << "stdout so far:\n"
                    << result_.out << "\nstderr so far:\n"
                    << result_.err;
    result_.timedOut = true;
    if (!toolExited_) {
      kill(tool_, SIGKILL);
      waitpid(tool_, nullptr, 0);
      toolExited_ = true;
    }
    if (workload_ > 0) {
      kill(workload_, SIGKILL);
      waitpid(workload_, nullptr, 0);
      workload_ = 0;
    }
    for (int *fd : {&outFd_, &errFd_}) {
      if (*fd >= 0)
        close(*fd);
      *fd = -1;
    }
  }

  const RunOptions &options_;
  Clock::time_point deadline_;
  RunResult result_;
  pid_t tool_ = -1;
  pid_t workload_ = 0;
  bool secondSignalArmed_ = false;
  int outFd_ = -1;
  int errFd_ = -1;
  bool toolExited_ = false;
  bool attachSeen_ = false;
  Clock::time_point attachedAt_;
  std::optional<Clock::time_point> sigintAt_;
};

long bpfSyscall(int command, bpf_attr &attr) {
  return syscall(__NR_bpf, command, &attr, sizeof(attr));
}

// Program IDs referenced by some open file descriptor of a live process
// (fdinfo of a BPF program fd has a "prog_id:" line).
std::set<uint32_t> programIdsHeldOpen() {
  std::set<uint32_t> held;
  DIR *proc = opendir("/proc");
  if (!proc)
    return held;
  while (dirent *process = readdir(proc)) {
    std::string fdinfoDir = std::string("/proc/") + process->d_name + "/fdinfo";
    DIR *fdinfo = opendir(fdinfoDir.c_str());
    if (!fdinfo)
      continue;
    while (dirent *fd = readdir(fdinfo)) {
      std::ifstream info(fdinfoDir + "/" + fd->d_name);
      std::string line;
      while (std::getline(info, line))
        if (line.rfind("prog_id:", 0) == 0)
          held.insert(static_cast<uint32_t>(std::stoul(line.substr(8))));
    }
    closedir(fdinfo);
  }
  closedir(proc);
  return held;
}

} // namespace

std::string bpfscopeBinary() {
  return envOr("BPFSCOPE_E2E_BINARY", BPFSCOPE_E2E_DEFAULT_BINARY);
}

bool oracleMode() {
  return envOr("BPFSCOPE_E2E_ORACLE", "0") == "1";
}

std::string workloadPath(const std::string &name) {
  return std::string(BPFSCOPE_E2E_WORKLOAD_DIR) + "/" + name;
}

RunResult runBpfscope(const std::vector<std::string> &args, const RunOptions &options) {
  RunResult result = ToolRun(args, options).finish();
  if (result.workloadExitCode > 0)
    ADD_FAILURE() << "workload " << joinArgs(options.workload) << " exited with "
                  << result.workloadExitCode;
  return result;
}

std::string histBucketLine(const std::string &label, uint64_t count, uint64_t maxCount) {
  constexpr size_t kBarWidth = 52;
  // float, like bpftrace, so that rounding matches bar for bar.
  std::string bar(
      static_cast<size_t>(static_cast<float>(count) / static_cast<float>(maxCount) * kBarWidth),
      '@');
  char line[128];
  snprintf(line, sizeof(line), "%-16s%8llu |%-52s|", label.c_str(),
           static_cast<unsigned long long>(count), bar.c_str());
  return line;
}

std::vector<std::string> splitLines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  return lines;
}

std::string quietScriptOutput(const std::string &script) {
  RunResult result = runBpfscope({"-q", "-e", script});
  EXPECT_EQ(result.exitCode, 0) << result.err;
  return result.out;
}

bool hasLine(const std::string &text, const std::string &line) {
  for (const auto &candidate : splitLines(text))
    if (candidate == line)
      return true;
  return false;
}

bool hasLineMatching(const std::string &text, const std::string &pattern) {
  const std::regex wanted(pattern);
  for (const auto &candidate : splitLines(text))
    if (std::regex_match(candidate, wanted))
      return true;
  return false;
}

std::string shellOutput(const std::string &command) {
  std::string output;
  FILE *pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe)
    return output;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;)
    output.append(buffer, n);
  pclose(pipe);
  return output;
}

std::set<uint32_t> loadedBpfProgramIds() {
  std::set<uint32_t> ids;
  bpf_attr attr{};
  while (bpfSyscall(BPF_PROG_GET_NEXT_ID, attr) == 0) {
    ids.insert(attr.next_id);
    attr.start_id = attr.next_id;
  }
  return ids;
}

std::set<uint32_t> orphanedBpfProgramsSince(const std::set<uint32_t> &before) {
  std::set<uint32_t> orphaned;
  std::set<uint32_t> held = programIdsHeldOpen();
  for (uint32_t id : loadedBpfProgramIds())
    if (!before.count(id) && !held.count(id))
      orphaned.insert(id);
  return orphaned;
}

void E2ETest::SetUp() {
  if (geteuid() != 0)
    GTEST_SKIP() << "end-to-end tests load BPF programs and need root";
  if (access(bpfscopeBinary().c_str(), X_OK) != 0)
    FAIL() << "no executable at " << bpfscopeBinary()
           << " (build bpfscope or set BPFSCOPE_E2E_BINARY)";
}

} // namespace bpfscope::e2e
