#include "runtime/detach.h"

#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <filesystem>
#include <string_view>
#include <thread>

namespace bpfscope {
namespace {

// Enough to overlap every wait of a typical script; a wildcard over hundreds
// of tracepoints shares the threads.
constexpr size_t kMaxDetachThreads = 32;

bool isPerfEvent(const std::filesystem::path &fd_link) {
  std::error_code error;
  auto target = std::filesystem::read_symlink(fd_link, error);
  return !error && target.native() == "anon_inode:[perf_event]";
}

// Every open perf event of this process: each link's, whichever provider opened it.
std::vector<int> openPerfEvents() {
  std::vector<int> fds;
  std::error_code error;
  for (const auto &entry : std::filesystem::directory_iterator("/proc/self/fd", error)) {
    std::string name = entry.path().filename();
    int fd = -1;
    auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), fd);
    if (ec == std::errc() && end == name.data() + name.size() && isPerfEvent(entry.path()))
      fds.push_back(fd);
  }
  return fds;
}

// A second reference to each event, so that destroying a link does not free
// its event (which is what waits in the kernel).
std::vector<int> holdPerfEvents() {
  std::vector<int> held;
  for (int fd : openPerfEvents()) {
    ioctl(fd, PERF_EVENT_IOC_DISABLE, 0); // its program stops firing now
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy >= 0)
      held.push_back(copy);
  }
  return held;
}

// Starts `cat` reading the handover pipe, holding `fds` (and nothing of ours
// but the -o file, if any: the rest is close-on-exec): it ends, and the kernel
// frees the events it holds, once the pipe's write end is closed — after this
// process has closed its own copies, so the waits are cat's, not ours.
// posix_spawn shares this process's memory until exec: unlike fork, it leaves
// no copy-on-write faults to the rest of the run (~30 ms measured here).
void startBackgroundCloser(const std::vector<int> &fds, int handover) {
  for (int fd : fds)
    fcntl(fd, F_SETFD, 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, handover, STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  char name[] = "bpfscope-detach";
  char *argv[] = {name, nullptr};
  pid_t pid = 0;
  posix_spawnp(&pid, "cat", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
}

// Detaching a program from a perf event waits for a tasks-trace RCU grace
// period, outside any kernel-wide lock: concurrent detaches wait for
// overlapping grace periods instead of one each.
void destroyConcurrently(const std::vector<bpf_link *> &links) {
  size_t thread_count = std::min(links.size(), kMaxDetachThreads);
  std::vector<std::thread> threads;
  threads.reserve(thread_count);
  for (size_t first = 0; first < thread_count; ++first)
    threads.emplace_back([&links, first, thread_count] {
      for (size_t i = first; i < links.size(); i += thread_count)
        bpf_link__destroy(links[i]);
    });
  for (auto &thread : threads)
    thread.join();
}

} // namespace

PerfEventHold &PerfEventHold::operator=(PerfEventHold &&other) noexcept {
  if (this != &other) {
    closeHere();
    fds_ = std::move(other.fds_);
    other.fds_.clear();
  }
  return *this;
}

PerfEventHold::~PerfEventHold() {
  closeHere();
}

void PerfEventHold::closeHere() {
  for (int fd : fds_)
    close(fd);
  fds_.clear();
}

void PerfEventHold::release() {
  int handover[2];
  // Even five tracepoints take ~0.2 s to close, more than a whole short run.
  if (fds_.empty() || pipe2(handover, O_CLOEXEC) != 0) {
    closeHere();
    return;
  }
  // Once the background process holds them, closing ours frees nothing (if
  // it could not start, closing ours waits instead).
  startBackgroundCloser(fds_, handover[0]);
  closeHere();
  close(handover[1]); // the background process may close the last references now
  close(handover[0]);
}

PerfEventHold detachPrograms(std::vector<bpf_link *> links) {
  PerfEventHold held(holdPerfEvents());
  destroyConcurrently(links);
  return held;
}

} // namespace bpfscope
