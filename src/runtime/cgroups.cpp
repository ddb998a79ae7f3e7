#include "runtime/cgroups.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <linux/magic.h>
#include <sstream>
#include <sys/statfs.h>

namespace bpfscope {
namespace {

// Mount options of a cgroup v1 hierarchy that name no controller.
bool isGenericOption(const std::string &option) {
  static const char *const generic[] = {
      "rw",      "ro",    "nosuid",   "nodev",          "noexec",         "relatime",
      "noatime", "xattr", "noprefix", "clone_children", "cpuset_v2_mode", "favordynmods"};
  for (const char *g : generic)
    if (option == g)
      return true;
  return option.compare(0, 14, "release_agent=") == 0;
}

std::string hierarchyName(const std::string &fs_type, const std::string &super_options) {
  if (fs_type == "cgroup2")
    return "unified";
  std::string name;
  std::istringstream options(super_options);
  for (std::string option; std::getline(options, option, ',');) {
    if (isGenericOption(option))
      continue;
    if (option.compare(0, 5, "name=") == 0)
      option = option.substr(5);
    name += (name.empty() ? "" : ",") + option;
  }
  return name;
}

// One mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNT_POINT OPTIONS [TAGS…] - TYPE SOURCE SUPER".
std::optional<CgroupHierarchy> hierarchyOf(const std::string &line) {
  std::istringstream fields(line);
  std::string id, parent, device, root, mount_point, field;
  fields >> id >> parent >> device >> root >> mount_point;
  while (fields >> field && field != "-") {
  }
  std::string fs_type, source, super_options;
  fields >> fs_type >> source >> super_options;
  if (fs_type != "cgroup" && fs_type != "cgroup2")
    return std::nullopt;
  return CgroupHierarchy{hierarchyName(fs_type, super_options), mount_point};
}

// The cgroup at or below `root` whose id is `id`, as a path from `root` ("/" for root itself).
std::optional<std::string> findCgroup(const std::string &root, uint64_t id) {
  std::string why;
  if (cgroupIdOf(root, why) == id)
    return "/";
  std::error_code ec;
  namespace fs = std::filesystem;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && cgroupIdOf(it->path(), why) == id)
      return "/" + fs::relative(it->path(), root, ec).string();
  }
  return std::nullopt;
}

} // namespace

std::optional<uint64_t> cgroupIdOf(const std::string &path, std::string &why) {
  // A cgroup's file handle is its 8-byte kernfs id.
  struct statfs fs {};
  if (statfs(path.c_str(), &fs) != 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  if (fs.f_type != CGROUP2_SUPER_MAGIC && fs.f_type != CGROUP_SUPER_MAGIC) {
    why = "it is not in a cgroup file system";
    return std::nullopt;
  }
  alignas(struct file_handle) unsigned char storage[sizeof(struct file_handle) + 8] = {};
  auto *handle = reinterpret_cast<struct file_handle *>(storage);
  handle->handle_bytes = 8;
  int mount_id = 0;
  if (name_to_handle_at(AT_FDCWD, path.c_str(), handle, &mount_id, 0) != 0) {
    why = std::strerror(errno);
    return std::nullopt;
  }
  uint64_t id = 0;
  std::memcpy(&id, handle->f_handle, sizeof id);
  return id;
}

std::vector<CgroupHierarchy> cgroupHierarchiesIn(const std::string &mountinfo) {
  std::vector<CgroupHierarchy> found;
  std::istringstream lines(mountinfo);
  for (std::string line; std::getline(lines, line);)
    if (auto h = hierarchyOf(line))
      found.push_back(*h);
  std::stable_sort(found.begin(), found.end(), [](const auto &a, const auto &b) {
    bool a_unified = a.name == "unified", b_unified = b.name == "unified";
    return a_unified != b_unified ? a_unified : a.name < b.name;
  });
  return found;
}

std::string cgroupPathOf(uint64_t id, const std::string &filter) {
  std::ifstream file("/proc/self/mountinfo");
  std::stringstream mountinfo;
  mountinfo << file.rdbuf();
  std::string paths;
  for (const CgroupHierarchy &h : cgroupHierarchiesIn(mountinfo.str())) {
    if (!filter.empty() && fnmatch(filter.c_str(), h.name.c_str(), 0) != 0)
      continue;
    if (auto path = findCgroup(h.mount_point, id))
      paths += (paths.empty() ? "" : ",") + h.name + ":" + *path;
  }
  return paths;
}

} // namespace bpfscope
