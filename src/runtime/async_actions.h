// The user-space halves of async functions whose work is not printing a
// value: time(), cat(), system() and join().
#pragma once

#include "sema/types.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace bpfscope {

// strftime(3) of the local wall-clock time now.
std::string formatLocalTime(const std::string &format);

// cat(): the file's first `max_bytes` bytes. On failure sets `error` (e.g.
// "failed to open file '/x': No such file or directory").
std::string readFileForCat(const std::string &path, size_t max_bytes, std::string &error);

// join(): the strings of a join record (laid out as `record`, sema/join.h)
// joined by `separator`.
std::string joinArguments(const Type &record, const uint8_t *payload, const std::string &separator);

// system(): runs `command` with /bin/sh and returns what it wrote to stdout.
// The read gives up once `stopping()` turns true (checked every
// kCommandStopCheckMs): a process the command left in the background
// (`sleep 60 &`) keeps the pipe open, and its end must not hold up Ctrl-C.
inline constexpr int kCommandStopCheckMs = 100;
std::string runCommand(const std::string &command, const std::function<bool()> &stopping);

} // namespace bpfscope
