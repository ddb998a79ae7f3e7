// watchpoint:ADDRESS:LENGTH:MODE (alias w:) and asyncwatchpoint (aw:) — a
// hardware breakpoint (a perf event of the `breakpoint` PMU) that runs the
// program whenever the LENGTH bytes at ADDRESS are written (w), read or
// written (rw), or executed (x). Without -p or -c, ADDRESS is a kernel
// address, watched on every CPU; with -p PID, a user address in every thread
// of that process; with -c CMD, in the command's process (and the threads it
// starts). The program runs with the registers of the access, as a perf-event
// program. The `function+argN` form (watch the address a function is given)
// of older bpftrace releases was dropped from bpftrace along with
// asyncwatchpoint's difference from watchpoint; it is refused with an error
// saying so.
#include "providers/perf_event.h"
#include "providers/providers.h"

#include <bpf/libbpf.h>
#include <linux/hw_breakpoint.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>

namespace bpfscope {
namespace {

constexpr const char *kUsage =
    "write watchpoint:ADDRESS:LENGTH:MODE, e.g. watchpoint:0x10000000:8:w";

struct Watch {
  uint64_t address = 0;
  uint64_t length = 0; // 1, 2, 4 or 8
  uint32_t mode = 0;   // HW_BREAKPOINT_R / _W / _X bits
};

std::optional<uint64_t> parseAddress(const std::string &text) {
  bool hex = text.starts_with("0x") || text.starts_with("0X");
  std::string_view digits = std::string_view(text).substr(hex ? 2 : 0);
  uint64_t value = 0;
  auto [end, ec] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size())
    return std::nullopt;
  return value;
}

// The mode's letters, each at most once; x alone, since x86 (and most
// architectures) cannot watch execution and data access with one breakpoint;
// r alone is no breakpoint x86 has either (the kernel refuses it): rw is.
std::optional<uint32_t> parseMode(const std::string &text, std::string &error) {
  uint32_t mode = 0;
  for (char letter : text) {
    uint32_t bit = letter == 'r'   ? HW_BREAKPOINT_R
                   : letter == 'w' ? HW_BREAKPOINT_W
                   : letter == 'x' ? HW_BREAKPOINT_X
                                   : 0;
    if (bit == 0) {
      error = "invalid watchpoint mode '" + text + "'";
      return std::nullopt;
    }
    if (mode & bit) {
      error = "watchpoint mode '" + text + "' names '" + std::string(1, letter) + "' twice";
      return std::nullopt;
    }
    mode |= bit;
  }
  if (mode == 0 || mode == HW_BREAKPOINT_R ||
      ((mode & HW_BREAKPOINT_X) && mode != HW_BREAKPOINT_X)) {
    error = "invalid watchpoint mode '" + text + "'";
    return std::nullopt;
  }
  return mode;
}

const char *kModeHint = "MODE is w (writes), rw (reads and writes) or x (execution)";

class WatchpointProvider : public Provider {
public:
  WatchpointProvider(std::string_view name, std::string_view alias) : name_(name), alias_(alias) {}

  std::string_view name() const override { return name_; }
  std::vector<std::string_view> aliases() const override { return {alias_}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    if (parts.size() != 3) {
      diags.error(ap.span, std::string(name_) + " probe needs an address, a length and a mode",
                  kUsage);
      return {};
    }
    if (parts[0].find('+') != std::string::npos) {
      diags.error(ap.span,
                  "watching the address a function is given (FUNCTION+argN) is not supported: "
                  "bpftrace removed this form, keeping watchpoints on fixed addresses",
                  "watch a fixed address, with -p PID or -c CMD for a user address: "
                  "watchpoint:0xADDRESS:LENGTH:MODE");
      return {};
    }
    auto address = parseAddress(parts[0]);
    if (!address) {
      diags.error(ap.span, "watchpoint address '" + parts[0] + "' is not a number", kUsage);
      return {};
    }
    auto length = parseAddress(parts[1]);
    if (!length || (*length != 1 && *length != 2 && *length != 4 && *length != 8)) {
      diags.error(ap.span, "watchpoint length must be 1, 2, 4 or 8 bytes, not '" + parts[1] + "'",
                  kUsage);
      return {};
    }
    std::string error;
    auto mode = parseMode(parts[2], error);
    if (!mode) {
      diags.error(ap.span, error, kModeHint);
      return {};
    }
    if (*mode == HW_BREAKPOINT_X && *length != sizeof(long)) {
      diags.error(ap.span, "an execution watchpoint (x) has the length of an address, 8",
                  "write " + std::string(name_) + ":" + parts[0] + ":8:x");
      return {};
    }
    std::string canonical = std::string(name_) + ":" + parts[0] + ":" + parts[1] + ":" + parts[2];
    return {ProbeTarget{std::string(name_), parts, canonical}};
  }

