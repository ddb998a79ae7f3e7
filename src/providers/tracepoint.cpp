// tracepoint:CATEGORY:NAME (alias t:) — static kernel tracepoints. Wildcards
// are allowed in both parts. `args` is typed from the event's tracefs format
// file; the program is a BPF_PROG_TYPE_TRACEPOINT reading its fields directly
// from the context.
#include "parser/suggest.h"
#include "providers/providers.h"
#include "providers/tracefs.h"
#include "providers/tracepoint_format.h"

#include <bpf/libbpf.h>
#include <fnmatch.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

namespace bpfscope {
namespace {

namespace fs = std::filesystem;

bool isGlob(const std::string &s) {
  return s.find_first_of("*?[") != std::string::npos;
}

bool globMatch(const std::string &pattern, const std::string &text) {
  return fnmatch(pattern.c_str(), text.c_str(), 0) == 0;
}

std::vector<std::string> sortedSubdirectories(const fs::path &dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto &entry : fs::directory_iterator(dir, ec))
    if (entry.is_directory(ec))
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Whether perf can open the event: it has an id. Most of the ftrace
// category's events (ftrace:bprint, …) describe the tracer's own records and
// have a format but no id.
bool opensAsPerfEvent(const fs::path &event_dir) {
  std::error_code ec;
  return fs::exists(event_dir / "id", ec);
}

// The "CATEGORY:EVENT" names of tracefs's available_events, in string order:
// what bpftrace lists, in its order ("fib6:…" before "fib:…"). The ftrace
// category's events are not among them.
const std::set<std::string> &availableEvents() {
  static const std::set<std::string> names = [] {
    std::set<std::string> found;
    auto root = tracefsRoot(nullptr);
    if (!root)
      return found;
    std::ifstream in(fs::path(*root) / "available_events");
    for (std::string line; std::getline(in, line);)
      if (line.find(':') != std::string::npos)
        found.insert(line);
    return found;
  }();
  return names;
}

class TracepointProvider : public Provider {
public:
  std::string_view name() const override { return "tracepoint"; }
  std::vector<std::string_view> aliases() const override { return {"t"}; }

  std::vector<ProbeTarget> expand(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                                  Diagnostics &diags) const override {
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      diags.error(ap.span, "tracepoint probe needs a category and an event name",
                  "write tracepoint:CATEGORY:NAME, e.g. tracepoint:syscalls:sys_enter_openat");
      return {};
    }
    std::string error;
    auto root = tracefsRoot(&error);
    if (!root) {
      diags.error(ap.span, error);
      return {};
    }
    std::vector<ProbeTarget> targets;
    fs::path events = fs::path(*root) / "events";
    for (const auto &category : matching(events, parts[0]))
      for (const auto &event : matching(events / category, parts[1]))
        if (opensAsPerfEvent(events / category / event))
          targets.push_back(target(category, event));
    if (targets.empty())
      reportMissing(ap, parts, events, diags);
    return targets;
  }

  std::string sectionName(const ProbeTarget &t) const override {
    return "tracepoint/" + t.parts[0] + "/" + t.parts[1];
  }

  std::optional<ArgsLayout> args(const ProbeTarget &t) const override {
    std::lock_guard lock(cache_mutex_);
    auto it = format_cache_.find(t.canonical);
    if (it != format_cache_.end())
      return it->second;
    auto text = formatText(t.parts[0], t.parts[1]);
    if (!text)
      return std::nullopt;
    ArgsLayout layout = parseTracepointFormat(*text, t.parts[0] == "syscalls");
    format_cache_.emplace(t.canonical, layout);
    return layout;
  }

  AttachOutcome attach(bpf_program *prog, const ProbeTarget &t) const override {
    return attachWithCookie(prog, t, 0);
  }

  // Every tracepoint program has the same context pointer type; what differs
  // between events is only the record layout behind it.
  bool sharesPrograms(const ProbeTarget &) const override { return true; }
  std::string sharedSectionName(const ProbeTarget &) const override { return "tracepoint"; }

