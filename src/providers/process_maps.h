// The files a running process has mapped executable (its program and shared
// libraries), for attach points that name `*` as the binary under -p PID.
#pragma once

#include <string>
#include <vector>

namespace bpfscope {

// Paths from /proc/PID/maps, each once, in address order; empty when the
// process is gone.
std::vector<std::string> mappedExecutableFiles(int pid);

// The error for `*` as the binary without -p.
inline const char *kStarBinaryNeedsPid =
    "'*' as the binary means every file of the process given with -p PID";

} // namespace bpfscope
