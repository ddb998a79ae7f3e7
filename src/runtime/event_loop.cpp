#include "runtime/event_loop.h"

#include "codegen/async_event.h"
#include "codegen/codegen.h"
#include "runtime/async_actions.h"
#include "runtime/helper_failures.h"
#include "runtime/map_commands.h"
#include "runtime/printf_format.h"
#include "sema/script_config.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <vector>

namespace bpfscope {
namespace {

// Short enough that a stop signal or exit() is acted on without visible delay.
constexpr int kPollTimeoutMs = 100;

// A stop signal this soon after the first is the same request delivered
// twice, not a second Ctrl-C: timeout(1) signals the tool and then its whole
// process group, and a terminal's Ctrl-C reaches every process of the group.
constexpr int64_t kRepeatedSignalNs = 500'000'000;

volatile sig_atomic_t stop_signal_received = 0;
int64_t first_stop_signal_ns = 0; // written only by onStopSignal

int64_t monotonicNs() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now); // async-signal-safe
  return static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

void onStopSignal(int) {
  int64_t now = monotonicNs();
  if (!stop_signal_received) {
    first_stop_signal_ns = now;
    stop_signal_received = 1;
    return;
  }
  if (now - first_stop_signal_ns >= kRepeatedSignalNs)
    _exit(1);
}

uint64_t load64(const uint8_t *at) {
  uint64_t v;
  std::memcpy(&v, at, sizeof v);
  return v;
}

} // namespace

StopSignals::StopSignals() {
  stop_signal_received = 0;
  struct sigaction action {};
  action.sa_handler = onStopSignal;
  // Each handler runs with the other signal blocked: they share the first's time.
  sigemptyset(&action.sa_mask);
  sigaddset(&action.sa_mask, SIGINT);
  sigaddset(&action.sa_mask, SIGTERM);
  // SA_RESTART: a write to a full stdout pipe must resume, not fail with
  // EINTR (that would silently drop the rest of the output). Waits still
  // wake up: poll and epoll_wait are never restarted after a handler.
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
}

StopSignals::~StopSignals() {
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
}

bool StopSignals::received() {
  return stop_signal_received != 0;
}

EventLoop::~EventLoop() {
  ring_buffer__free(ring_);
}

bool EventLoop::open(int map_fd, std::string &error) {
  ring_ = ring_buffer__new(map_fd, &EventLoop::onRecord, this, nullptr);
  if (!ring_) {
    error = "cannot open the event ring buffer: " + std::string(std::strerror(errno));
    return false;
  }
  return true;
}

void EventLoop::setObject(bpf_object *object) {
  object_ = object;
  bpf_map *lost = bpf_object__find_map_by_name(object, objects::kLostEventsMap);
  lost_events_fd_ = lost ? bpf_map__fd(lost) : -1;
  helper_failures_.open(object);
}

EventLoop::Stop EventLoop::run(bool until_drained, std::string &error) {
  while (true) {
    interruptible_ = true;
    int handled = pollOnce(until_drained);
    interruptible_ = false;
    if (on_wake_)
      on_wake_();
    reportCounters(false);
    if (exit_requested_) {
      consumePending(); // dropped: nothing runs after exit() but END
      return Stop::Exit;
    }
    if (StopSignals::received()) {
      skipping_commands_ = true;
      return Stop::Signal;
    }
    if (handled < 0 && handled != -EINTR) {
      error = "cannot read the event ring buffer: " + std::string(std::strerror(-handled));
      return Stop::Error;
    }
    if (until_drained && handled <= 0)
      return Stop::Drained;
  }
}

int EventLoop::pollOnce(bool until_drained) {
  Output::Batch batch(*out_);
  if (ring_ && until_drained)
    return ring_buffer__consume(ring_);
  if (ring_) {
    // Most records do not wake the reader (async_event.h): a poll that times
    // out consumes nothing, so drain after every wait.
    int woken = ring_buffer__poll(ring_, async::kDrainIntervalMs);
    int drained = woken < 0 ? 0 : ring_buffer__consume(ring_);
    return woken < 0 ? woken : drained < 0 ? drained : woken + drained;
  }
  if (until_drained)
    return 0;
  // Nothing can arrive; sleep until a signal or the next look at the flags.
  return poll(nullptr, 0, kPollTimeoutMs) < 0 ? -errno : 0;
}

void EventLoop::consumePending() {
  Output::Batch batch(*out_);
  if (ring_)
    ring_buffer__consume(ring_);
  reportCounters(true);
}

void EventLoop::reportCounters(bool now) {
  auto time = std::chrono::steady_clock::now();
  if (!now && time < next_counter_read_)
    return;
  next_counter_read_ = time + std::chrono::milliseconds(kPollTimeoutMs);
  reportLostEvents();
  helper_failures_.reportCounted(*out_);
}

void EventLoop::reportLostEvents() {
  int cpus = libbpf_num_possible_cpus();
  if (lost_events_fd_ < 0 || cpus <= 0)
    return;
  std::vector<uint64_t> per_cpu(static_cast<size_t>(cpus));
  uint32_t key = 0;
  if (bpf_map_lookup_elem(lost_events_fd_, &key, per_cpu.data()) != 0)
    return;
  uint64_t total = 0;
  for (uint64_t n : per_cpu)
    total += n;
  if (total <= lost_reported_)
    return;
  out_->lostEvents(total - lost_reported_);
  out_->recordDone();
  lost_reported_ = total;
}

