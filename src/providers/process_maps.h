// The files running processes have mapped executable (their programs and
// shared libraries), for attach points that name `*` as the binary: under
// -p PID those of that process, else (usdt) those of every process.
#pragma once

#include <string>
#include <vector>

namespace bpfscope {

// Paths from /proc/PID/maps, each once, in address order; empty when the
// process is gone.
std::vector<std::string> mappedExecutableFiles(int pid);

// The files of every process under `proc`, each once, as bpfscope can open
// them: a path that names no file here (the process runs in a mount
// namespace of its own) is reached through /proc/PID/root. Processes that
// exit meanwhile are skipped.
std::vector<std::string> mappedExecutableFilesOfEveryProcess(const std::string &proc = "/proc");

// The error for `*` as a uprobe's binary without -p.
inline const char *kStarBinaryNeedsPid =
    "'*' as the binary means every file of the process given with -p PID";

} // namespace bpfscope
