// The records BPF programs send to user space through the ring buffer.
// Every record starts with an 8-byte id; the payload that follows depends on it.
#pragma once

#include <cstdint>

namespace bpfscope::async {

constexpr const char *kRingBufferMapName = "events";

// Waking the reader costs the traced thread microseconds per record, so records
// do not wake it (BPF_RB_NO_WAKEUP) unless they take the pending data across
// this many bytes or are urgent (exit); the reader also drains every
// kDrainIntervalMs, which bounds the delay when concurrent records on several
// CPUs step over the crossing.
constexpr uint64_t kWakeupBytes = 64 * 1024;
constexpr int kDrainIntervalMs = 10;

enum : uint64_t {
  // payload: int64 exit code
  kExit = 1,
  // payload: MapCommand. print(@m[, top[, div]]), clear(@m), zero(@m): user space
  // acts on the map when it reaches the record, so the action stays in order
  // with the printf output around it.
  kPrintMap = 2,
  kClearMap = 3,
  kZeroMap = 4,
  // payload: HelperFailure. A BPF helper failed (-k).
  kHelperError = 5,
  // kPrintfBase + i: payload laid out as CheckedProgram::printfs[i].args
  kPrintfBase = 1000,
};

struct Header {
  uint64_t id;
};

// HelperFailure.helper of a division or modulo by zero, which no BPF helper
// id takes: the result is 1 and user space warns in bpftrace's words.
constexpr unsigned kDivideByZero = 0xffff;

struct HelperFailure {
  uint64_t helper; // enum bpf_func_id
  int64_t retcode; // -errno
  uint32_t begin;  // the script span whose code called the helper
  uint32_t end;
};

struct MapCommand {
  uint64_t map_index; // into CheckedProgram::maps
  uint64_t top;       // print(): 0 = all entries
  uint64_t div;       // print(): 0 = 1
};

} // namespace bpfscope::async