int EventLoop::onRecord(void *self, void *data, size_t size) {
  auto *loop = static_cast<EventLoop *>(self);
  loop->handleRecord(static_cast<const uint8_t *>(data), size);
  // A stream that never pauses (a probe fed by our own output, such as a
  // uprobe on malloc) would keep libbpf's read going forever: stop it so that
  // the loop sees Ctrl-C and exit(). The record just handled counts as read.
  bool stop = loop->interruptible_ && (loop->exit_requested_ || StopSignals::received());
  return stop ? -EINTR : 0;
}

// A busy probe may have queued thousands of commands by the time the user
// presses Ctrl-C: those are counted, not started. While the loop runs, Ctrl-C
// also ends the read of a running command's output; in END it does not.
void EventLoop::runSystem(const std::string &command) {
  if (skipping_commands_) {
    ++commands_not_run_;
    return;
  }
  out_->system(runCommand(command, [this] { return interruptible_ && StopSignals::received(); }));
}

void EventLoop::handleRecord(const uint8_t *data, size_t size) {
  if (discarding_ || size < sizeof(async::Header))
    return;
  uint64_t id = load64(data);
  const uint8_t *payload = data + sizeof(async::Header);
  size_t payload_size = size - sizeof(async::Header);
  if (id == async::kExit)
    handleExit(payload, payload_size);
  else if (id == async::kPrintMap || id == async::kClearMap || id == async::kZeroMap)
    handleMapCommand(id, payload, payload_size);
  else if (id == async::kHelperError)
    handleHelperFailure(payload, payload_size);
  else if (id >= async::kPrintfBase && id - async::kPrintfBase < program_.printfs.size())
    handlePrintf(id - async::kPrintfBase, payload, payload_size);
  // Any other id would be a codegen/runtime mismatch; dropping it keeps the output clean.
}

std::string EventLoop::render(size_t index, const uint8_t *payload) {
  if (renderers_.size() <= index)
    renderers_.resize(program_.printfs.size());
  auto &renderer = renderers_[index];
  if (!renderer) {
    const PrintfInfo &info = program_.printfs[index];
    renderer = std::make_unique<PrintfRenderer>(info.format, info.arg_types);
  }
  return renderer->render(payload);
}

void EventLoop::handlePrintf(size_t index, const uint8_t *payload, size_t size) {
  const PrintfInfo &info = program_.printfs[index];
  if (size < info.args.size)
    return;
  switch (info.kind) {
  case AsyncKind::Printf:
    out_->printf(render(index, payload));
    break;
  case AsyncKind::Time:
    out_->time(formatLocalTime(info.format));
    break;
  case AsyncKind::Cat: {
    std::string error;
    std::string text = readFileForCat(render(index, payload),
                                      configCount(program_.config, "max_cat_bytes"), error);
    if (error.empty())
      out_->cat(text);
    else
      out_->printf(error + "\n");
    break;
  }
  case AsyncKind::System:
    runSystem(render(index, payload));
    break;
  case AsyncKind::PrintValue:
    out_->value(info.arg_types.front(), payload);
    break;
  case AsyncKind::Join:
    out_->join(joinArguments(info.args, payload, info.format));
    break;
  case AsyncKind::Error:
  case AsyncKind::Warning:
    reportScriptMessage(info, render(index, payload));
    break;
  case AsyncKind::Debug: // the kernel wrote it to the trace pipe; no record is sent
    break;
  }
  out_->recordDone();
}

void EventLoop::reportScriptMessage(const PrintfInfo &info, std::string text) {
  bool is_error = info.kind == AsyncKind::Error;
  script_errors_ += is_error ? 1 : 0;
  if (!is_error && !warnings_shown_)
    return;
  ScriptMessage message{is_error, {}, 0, 0, 0, 0, std::move(text)};
  if (source_) {
    LineColumn begin = source_->locate(info.span.begin);
    LineColumn end = source_->locate(info.span.end);
    message.file = source_->name();
    message.line = begin.line;
    message.column = begin.column;
    message.end_line = end.line;
    message.end_column = end.column;
  }
  out_->scriptMessage(message);
}

void EventLoop::handleHelperFailure(const uint8_t *payload, size_t size) {
  async::HelperFailure failure;
  if (size < sizeof failure)
    return;
  std::memcpy(&failure, payload, sizeof failure);
  helper_failures_.reportOne(failure.helper, failure.retcode, Span{failure.begin, failure.end},
                             *out_);
}

void EventLoop::handleMapCommand(uint64_t id, const uint8_t *payload, size_t size) {
  async::MapCommand command;
  if (size < sizeof command || !object_)
    return;
  std::memcpy(&command, payload, sizeof command);
  if (command.map_index >= program_.maps.size())
    return;
  const MapInfo &map = program_.maps[command.map_index];
  std::string error;
  bool done = id == async::kPrintMap
                  ? printMapOf(object_, map, *out_, command.top, command.div, error)
              : id == async::kClearMap ? clearMapOf(object_, map, error)
                                       : zeroMapOf(object_, map, error);
  if (!done && map_error_.empty())
    map_error_ = error;
  out_->recordDone();
}

void EventLoop::handleExit(const uint8_t *payload, size_t size) {
  exit_code_ = size >= 8 ? static_cast<int>(static_cast<int64_t>(load64(payload))) : 0;
  exit_requested_ = true;
  discarding_ = true;
}

} // namespace bpfscope
