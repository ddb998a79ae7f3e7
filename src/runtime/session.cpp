#include "runtime/session.h"

#include "codegen/async_event.h"
#include "codegen/codegen.h"
#include "providers/iter.h"
#include "providers/provider.h"
#include "providers/self.h"
#include "runtime/benchmark.h"
#include "runtime/child_process.h"
#include "runtime/detach.h"
#include "runtime/event_loop.h"
#include "runtime/map_commands.h"
#include "runtime/self_signals.h"
#include "runtime/skipped_runs.h"
#include "runtime/symbolizer.h"
#include "runtime/test_mode.h"
#include "runtime/value_format.h"
#include "runtime/verifier_report.h"
#include "sema/script_config.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdarg>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

namespace bpfscope {
namespace {

// libbpf reports through one global callback without a context pointer.
bool libbpf_verbose = false;
std::string libbpf_warnings;

int onLibbpfMessage(libbpf_print_level level, const char *format, va_list args) {
  if (level == LIBBPF_DEBUG)
    return 0;
  va_list measure;
  va_copy(measure, args);
  int length = std::vsnprintf(nullptr, 0, format, measure);
  va_end(measure);
  if (length <= 0)
    return 0;
  std::string text(static_cast<size_t>(length) + 1, '\0');
  std::vsnprintf(text.data(), text.size(), format, args);
  text.pop_back();
  if (level == LIBBPF_WARN)
    libbpf_warnings += text;
  if (libbpf_verbose)
    std::cerr << text;
  return 0;
}

// Routes libbpf's messages to onLibbpfMessage for the lifetime of a run.
class LibbpfLog {
public:
  explicit LibbpfLog(bool verbose) {
    libbpf_verbose = verbose;
    libbpf_warnings.clear();
    previous_ = libbpf_set_print(onLibbpfMessage);
  }
  ~LibbpfLog() { libbpf_set_print(previous_); }
  LibbpfLog(const LibbpfLog &) = delete;
  LibbpfLog &operator=(const LibbpfLog &) = delete;

private:
  libbpf_print_fn_t previous_;
};

std::string trim(std::string_view s) {
  size_t begin = s.find_first_not_of(" \t\n");
  size_t end = s.find_last_not_of(" \t\n");
  return begin == std::string_view::npos ? std::string()
                                         : std::string(s.substr(begin, end - begin + 1));
}

std::string lastLine(std::string_view text, std::string_view skip_prefix = {}) {
  std::string found;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos)
      end = text.size();
    std::string line = trim(text.substr(at, end - at));
    if (!line.empty() && (skip_prefix.empty() || line.rfind(skip_prefix, 0) != 0))
      found = line;
    at = end + 1;
  }
  return found;
}

// What libbpf last complained about, else the errno text.
std::string libbpfReason(int err) {
  std::string line = lastLine(libbpf_warnings);
  if (line.rfind("libbpf: ", 0) == 0)
    line.erase(0, 8);
  return line.empty() ? std::strerror(-err) : line;
}

struct RejectedProgram {
  std::string name;
  std::string reason; // the verifier's last word, else libbpf's errno text
  std::string log;    // the verifier log, when libbpf printed one
};

