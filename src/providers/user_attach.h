// Attaching a program at one place in a user binary, shared by uprobe,
// uretprobe and usdt: a uprobe PMU perf event at a file offset, optionally
// incrementing a USDT semaphore while attached.
#pragma once

#include "providers/provider.h"

#include <cstdint>
#include <optional>
#include <string>

namespace bpfscope {

struct UserProbeSite {
  std::string path;
  uint64_t file_offset = 0;
  uint64_t semaphore_offset = 0; // file offset of a USDT semaphore; 0 for none
  uint64_t cookie = 0;           // bpf_get_attach_cookie()'s value in the program
};

// pid -1 attaches in every process that maps the file.
AttachOutcome attachUserProbe(bpf_program *prog, const UserProbeSite &site, bool retprobe, int pid);

// The probed site of a target attached at `file_offset` in `path`, by its linked address.
std::optional<UserCodeSite> siteAtFileOffset(const std::string &path, uint64_t file_offset,
                                             bool ip_at_site);

} // namespace bpfscope
