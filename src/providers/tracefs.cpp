#include "providers/tracefs.h"

#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bpfscope {

static const char *const kTracefs = "/sys/kernel/tracing";
// Where tracefs appears when only debugfs is mounted (older distributions).
static const char *const kDebugfsTracing = "/sys/kernel/debug/tracing";

static bool hasEvents(const std::string &dir) {
  return access((dir + "/events").c_str(), F_OK) == 0;
}

std::optional<std::string> tracefsRoot(std::string *error) {
  static std::optional<std::string> cached;
  if (cached)
    return cached;
  for (const char *dir : {kTracefs, kDebugfsTracing})
    if (hasEvents(dir))
      return cached = dir;
  int err = mount("nodev", kTracefs, "tracefs", 0, nullptr) == 0 ? 0 : errno;
  if (err == 0 && hasEvents(kTracefs))
    return cached = kTracefs;
  if (error)
    *error = std::string("tracefs is not mounted and mounting it failed") +
             (err ? std::string(" (") + std::strerror(err) + ")" : std::string()) +
             "; mount it with: mount -t tracefs nodev " + kTracefs;
  return std::nullopt;
}

} // namespace bpfscope