// libbpf 1.x logs "prog 'NAME': BPF program load failed: REASON" and then the
// verifier log between "-- BEGIN PROG LOAD LOG --" and "-- END PROG LOAD LOG --".
std::optional<RejectedProgram> rejectedProgram() {
  const std::string marker = "': BPF program load failed: ";
  size_t at = libbpf_warnings.find(marker);
  if (at == std::string::npos)
    return std::nullopt;
  size_t name_begin = libbpf_warnings.rfind("prog '", at);
  if (name_begin == std::string::npos)
    return std::nullopt;
  name_begin += 6;
  RejectedProgram rejected;
  rejected.name = libbpf_warnings.substr(name_begin, at - name_begin);
  size_t reason_begin = at + marker.size();
  rejected.reason = trim(libbpf_warnings.substr(
      reason_begin, libbpf_warnings.find('\n', reason_begin) - reason_begin));
  size_t log_begin = libbpf_warnings.find("-- BEGIN PROG LOAD LOG --", reason_begin);
  size_t log_end = libbpf_warnings.find("-- END PROG LOAD LOG --", reason_begin);
  if (log_begin != std::string::npos && log_end != std::string::npos && log_begin < log_end) {
    log_begin = libbpf_warnings.find('\n', log_begin) + 1;
    rejected.log = libbpf_warnings.substr(log_begin, log_end - log_begin);
    std::string verdict = lastLine(
        std::string_view(libbpf_warnings).substr(log_begin, log_end - log_begin), "processed ");
    if (!verdict.empty())
      rejected.reason = verdict;
  }
  return rejected;
}

void raiseMemlockLimit() {
  // Kernels before 5.11 charge BPF memory to RLIMIT_MEMLOCK; newer ones ignore it.
  rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  setrlimit(RLIMIT_MEMLOCK, &unlimited);
}

// Runs an iterator link's program over every object; "" or why it failed.
std::string readIterator(bpf_link *link) {
  int fd = bpf_iter_create(bpf_link__fd(link));
  if (fd < 0)
    return "cannot start the iterator: " + std::string(std::strerror(errno));
  char discarded[4096]; // programs print through the ring buffer, not the seq_file
  ssize_t n;
  while ((n = read(fd, discarded, sizeof discarded)) > 0 || (n < 0 && errno == EINTR)) {
  }
  std::string error =
      n < 0 ? "reading the iterator failed: " + std::string(std::strerror(errno)) : "";
  close(fd);
  return error;
}

// Where bpffs is mounted by convention, and relative pin paths lead.
constexpr const char *kBpffs = "/sys/fs/bpf/";

struct ObjectCloser {
  void operator()(bpf_object *object) const { bpf_object__close(object); }
};
struct LinkDestroyer {
  void operator()(bpf_link *link) const { bpf_link__destroy(link); }
};

class Session {
public:
  Session(const CheckedProgram &program, const CodegenResult &code, const RunOptions &options,
          Output &output, Diagnostics &diags)
      : program_(program), code_(code), options_(options), output_(output), diags_(diags),
        log_(options.verbose), events_(program, output) {
    events_.setSource(&diags.source());
    events_.setWarnings(!options.no_warnings);
    Symbolizer::process().setDemangle(!switchedOff(program.config, "cpp_demangle"));
  }

  int run(const std::vector<uint8_t> &object);

private:
  bool open(const std::vector<uint8_t> &object);
  bool load();
  bool openEvents();
  bool recordStartTime();
  bool fillTargetNames();
  AttachOutcome attachUnit(const Provider &provider, bpf_program *prog, const ProgramUnit &unit);
  // Calls act(unit, provider, program) for each unit run by `trigger`; false
  // as soon as a unit's provider or program is missing or act returns false.
  template <typename Act> bool forEachUnit(Trigger trigger, Act act);
  bool runUnits(Trigger trigger);
  bool runOnce(const ProgramUnit &unit, bpf_program *prog);
  std::vector<int> handledSignals();
  void onSignals();
  int runBenchmarks();
  int runTests();
  bool runIterators();
  std::string pinIterator(bpf_link *link, const std::string &path);
  bool attachAll();
  bool waitsForEvents() const;
  // The targets of the probes `trigger` runs.
  size_t targetCount(Trigger trigger) const;
  // The targets of the probes run under `flag` (--bench, --test), `kind`
  // probes; 0, with an error, when there are none.
  size_t runModeTargets(Trigger trigger, const std::string &flag, const std::string &kind);
  // Whether the kernel's run-time statistics are on; an error when not.
  bool statisticsOn(const RunTimeStatistics &statistics);
  // False, with an error, when every probe is a test or bench probe, which
  // runs only with its flag: as bpftrace, the run refuses to do nothing.
  bool hasProbesToRun();
  pid_t followedPid() const;
  bool followProcess(ProcessExitWatch &watch);
  int finish(EventLoop::Stop stop, const std::string &error);
  // Detaches every program; their perf events stay open in held_events_.
  void detachAll();
  void printMaps();
  const Provider *providerOf(const ProgramUnit &unit);
  bpf_program *programOf(const ProgramUnit &unit);

