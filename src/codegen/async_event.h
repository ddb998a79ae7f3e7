// The records BPF programs send to user space through the ring buffer.
// Every record starts with an 8-byte id; the payload that follows depends on it.
#pragma once

#include <cstdint>

namespace bpfscope::async {

constexpr const char *kRingBufferMapName = "events";

enum : uint64_t {
  // payload: int64 exit code
  kExit = 1,
  // kPrintfBase + i: payload laid out as CheckedProgram::printfs[i].args
  kPrintfBase = 1000,
};

struct Header {
  uint64_t id;
};

} // namespace bpfscope::async
