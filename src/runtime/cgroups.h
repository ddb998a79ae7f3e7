// Cgroup ids and paths, in both directions: cgroupid("PATH") asks the kernel
// for the id of the cgroup at a path at compile time, and cgroup_path(ID)
// values are turned back into paths when they are printed, by searching the
// hierarchies mounted now (as bpftrace does: a removed cgroup prints nothing).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpfscope {

// The id of the cgroup whose directory is `path` (its kernfs inode number, as
// bpf_get_current_cgroup_id() returns it); nullopt with `why` set when the
// path is no cgroup directory.
std::optional<uint64_t> cgroupIdOf(const std::string &path, std::string &why);

// A mounted cgroup hierarchy: "unified" for cgroup2, else its controllers
// ("cpu", "memory", "cpu,cpuacct") or its name= option ("systemd").
struct CgroupHierarchy {
  std::string name;
  std::string mount_point;
};
// The hierarchies of a /proc/self/mountinfo text, cgroup2 first, then by name.
std::vector<CgroupHierarchy> cgroupHierarchiesIn(const std::string &mountinfo);

// "NAME:/path" for every mounted hierarchy whose name matches the glob
// `filter` (all when empty) and holds a cgroup with this id, joined by ",".
std::string cgroupPathOf(uint64_t id, const std::string &filter);

} // namespace bpfscope
