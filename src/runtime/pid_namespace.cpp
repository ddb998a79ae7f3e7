#include "runtime/pid_namespace.h"

#include <sys/stat.h>

namespace bpfscope {
namespace {

// The inode of the initial PID namespace, fixed by the kernel (PROC_PID_INIT_INO).
constexpr uint64_t kInitialPidNamespaceInode = 0xeffffffc;

} // namespace

std::optional<PidNamespace> ownPidNamespace(const std::string &ns_link) {
  struct stat st {};
  if (::stat(ns_link.c_str(), &st) != 0 || st.st_ino == kInitialPidNamespaceInode)
    return std::nullopt;
  return PidNamespace{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
}

} // namespace bpfscope