  const CheckedProgram &program_;
  const CodegenResult &code_;
  const RunOptions &options_;
  Output &output_;
  Diagnostics &diags_;
  bool failed_ = false;
  // Destroyed in reverse order: links first, then the ring buffer, then the object.
  LibbpfLog log_;
  std::unique_ptr<bpf_object, ObjectCloser> object_;
  EventLoop events_;
  std::vector<std::unique_ptr<bpf_link, LinkDestroyer>> links_;
  PerfEventHold held_events_;
};

int Session::run(const std::vector<uint8_t> &object) {
  raiseMemlockLimit();
  if (auto trailer = program_.config.find("str_trunc_trailer"); trailer != program_.config.end())
    setStringTruncTrailer(trailer->second);
  if (!open(object) || !load() || !openEvents() || !recordStartTime() || !fillTargetNames())
    return 1;
  StopSignals signals;
  if (options_.dry_run) {
    bool attached = attachAll();
    detachAll();
    held_events_.release();
    return attached ? 0 : 1;
  }
  if (options_.test)
    return runTests();
  if (options_.bench)
    return runBenchmarks();
  if (!hasProbesToRun())
    return 1;
  // As in bpftrace, BEGIN runs before any other probe is attached, so its
  // records (a header line, say) come before every event's; END runs after
  // all probes are detached. What BEGIN asks of user space (printf, system())
  // is carried out by the event loop, once everything is attached.
  SelfSignals self_signals(handledSignals());
  if (!runUnits(Trigger::RunAtStart) || !attachAll())
    return 1;
  if (!options_.quiet) {
    output_.attachedProbes(program_.targetCount() - targetCount(Trigger::Bench) -
                           targetCount(Trigger::Test));
    output_.recordDone();
  }
  if (!runIterators())
    return 1;
  ProcessExitWatch watch;
  if (!followProcess(watch))
    return 1;
  std::string error;
  events_.setOnWake([this] { onSignals(); });
  // With nothing attached no new event can come: stop once BEGIN's output is
  // shown, unless the run lasts as long as a process.
  EventLoop::Stop stop = events_.run(!waitsForEvents() && followedPid() <= 0, error);
  return finish(stop, error);
}

void Session::detachAll() {
  std::vector<bpf_link *> attached;
  for (auto &link : links_)
    attached.push_back(link.release());
  links_.clear();
  held_events_ = detachPrograms(std::move(attached));
}

int Session::finish(EventLoop::Stop stop, const std::string &error) {
  detachAll();
  events_.consumePending();
  events_.acceptEventsAgain();
  bool end_ran = runUnits(Trigger::RunAtEnd);
  events_.consumePending();
  output_.endOfEvents();
  printMaps();
  output_.flush();
  // Closing the events waits in the kernel; the output is out already.
  held_events_.release();
  if (!output_.intact()) {
    diags_.error("writing the output failed: some of it is missing",
                 "check that the output file's disk has room, or that the reading end of "
                 "the pipe stays open");
    failed_ = true;
  }
  if (events_.lostEvents() > 0)
    std::cerr << "WARNING: Total lost event count: " << events_.lostEvents() << std::endl;
  if (uint64_t not_run = events_.commandsNotRun())
    std::cerr << "WARNING: " << not_run << " system() command" << (not_run == 1 ? "" : "s")
              << " queued when the run was stopped did not run" << std::endl;
  if (uint64_t skipped = skippedProbeRuns(object_.get()))
    std::cerr << "WARNING: " << skipped
              << " probe firings skipped by the kernel while another BPF program ran on the "
                 "same CPU"
              << std::endl;
  if (!events_.mapError().empty()) {
    diags_.error(events_.mapError());
    failed_ = true;
  }
  if (stop == EventLoop::Stop::Error)
    diags_.error(error);
  if (!end_ran || failed_ || stop == EventLoop::Stop::Error)
    return 1;
  return events_.exitCode();
}

