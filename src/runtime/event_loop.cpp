#include "runtime/event_loop.h"

#include "codegen/async_event.h"
#include "runtime/printf_format.h"

#include <bpf/libbpf.h>
#include <poll.h>

#include <cerrno>
#include <cstring>

namespace bpfscope {
namespace {

// Short enough that a stop signal or exit() is acted on without visible delay.
constexpr int kPollTimeoutMs = 100;

volatile sig_atomic_t stop_signal_received = 0;

void onStopSignal(int) {
  stop_signal_received = 1;
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
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0; // no SA_RESTART: a blocked poll returns EINTR
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

EventLoop::Stop EventLoop::run(bool until_drained, std::string &error) {
  while (true) {
    int handled = pollOnce(until_drained);
    out_.flush();
    if (exit_requested_) {
      consumePending(); // dropped: nothing runs after exit() but END
      return Stop::Exit;
    }
    if (StopSignals::received())
      return Stop::Signal;
    if (handled < 0 && handled != -EINTR) {
      error = "cannot read the event ring buffer: " + std::string(std::strerror(-handled));
      return Stop::Error;
    }
    if (until_drained && handled <= 0)
      return Stop::Drained;
  }
}

int EventLoop::pollOnce(bool until_drained) {
  if (ring_)
    return until_drained ? ring_buffer__consume(ring_) : ring_buffer__poll(ring_, kPollTimeoutMs);
  if (until_drained)
    return 0;
  // Nothing can arrive; sleep until a signal or the next look at the flags.
  return poll(nullptr, 0, kPollTimeoutMs) < 0 ? -errno : 0;
}

void EventLoop::consumePending() {
  if (ring_)
    ring_buffer__consume(ring_);
  out_.flush();
}

int EventLoop::onRecord(void *self, void *data, size_t size) {
  static_cast<EventLoop *>(self)->handleRecord(static_cast<const uint8_t *>(data), size);
  return 0;
}

void EventLoop::handleRecord(const uint8_t *data, size_t size) {
  if (discarding_ || size < sizeof(async::Header))
    return;
  uint64_t id = load64(data);
  const uint8_t *payload = data + sizeof(async::Header);
  size_t payload_size = size - sizeof(async::Header);
  if (id == async::kExit)
    handleExit(payload, payload_size);
  else if (id >= async::kPrintfBase && id - async::kPrintfBase < program_.printfs.size())
    handlePrintf(id - async::kPrintfBase, payload, payload_size);
  // Any other id would be a codegen/runtime mismatch; dropping it keeps the output clean.
}

void EventLoop::handlePrintf(size_t index, const uint8_t *payload, size_t size) {
  const PrintfInfo &info = program_.printfs[index];
  if (size < info.args.size)
    return;
  out_ << renderPrintf(info.format, info.arg_types, payload);
}

void EventLoop::handleExit(const uint8_t *payload, size_t size) {
  exit_code_ = size >= 8 ? static_cast<int>(static_cast<int64_t>(load64(payload))) : 0;
  exit_requested_ = true;
  discarding_ = true;
}

} // namespace bpfscope
