// What sema hands to codegen and the runtime: the checked AST plus the
// tables every later stage needs (maps, printf formats, expanded probes).
#pragma once

#include "parser/ast.h"
#include "sema/types.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

struct MapInfo {
  std::string name;            // "@", "@x"
  std::vector<Type> key_types; // empty for a map without keys
  // The key as stored in the BPF map (before a bucket index for hist/lhist):
  // a tuple of key_types, or for a map without keys one uint64 zero (hist and
  // lhist: nothing, the bucket index is the whole key).
  Type key;
  Type value;
  // The BPF map: 0 for the default (a hash map, per-CPU for aggregations) or
  // the type a declaration (`let @m = lruhash(100);`) names.
  uint32_t bpf_map_type = 0;
  uint32_t max_entries = 4096; // max_map_keys, or the declared size

  // The BPF map's name in the object: "@x" -> "AT_x", "@" -> "AT_".
  std::string objectName() const;
};

// MapInfo::key for these keys and value. A map without keys stores one zero
// uint64, except hist/lhist/tseries, keyed by the bucket index alone (an
// 8-byte key: less to build and hash on every event).
Type storedMapKey(const std::vector<Type> &key_types, const Type &value);

// What user space does with an async record's formatted arguments.
enum class AsyncKind {
  Printf,     // print the formatted text
  Time,       // print the wall-clock time, `format` being strftime's (no args)
  Cat,        // print the contents of the file named by the formatted text
  System,     // run the formatted text as a shell command (--unsafe)
  PrintValue, // print(value): print the single argument, then a newline
  Join,       // join(array, sep): `args` is sema/join.h's record, `format` the separator
  Error,      // errorf() and a failed assert(): the text as an error at the call (stderr)
  Warning,    // warnf(): the text as a warning at the call, unless --no-warnings
  Debug,      // debugf(): formatted by the kernel into the trace pipe; never sent
};

// An async action whose arguments travel through the ring buffer.
struct PrintfInfo {
  const ast::Call *call = nullptr; // the call this record describes
  Span span;
  std::string format;
  std::vector<Type> arg_types;
  Type args; // tuple of arg_types: the layout of the event payload
  AsyncKind kind = AsyncKind::Printf;
};

// One attach point after provider expansion: "tracepoint:syscalls:sys_enter_read".
struct ProbeTarget {
  std::string provider; // canonical provider name ("tracepoint", "interval", "BEGIN", …)
  std::vector<std::string> parts; // the attach point split by ':' after the provider
  std::string canonical;          // provider + ":" + parts joined by ':' (or "BEGIN")
};

// A BPF program to generate: one probe body for one expanded target, or for
// several targets whose code would be the same (sema/shared_programs.h).
struct ProgramUnit {
  const ast::Probe *probe;
  ProbeTarget target;        // the first target: the code reads its context layout
  std::string function_name; // unique, used as the BPF program name
  // Every target the program attaches to, `target` first. When there are
  // several, targets[i]'s link carries BPF cookie first_cookie + i, its row
  // in CheckedProgram::target_names.
  std::vector<ProbeTarget> targets;
  uint32_t first_cookie = 0;

  bool shared() const { return targets.size() > 1; }
};

// `probe` and `func` of one target of a shared program.
struct TargetNames {
  std::string probe;
  std::string func;
};

// The names shared programs look up by attach cookie, held in one BPF array
// map: row i is {char probe[probeWidth()]; char func[funcWidth()];}.
struct TargetNameTable {
  std::vector<TargetNames> rows;

  uint32_t probeWidth() const; // the longest name + its NUL
  uint32_t funcWidth() const;
  uint32_t rowSize() const { return probeWidth() + funcWidth(); }
  // Row i as stored in the map, NUL-padded.
  std::vector<uint8_t> rowBytes(size_t i) const;
};

// A PID namespace, as /proc/self/ns/pid's device and inode name it (what
// bpf_get_ns_current_pid_tgid takes).
struct PidNamespace {
  uint64_t device = 0;
  uint64_t inode = 0;
};

struct CheckedProgram {
  std::unique_ptr<ast::Program> ast;
  std::vector<MapInfo> maps;       // sorted by name
  std::vector<PrintfInfo> printfs; // index = printf id in ring-buffer events
  std::vector<ProgramUnit> units;
  TargetNameTable target_names;
  uint32_t max_strlen = 1024;
  // -c CMD's child (`cpid`) and -p PID, 0 when absent; compiled into the programs.
  uint32_t child_pid = 0;
  uint32_t target_pid = 0;
  // bpfscope's own PID namespace when it is not the initial one: `pid`, `tid`,
  // the -p filter and ustack's process are then ids as seen from it, as in
  // bpftrace; nullopt costs nothing (bpf_get_current_pid_tgid alone).
  std::optional<PidNamespace> pid_namespace;
  // -k (1): report failing map updates and deletes, stack captures and
  // signals; -kk (2): also failing memory reads. 0: no checks.
  int helper_checks = 0;
  std::map<std::string, std::string> config; // config variables set by the script or environment

  const MapInfo *findMap(const std::string &name) const;
  // Every attach point of every action block, a USDT probe at several sites
  // counted once: what "Attached N probes" counts.
  size_t targetCount() const;
};

} // namespace bpfscope