bool Session::open(const std::vector<uint8_t> &object) {
  LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = "bpfscope");
  object_.reset(bpf_object__open_mem(object.data(), object.size(), &opts));
  if (!object_) {
    diags_.error("cannot open the BPF object: " + libbpfReason(-errno));
    return false;
  }
  return true;
}

bool Session::load() {
  int err = bpf_object__load(object_.get());
  if (err == 0)
    return true;
  std::string hint = options_.verbose ? "" : "run with -v to see the verifier log";
  if (auto rejected = rejectedProgram()) {
    std::string what = rejected->name;
    for (const auto &unit : program_.units) {
      if (unit.function_name != rejected->name)
        continue;
      what = unit.target.canonical;
      const Provider *provider = findProvider(unit.target.provider);
      if (auto refusal = provider ? provider->explainLoadFailure(unit.target, rejected->reason)
                                  : std::nullopt) {
        diags_.error(what + ": " + refusal->reason, refusal->hint);
        return false;
      }
    }
    reportVerifierRejection({what, rejected->name, rejected->log, rejected->reason}, code_,
                            options_.verbose, diags_);
  } else {
    diags_.error("cannot load the BPF object: " + libbpfReason(err), hint);
  }
  return false;
}

bool Session::openEvents() {
  events_.setObject(object_.get());
  bpf_map *ring = bpf_object__find_map_by_name(object_.get(), async::kRingBufferMapName);
  if (!ring)
    return true; // a program without printf or exit() needs no ring buffer
  std::string error;
  if (events_.open(bpf_map__fd(ring), error))
    return true;
  diags_.error(error);
  return false;
}

// `elapsed` counts from here: the boot-clock time, which BPF reads with bpf_ktime_get_boot_ns.
bool Session::recordStartTime() {
  bpf_map *map = bpf_object__find_map_by_name(object_.get(), objects::kStartTimeMap);
  if (!map)
    return true;
  timespec now{};
  clock_gettime(CLOCK_BOOTTIME, &now);
  uint64_t nanoseconds = static_cast<uint64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
  uint32_t key = 0;
  if (bpf_map_update_elem(bpf_map__fd(map), &key, &nanoseconds, BPF_ANY) == 0)
    return true;
  diags_.error("cannot record the start time: " + std::string(std::strerror(errno)));
  return false;
}

// Shared programs read their targets' `probe` and `func` from this map by attach cookie.
bool Session::fillTargetNames() {
  const TargetNameTable &names = program_.target_names;
  if (names.rows.empty())
    return true;
  bpf_map *map = bpf_object__find_map_by_name(object_.get(), objects::kTargetNamesMap);
  if (!map) {
    diags_.error(std::string("the BPF object has no map '") + objects::kTargetNamesMap + "'");
    return false;
  }
  for (uint32_t row = 0; row < names.rows.size(); ++row) {
    std::vector<uint8_t> bytes = names.rowBytes(row);
    if (bpf_map_update_elem(bpf_map__fd(map), &row, bytes.data(), BPF_ANY) != 0) {
      diags_.error("cannot store the probe names: " + std::string(std::strerror(errno)));
      return false;
    }
  }
  return true;
}

const Provider *Session::providerOf(const ProgramUnit &unit) {
  const Provider *provider = findProvider(unit.target.provider);
  if (!provider)
    diags_.error(unit.target.canonical + ": no provider named '" + unit.target.provider + "'");
  return provider;
}

