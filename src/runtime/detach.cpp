#include "runtime/detach.h"

#include <bpf/libbpf.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <filesystem>
#include <string_view>
#include <thread>

namespace bpfscope {
namespace {

// Closing this many costs at most ~0.2 s; more go to a background process.
constexpr size_t kClosedInPlace = 8;
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

// In a forked child: only async-signal-safe calls. Closes every descriptor
// but `keep` (sorted), so the child holds no program, map, pipe or terminal.
void closeAllBut(const std::vector<int> &keep) {
  unsigned first = 0;
  for (int fd : keep) {
    if (static_cast<unsigned>(fd) > first)
      close_range(first, static_cast<unsigned>(fd) - 1, 0);
    first = static_cast<unsigned>(fd) + 1;
  }
  close_range(first, UINT_MAX, 0);
}

// Forks a grandchild (so no zombie is left to this process) that holds
// `fds`, waits until `handover` reaches end of file — this process has closed
// its own copies by then, so the grandchild's are the last references and
// freeing them is its wait, not ours — then closes them and exits. False
// when it could not be started.
bool startBackgroundCloser(std::vector<int> fds, int handover) {
  fds.push_back(handover);
  std::sort(fds.begin(), fds.end());
  pid_t child = fork();
  if (child < 0)
    return false;
  if (child == 0) {
    if (fork() != 0)
      _exit(0);
    closeAllBut(fds);
    prctl(PR_SET_NAME, "bpfscope-detach");
    char byte;
    while (read(handover, &byte, 1) < 0 && errno == EINTR) {
    }
    for (int fd : fds)
      close(fd);
    _exit(0);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
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
  if (fds_.size() <= kClosedInPlace || pipe2(handover, O_CLOEXEC) != 0) {
    closeHere();
    return;
  }
  // Once the background process holds them, closing ours frees nothing.
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
