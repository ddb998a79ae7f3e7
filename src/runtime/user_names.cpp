#include "runtime/user_names.h"

#include <fstream>

namespace bpfscope {

std::string userNameIn(std::istream &passwd, uint32_t uid) {
  std::string line;
  std::string wanted = std::to_string(uid);
  while (std::getline(passwd, line)) {
    size_t name_end = line.find(':');
    size_t uid_start = name_end == std::string::npos ? name_end : line.find(':', name_end + 1);
    if (uid_start == std::string::npos)
      continue;
    size_t uid_end = line.find(':', uid_start + 1);
    if (line.compare(uid_start + 1, uid_end - uid_start - 1, wanted) == 0)
      return line.substr(0, name_end);
  }
  return {};
}

std::string userNameOf(uint32_t uid) {
  std::ifstream passwd("/etc/passwd");
  return userNameIn(passwd, uid);
}

} // namespace bpfscope
