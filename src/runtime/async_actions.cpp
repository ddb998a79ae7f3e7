#include "runtime/async_actions.h"

#include "runtime/time_format.h"
#include "runtime/value_format.h"

#include <poll.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace bpfscope {

std::string formatLocalTime(const std::string &format) {
  time_t now = ::time(nullptr);
  tm local{};
  localtime_r(&now, &local);
  return strftimeText(format, local);
}

std::string joinArguments(const Type &record, const uint8_t *payload,
                          const std::string &separator) {
  auto offsets = record.elementOffsets();
  uint64_t count = readInteger(payload + offsets[0], 8, false);
  const Type &pieces = record.elements[1];
  std::string text;
  for (uint64_t i = 0; i < count && i < pieces.count; ++i) {
    if (i)
      text += separator;
    const uint8_t *piece = payload + offsets[1] + i * pieces.element->size;
    text += formatString(*pieces.element, piece);
  }
  return text;
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

std::string runCommand(const std::string &command, const std::function<bool()> &stopping) {
  FILE *pipe = popen(command.c_str(), "r");
  if (!pipe)
    return {};
  std::string output;
  char buffer[4096];
  pollfd readable{fileno(pipe), POLLIN, 0};
  while (!stopping()) {
    int ready = poll(&readable, 1, kCommandStopCheckMs);
    if (ready < 0 && errno != EINTR)
      break;
    if (ready <= 0)
      continue;
    ssize_t n = read(readable.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    output.append(buffer, static_cast<size_t>(n));
  }
  pclose(pipe);
  return output;
}

} // namespace bpfscope