bpf_program *Session::programOf(const ProgramUnit &unit) {
  bpf_program *prog = bpf_object__find_program_by_name(object_.get(), unit.function_name.c_str());
  if (!prog)
    diags_.error(unit.target.canonical + ": the BPF object has no program '" + unit.function_name +
                 "'");
  return prog;
}

template <typename Act> bool Session::forEachUnit(Trigger trigger, Act act) {
  for (const auto &unit : program_.units) {
    const Provider *provider = providerOf(unit);
    if (!provider)
      return false;
    if (provider->trigger() != trigger)
      continue;
    bpf_program *prog = programOf(unit);
    if (!prog || !act(unit, *provider, prog))
      return false;
  }
  return true;
}

bool Session::runOnce(const ProgramUnit &unit, bpf_program *prog) {
  LIBBPF_OPTS(bpf_test_run_opts, opts);
  if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) == 0)
    return true;
  diags_.error(unit.target.canonical + ": cannot run the program: " + std::strerror(errno));
  return false;
}

bool Session::runUnits(Trigger trigger) {
  return forEachUnit(trigger, [this](const ProgramUnit &unit, const Provider &, bpf_program *prog) {
    return runOnce(unit, prog);
  });
}

// The signals a run handles: each self probe's, and SIGUSR1, which prints
// every map when no self probe handles it (as in bpftrace).
std::vector<int> Session::handledSignals() {
  std::vector<int> signals{SIGUSR1};
  for (const auto &unit : program_.units)
    if (int signal = selfSignalOf(unit.target);
        signal && std::find(signals.begin(), signals.end(), signal) == signals.end())
      signals.push_back(signal);
  return signals;
}

// Acts on each arrival of a handled signal since the last wake: runs every
// self probe of the signal, in the order the script declares them, or
// prints the maps for a SIGUSR1 no self probe handles. A failure is reported
// and makes the run's status 1.
void Session::onSignals() {
  std::map<int, unsigned> arrived;
  unsigned total = 0;
  for (int signal : handledSignals())
    total += arrived[signal] = SelfSignals::take(signal);
  if (total == 0)
    return;
  bool usr1_handled = false;
  bool ran = forEachUnit(Trigger::OnSignal,
                         [&](const ProgramUnit &unit, const Provider &, bpf_program *prog) {
                           int signal = selfSignalOf(unit.target);
                           usr1_handled = usr1_handled || signal == SIGUSR1;
                           for (unsigned n = arrived[signal]; n > 0; --n)
                             if (!runOnce(unit, prog))
                               return false;
                           return true;
                         });
  if (!ran)
    failed_ = true;
  for (unsigned n = usr1_handled ? 0 : arrived[SIGUSR1]; n > 0; --n) {
    printMaps();
    output_.flush();
  }
}

// --bench: times each bench probe (nothing is attached, and BEGIN, END and
// the maps are left out), then prints the table where maps would print.
int Session::runBenchmarks() {
  size_t count = runModeTargets(Trigger::Bench, "--bench", "bench");
  RunTimeStatistics statistics;
  if (count == 0 || !statisticsOn(statistics))
    return 1;
  if (!options_.quiet)
    output_.attachedProbes(count);
  std::vector<BenchResult> results;
  bool timed = forEachUnit(
      Trigger::Bench, [&](const ProgramUnit &unit, const Provider &, bpf_program *prog) {
        std::string error;
        bool skipped = false;
        auto nanoseconds = averageRunTime(bpf_program__fd(prog), skipped, error);
        if (nanoseconds)
          results.push_back({unit.target.parts.front(), *nanoseconds});
        else if (!skipped)
          diags_.error(unit.target.canonical + ": " + error);
        return nanoseconds || skipped;
      });
  events_.consumePending();
  if (!timed)
    return 1;
  output_.endOfEvents();
  output_.printf(benchmarkTable(std::move(results)));
  output_.flush();
  return 0;
}