  std::string sectionName(const ProbeTarget &) const override { return "perf_event"; }

  // No -p or -c: a kernel address, on every CPU.
  AttachOutcome attach(bpf_program *prog, const ProbeTarget &target) const override {
    return explained(attachPerfEventOnEveryCpu(prog, attributes(target), target.canonical));
  }

  // A user address in `pid`: each of its threads now, and (inherited) every
  // thread they start later.
  AttachOutcome attachToProcess(bpf_program *prog, const ProbeTarget &target,
                                int pid) const override {
    std::vector<bpf_link *> links;
    for (int tid : threadsOf(pid)) {
      AttachOutcome one = attachPerfEventToProcess(prog, attributes(target, /*inherit=*/true), tid,
                                                   target.canonical);
      if (!one.attached()) {
        for (bpf_link *link : links)
          bpf_link__destroy(link);
        return explained(std::move(one));
      }
      links.insert(links.end(), one.links.begin(), one.links.end());
    }
    if (links.empty())
      return {nullptr, "process " + std::to_string(pid) + " does not exist"};
    return AttachOutcome(std::move(links));
  }

  bool attachesToCommand() const override { return true; }
  bool filtersByPid() const override { return false; }

  // Like bpftrace: addresses are the user's to choose, there is nothing to list.
  void list(std::string_view, std::ostream &) const override {}

private:
  static perf_event_attr attributes(const ProbeTarget &target, bool inherit = false) {
    perf_event_attr attr{};
    attr.type = PERF_TYPE_BREAKPOINT;
    attr.size = sizeof(attr);
    attr.bp_addr = *parseAddress(target.parts[0]);
    attr.bp_len = *parseAddress(target.parts[1]);
    std::string ignored;
    attr.bp_type = *parseMode(target.parts[2], ignored);
    attr.sample_period = 1;
    attr.inherit = inherit;
    return attr;
  }

  // The process's threads; just the pid itself while /proc lists none (it is
  // being created).
  static std::vector<int> threadsOf(int pid) {
    std::vector<int> tids;
    std::error_code error;
    auto tasks = "/proc/" + std::to_string(pid) + "/task";
    for (const auto &entry : std::filesystem::directory_iterator(tasks, error))
      tids.push_back(std::atoi(entry.path().filename().c_str()));
    if (tids.empty() && std::filesystem::exists("/proc/" + std::to_string(pid)))
      tids.push_back(pid);
    return tids;
  }

  static AttachOutcome explained(AttachOutcome outcome) {
    if (!outcome.attached() && outcome.hint.empty())
      outcome.hint = "the kernel checks the address: without -p PID or -c CMD it must be a kernel "
                     "address, with them an address of that process; the machine's debug "
                     "registers may all be in use";
    return outcome;
  }

  std::string_view name_;
  std::string_view alias_;
};

} // namespace

const Provider &watchpointProvider() {
  static const WatchpointProvider provider("watchpoint", "w");
  return provider;
}

const Provider &asyncwatchpointProvider() {
  static const WatchpointProvider provider("asyncwatchpoint", "aw");
  return provider;
}

} // namespace bpfscope
