#include "runtime/async_actions.h"

#include <stdio.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace bpfscope {

std::string formatLocalTime(const std::string &format) {
  time_t now = ::time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  // strftime returns 0 both for an empty result and for a too small buffer.
  for (size_t size = 256; size <= 65536; size *= 4) {
    std::string text(size, '\0');
    size_t length = strftime(text.data(), text.size(), format.c_str(), &local);
    if (length > 0 || format.empty()) {
      text.resize(length);
      return text;
    }
  }
  return {};
}

std::string readFileForCat(const std::string &path, size_t max_bytes, std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = "failed to open file '" + path + "': " + std::strerror(errno);
    return {};
  }
  std::string text(max_bytes, '\0');
  file.read(text.data(), static_cast<std::streamsize>(max_bytes));
  text.resize(static_cast<size_t>(file.gcount()));
  return text;
}

std::string runCommand(const std::string &command) {
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return {};
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    output.append(buffer, n);
  pclose(pipe);
  return output;
}

} // namespace bpfscope