// --test: runs BEGIN, then each test probe once in script order, reporting
// each as it ends and a summary after the last, then END, as bpftrace does:
// nothing is attached and the maps do not print. BEGIN's output shows before
// the report; the status is 1 when a test failed.
int Session::runTests() {
  size_t count = runModeTargets(Trigger::Test, "--test", "test");
  RunTimeStatistics statistics;
  if (count == 0 || !statisticsOn(statistics))
    return 1;
  if (!runUnits(Trigger::RunAtStart))
    return 1;
  events_.consumePending();
  events_.forgetExit();
  std::vector<TestResult> results;
  bool ran =
      forEachUnit(Trigger::Test, [&](const ProgramUnit &unit, const Provider &, bpf_program *prog) {
        std::string error;
        auto result = runTest(unit.target.parts.front(), bpf_program__fd(prog), events_, error);
        if (!result) {
          diags_.error(unit.target.canonical + ": " + error);
          return false;
        }
        results.push_back(std::move(*result));
        output_.testResult(results.back(), results.size() - 1, count);
        output_.recordDone();
        return true;
      });
  if (!ran)
    return 1;
  output_.testSummary(results);
  bool end_ran = runUnits(Trigger::RunAtEnd);
  events_.consumePending();
  output_.endOfEvents();
  output_.flush();
  bool all_passed =
      std::all_of(results.begin(), results.end(), [](const TestResult &r) { return r.passed; });
  return end_ran && all_passed ? 0 : 1;
}

// Pins a pinned iterator's link (it outlives the run; each read of the pin
// runs the program) and says where; "" or why it failed.
std::string Session::pinIterator(bpf_link *link, const std::string &path) {
  int err = bpf_link__pin(link, path.c_str());
  // Like bpftool: bpffs's usual place gets one when it has none.
  if (err == -EINVAL && path.starts_with(kBpffs) &&
      mount("bpf", kBpffs, "bpf", 0, "mode=0700") == 0)
    err = bpf_link__pin(link, path.c_str());
  if (err == -EEXIST)
    return "cannot pin the iterator at " + path + ": it exists (remove it, or choose another path)";
  if (err == -EINVAL)
    return "cannot pin the iterator at " + path +
           ": the path is not on bpffs (mount one with: mount -t bpf bpf DIRECTORY)";
  if (err != 0)
    return "cannot pin the iterator at " + path + ": " + std::strerror(-err);
  output_.printf("Program pinned to " + path + "\n");
  return "";
}

// Reads each iterator to its end (or pins it): the kernel runs its program once per object
// while read() walks them, and the program's output lands in the ring buffer.
bool Session::runIterators() {
  return forEachUnit(Trigger::Iterate,
                     [this](const ProgramUnit &unit, const Provider &provider, bpf_program *prog) {
                       AttachOutcome outcome = provider.attach(prog, unit.target);
                       if (!outcome.attached()) {
                         diags_.error(unit.target.canonical + ": " + outcome.error, outcome.hint);
                         return false;
                       }
                       auto pin = iteratorPinPath(unit.target);
                       std::string error = pin ? pinIterator(outcome.links.front(), *pin)
                                               : readIterator(outcome.links.front());
                       for (bpf_link *link : outcome.links)
                         bpf_link__destroy(link);
                       if (!error.empty())
                         diags_.error(unit.target.canonical + ": " + error);
                       return error.empty();
                     });
}

bool Session::attachAll() {
  bool attached = forEachUnit(Trigger::Attach, [this](const ProgramUnit &unit,
                                                      const Provider &provider, bpf_program *prog) {
    // On a signal, stop attaching: the event loop sees it and shuts down cleanly.
    if (StopSignals::received())
      return true;
    AttachOutcome outcome = attachUnit(provider, prog, unit);
    if (!outcome.attached()) {
      std::string what =
          outcome.failed_target.empty() ? unit.target.canonical : outcome.failed_target;
      diags_.error(what + ": " + outcome.error, outcome.hint);
      return false;
    }
    for (bpf_link *link : outcome.links)
      links_.emplace_back(link);
    return true;
  });
  if (!attached)
    links_.clear();
  return attached;
}

