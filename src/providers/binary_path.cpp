#include "providers/binary_path.h"

#include <glob.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace bpfscope {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kCacheMagic = "glibc-ld.so.cache1.1";
constexpr size_t kHeaderSize = 48; // magic, nlibs, len_strings, flags, extension, unused[3]
constexpr size_t kEntrySize = 24;  // flags, key, value, osversion, hwcap
constexpr int32_t kElfLibc6X8664 = 0x0303;

bool isRegularFile(const std::string &path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

// "libc" matches the soname "libc.so.6"; so do "c" and "libc.so.6" itself.
bool sonameMatches(std::string_view soname, std::string_view name) {
  if (soname == name)
    return true;
  std::string stem = std::string(name) + ".so";
  std::string lib_stem = "lib" + stem;
  return soname.starts_with(stem) || soname.starts_with(lib_stem);
}

uint32_t readU32(std::string_view bytes, size_t at) {
  uint32_t value;
  std::memcpy(&value, bytes.data() + at, sizeof value);
  return value;
}

std::string_view cString(std::string_view bytes, size_t at) {
  if (at >= bytes.size())
    return {};
  size_t end = bytes.find('\0', at);
  return bytes.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
}

std::optional<std::string> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::optional<std::string> findInLibraryDirectories(const std::string &name) {
  static const char *const kDirectories[] = {"/lib/x86_64-linux-gnu",
                                             "/usr/lib/x86_64-linux-gnu",
                                             "/lib64",
                                             "/usr/lib64",
                                             "/lib",
                                             "/usr/lib"};
  for (const char *dir : kDirectories) {
    std::error_code ec;
    for (const auto &entry : fs::directory_iterator(dir, ec)) {
      std::string file = entry.path().filename().string();
      if (sonameMatches(file, name) && isRegularFile(entry.path().string()))
        return entry.path().string();
    }
  }
  return std::nullopt;
}

std::optional<std::string> findOnPath(const std::string &name) {
  const char *path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (isRegularFile(candidate) && access(candidate.c_str(), X_OK) == 0)
      return candidate;
  }
  return std::nullopt;
}

} // namespace

std::optional<std::string> findInLdSoCache(std::string_view cache, std::string_view name) {
  if (cache.size() < kHeaderSize || !cache.starts_with(kCacheMagic))
    return std::nullopt;
  uint32_t count = readU32(cache, kCacheMagic.size());
  for (uint32_t i = 0; i < count; ++i) {
    size_t at = kHeaderSize + static_cast<size_t>(i) * kEntrySize;
    if (at + kEntrySize > cache.size())
      break;
    int32_t flags = static_cast<int32_t>(readU32(cache, at));
    if (flags != kElfLibc6X8664)
      continue;
    if (sonameMatches(cString(cache, readU32(cache, at + 4)), name))
      return std::string(cString(cache, readU32(cache, at + 8)));
  }
  return std::nullopt;
}

std::optional<std::string> resolveBinaryPath(const std::string &name, std::string *error) {
  auto fail = [error](std::string why) -> std::optional<std::string> {
    if (error)
      *error = std::move(why);
    return std::nullopt;
  };
  if (name.find('/') != std::string::npos) {
    if (isRegularFile(name))
      return name;
    return fail("no such file: " + name);
  }
  if (auto cache = readFile("/etc/ld.so.cache"))
    if (auto path = findInLdSoCache(*cache, name); path && isRegularFile(*path))
      return path;
  if (auto path = findInLibraryDirectories(name))
    return path;
  if (auto path = findOnPath(name))
    return path;
  return fail("cannot find a library or program named '" + name + "'");
}

bool isBinaryPattern(const std::string &binary) {
  return binary.find('/') != std::string::npos && binary.find_first_of("*?[") != std::string::npos;
}

std::vector<std::string> listedBinaries(const std::string &binary) {
  if (!isBinaryPattern(binary))
    return {binary};
  std::vector<std::string> paths;
  glob_t found{};
  if (glob(binary.c_str(), 0, nullptr, &found) == 0)
    for (size_t i = 0; i < found.gl_pathc; ++i)
      if (isRegularFile(found.gl_pathv[i]))
        paths.emplace_back(found.gl_pathv[i]);
  globfree(&found);
  return paths;
}

} // namespace bpfscope
