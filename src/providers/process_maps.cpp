#include "providers/process_maps.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace bpfscope {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> executablePathsIn(const std::string &maps_file) {
  std::ifstream maps(maps_file);
  std::vector<std::string> files;
  std::string line;
  while (std::getline(maps, line)) {
    // "start-end perms offset dev inode   path"
    std::istringstream fields(line);
    std::string range, perms, offset, device, inode, path;
    fields >> range >> perms >> offset >> device >> inode;
    std::getline(fields >> std::ws, path);
    bool executable = perms.size() >= 3 && perms[2] == 'x';
    if (executable && path.starts_with('/') &&
        std::find(files.begin(), files.end(), path) == files.end())
      files.push_back(path);
  }
  return files;
}

bool isRegularFile(const std::string &path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

bool isProcessDirectory(const fs::directory_entry &entry) {
  std::string name = entry.path().filename().string();
  return !name.empty() && std::all_of(name.begin(), name.end(),
                                      [](unsigned char c) { return std::isdigit(c) != 0; });
}

} // namespace

std::vector<std::string> mappedExecutableFiles(int pid) {
  return executablePathsIn("/proc/" + std::to_string(pid) + "/maps");
}

std::vector<std::string> mappedExecutableFilesOfEveryProcess(const std::string &proc) {
  std::vector<std::string> files;
  std::set<std::string> seen;
  std::error_code ec;
  for (fs::directory_iterator it(proc, ec), end; !ec && it != end; it.increment(ec)) {
    if (!isProcessDirectory(*it))
      continue;
    std::string process = it->path().string();
    for (const std::string &path : executablePathsIn(process + "/maps")) {
      std::string file = isRegularFile(path) ? path : process + "/root" + path;
      if (isRegularFile(file) && seen.insert(file).second)
        files.push_back(file);
    }
  }
  return files;
}

} // namespace bpfscope