AttachOutcome Session::attachUnit(const Provider &provider, bpf_program *prog,
                                  const ProgramUnit &unit) {
  int pid = program_.target_pid ? static_cast<int>(program_.target_pid) : -1;
  if (pid < 0 && options_.child && provider.attachesToCommand())
    pid = options_.child->pid();
  if (unit.shared())
    return provider.attachShared(prog, unit.targets, unit.first_cookie, pid);
  return pid > 0 ? provider.attachToProcess(prog, unit.target, pid)
                 : provider.attach(prog, unit.target);
}

// -c's child or -p's process: the run ends when it exits. 0 when neither.
pid_t Session::followedPid() const {
  return options_.child ? options_.child->pid() : static_cast<pid_t>(program_.target_pid);
}

// Starts watching the followed process, then lets -c's child run.
bool Session::followProcess(ProcessExitWatch &watch) {
  pid_t pid = followedPid();
  if (pid <= 0)
    return true;
  std::string error;
  if (!watch.start(pid, &error)) {
    diags_.error(error);
    return false;
  }
  if (options_.child)
    options_.child->release();
  return true;
}

// Whether a probe can still fire once BEGIN has run: an attached one, or a self probe.
bool Session::waitsForEvents() const {
  for (const auto &unit : program_.units) {
    const Provider *provider = findProvider(unit.target.provider);
    if (provider &&
        (provider->trigger() == Trigger::Attach || provider->trigger() == Trigger::OnSignal))
      return true;
  }
  return false;
}

size_t Session::runModeTargets(Trigger trigger, const std::string &flag, const std::string &kind) {
  size_t count = targetCount(trigger);
  if (count == 0)
    diags_.error(flag + ": the script has no " + kind + " probes",
                 "add one: " + kind + ":NAME { … }");
  return count;
}

bool Session::statisticsOn(const RunTimeStatistics &statistics) {
  if (!statistics.error().empty())
    diags_.error(statistics.error());
  return statistics.error().empty();
}

bool Session::hasProbesToRun() {
  size_t tests = targetCount(Trigger::Test);
  if (tests + targetCount(Trigger::Bench) < program_.targetCount())
    return true;
  diags_.error(tests ? "no probes to attach: test probes run only with --test"
                     : "no probes to attach: bench probes run only with --bench",
               tests ? "run the tests with --test" : "run the benchmarks with --bench");
  return false;
}

size_t Session::targetCount(Trigger trigger) const {
  size_t count = 0;
  for (const auto &unit : program_.units) {
    const Provider *provider = findProvider(unit.target.provider);
    if (provider && provider->trigger() == trigger)
      count += unit.targets.size();
  }
  return count;
}

void Session::printMaps() {
  if (switchedOff(program_.config, "print_maps_on_exit"))
    return;
  for (const MapInfo &info : program_.maps) {
    std::string error;
    if (!printMapOf(object_.get(), info, output_, 0, 1, error)) {
      diags_.error(error);
      failed_ = true;
    }
  }
}

} // namespace

int runProgram(const CheckedProgram &program, const CodegenResult &code, const RunOptions &options,
               Diagnostics &diags) {
  std::ofstream file;
  if (!options.output_file.empty()) {
    file.open(options.output_file, std::ios::out | std::ios::trunc);
    if (!file) {
      diags.error("cannot open " + options.output_file + ": " + std::strerror(errno));
      return 1;
    }
  }
  std::ostream &stream = options.output_file.empty() ? std::cout : file;
  auto output = options.json ? makeJsonOutput(stream, options.buffering)
                             : makeTextOutput(stream, options.buffering);
  Session session(program, code, options, *output, diags);
  return session.run(code.object);
}

} // namespace bpfscope