  AttachOutcome attachShared(bpf_program *prog, const std::vector<ProbeTarget> &targets,
                             uint64_t first_cookie, int) const override {
    return attachEach(targets, first_cookie, [prog](const ProbeTarget &t, uint64_t cookie) {
      return attachWithCookie(prog, t, cookie);
    });
  }

  void list(std::string_view glob, std::ostream &out) const override {
    forEachListed(glob, [&](const std::string &category, const std::string &event) {
      out << "tracepoint:" << category << ":" << event << "\n";
    });
  }

  void listWithArgs(std::string_view glob, std::ostream &out) const override {
    forEachListed(glob, [&](const std::string &category, const std::string &event) {
      out << "tracepoint:" << category << ":" << event << "\n";
      if (auto text = formatText(category, event))
        for (const auto &declaration : tracepointFieldDeclarations(*text))
          out << "    " << declaration << "\n";
    });
  }

private:
  static AttachOutcome attachWithCookie(bpf_program *prog, const ProbeTarget &t, uint64_t cookie) {
    LIBBPF_OPTS(bpf_tracepoint_opts, opts, .bpf_cookie = cookie);
    bpf_link *link =
        bpf_program__attach_tracepoint_opts(prog, t.parts[0].c_str(), t.parts[1].c_str(), &opts);
    if (!link)
      return {nullptr, std::string("cannot attach: ") + std::strerror(errno)};
    return {link, {}};
  }

  // Calls `visit(category, event)` for every tracepoint matching `glob`, in name order.
  template <typename Visit> static void forEachListed(std::string_view glob, Visit visit) {
    std::string pattern(glob);
    for (const auto &name : availableEvents()) {
      if (!pattern.empty() && !globMatch(pattern, "tracepoint:" + name))
        continue;
      size_t colon = name.find(':');
      visit(name.substr(0, colon), name.substr(colon + 1));
    }
  }

  static std::optional<std::string> formatText(const std::string &category,
                                               const std::string &event) {
    auto root = tracefsRoot(nullptr);
    if (!root)
      return std::nullopt;
    std::ifstream in(fs::path(*root) / "events" / category / event / "format");
    if (!in)
      return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static ProbeTarget target(const std::string &category, const std::string &event) {
    return ProbeTarget{"tracepoint", {category, event}, "tracepoint:" + category + ":" + event};
  }

  static std::vector<std::string> matching(const fs::path &dir, const std::string &pattern) {
    if (!isGlob(pattern))
      return fs::is_directory(dir / pattern) ? std::vector<std::string>{pattern}
                                             : std::vector<std::string>{};
    std::vector<std::string> names;
    for (auto &name : sortedSubdirectories(dir))
      if (globMatch(pattern, name))
        names.push_back(std::move(name));
    return names;
  }

  static void reportMissing(const ast::AttachPoint &ap, const std::vector<std::string> &parts,
                            const fs::path &events, Diagnostics &diags) {
    std::string what = "tracepoint:" + parts[0] + ":" + parts[1];
    if (isGlob(parts[0]) || isGlob(parts[1])) {
      diags.error(ap.span, "no tracepoint matches '" + what + "'",
                  "list the available ones with: bpfscope -l 'tracepoint:*'");
      return;
    }
    if (!fs::is_directory(events / parts[0])) {
      std::string hint = didYouMean(parts[0], sortedSubdirectories(events));
      diags.error(ap.span, "unknown tracepoint category '" + parts[0] + "'",
                  hint.empty() ? "list the categories with: bpfscope -l 'tracepoint:*'" : hint);
      return;
    }
    std::string hint = didYouMean(parts[1], sortedSubdirectories(events / parts[0]));
    diags.error(ap.span, "unknown tracepoint '" + what + "'",
                hint.empty()
                    ? "list the category's events with: bpfscope -l 'tracepoint:" + parts[0] + ":*'"
                    : hint);
  }

  mutable std::mutex cache_mutex_;
  mutable std::map<std::string, ArgsLayout> format_cache_;
};

} // namespace

const Provider &tracepointProvider() {
  static const TracepointProvider provider;
  return provider;
}

} // namespace bpfscope
