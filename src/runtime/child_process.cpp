#include "runtime/child_process.h"

#include "runtime/event_loop.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bpfscope {

namespace {

// As the shell reads a backslash: outside quotes it keeps the next character
// as it is (`a\ b` is one word), inside double quotes only before `"` or `\`,
// inside single quotes never.
bool escapes(char quote, char next) {
  return quote == 0 || (quote == '"' && (next == '"' || next == '\\'));
}

} // namespace

std::vector<std::string> splitCommand(const std::string &command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (c == '\\' && i + 1 < command.size() && escapes(quote, command[i + 1])) {
      word += command[++i];
      in_word = true;
    } else if (quote) {
      if (c == quote)
        quote = 0;
      else
        word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word)
        words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word)
    words.push_back(std::move(word));
  return words;
}

namespace {

// In the forked child: wait for the parent's go (or its death), then exec.
[[noreturn]] void runChild(int release_fd, const std::vector<std::string> &words) {
  char go;
  ssize_t got = read(release_fd, &go, 1);
  if (got < 0)
    _exit(127);
  std::vector<char *> argv;
  for (const auto &w : words)
    argv.push_back(const_cast<char *>(w.c_str()));
  argv.push_back(nullptr);
  execvp(argv[0], argv.data());
  std::string message = "bpfscope: cannot run " + words[0] + ": " + std::strerror(errno) + "\n";
  ssize_t written = write(STDERR_FILENO, message.data(), message.size());
  (void)written;
  _exit(127);
}

} // namespace

std::unique_ptr<ChildProcess> ChildProcess::spawn(const std::string &command, std::string *error) {
  std::vector<std::string> words = splitCommand(command);
  if (words.empty()) {
    *error = "-c needs a command to run";
    return nullptr;
  }
  // A socket rather than a pipe: sending to a child that died raises no SIGPIPE.
  int fds[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    *error = std::string("cannot create a socket for the child: ") + std::strerror(errno);
    return nullptr;
  }
  pid_t pid = fork();
  if (pid < 0) {
    *error = std::string("cannot fork: ") + std::strerror(errno);
    close(fds[0]);
    close(fds[1]);
    return nullptr;
  }
  if (pid == 0) {
    close(fds[1]);
    runChild(fds[0], words);
  }
  close(fds[0]);
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, fds[1]));
}

void ChildProcess::release() {
  if (release_fd_ < 0)
    return;
  char go = 1;
  ssize_t sent = send(release_fd_, &go, 1, MSG_NOSIGNAL);
  (void)sent; // a child that already died shows as its exit
  close(release_fd_);
  release_fd_ = -1;
}

ChildProcess::~ChildProcess() {
  if (release_fd_ >= 0) {
    // Never released: it must not run the command unobserved.
    kill(pid_, SIGKILL);
    close(release_fd_);
  } else if (waitpid(pid_, nullptr, WNOHANG) == 0) {
    kill(pid_, SIGTERM);
  } else {
    return;
  }
  waitpid(pid_, nullptr, 0);
}

bool ProcessExitWatch::start(pid_t pid, std::string *error) {
  pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd_ < 0) {
    *error = "cannot watch process " + std::to_string(pid) + ": " + std::strerror(errno);
    return false;
  }
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) {
    *error = std::string("cannot create a pipe: ") + std::strerror(errno);
    return false;
  }
  wait_fd_ = fds[0];
  wake_fd_ = fds[1];
  thread_ = std::thread([pidfd = pidfd_, wait_fd = wait_fd_] {
    pollfd watched[2] = {{pidfd, POLLIN, 0}, {wait_fd, POLLIN, 0}};
    while (poll(watched, 2, -1) < 0 && errno == EINTR) {
    }
    if ((watched[0].revents & POLLIN) && !StopSignals::received())
      kill(getpid(), SIGTERM);
  });
  return true;
}

ProcessExitWatch::~ProcessExitWatch() {
  if (thread_.joinable()) {
    char stop = 1;
    ssize_t written = write(wake_fd_, &stop, 1);
    (void)written;
    thread_.join();
  }
  for (int fd : {wait_fd_, wake_fd_})
    if (fd >= 0)
      close(fd);
  if (pidfd_ >= 0)
    close(pidfd_);
}

} // namespace bpfscope
