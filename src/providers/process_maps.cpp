#include "providers/process_maps.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace bpfscope {

std::vector<std::string> mappedExecutableFiles(int pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
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

} // namespace bpfscope
