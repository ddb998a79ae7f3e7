#include "providers/user_attach.h"

#include "providers/elf_image.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstring>

namespace bpfscope {

AttachOutcome attachUserProbe(bpf_program *prog, const UserProbeSite &site, bool retprobe,
                              int pid) {
  LIBBPF_OPTS(bpf_uprobe_opts, opts, .ref_ctr_offset = site.semaphore_offset,
              .bpf_cookie = site.cookie, .retprobe = retprobe);
  bpf_link *link =
      bpf_program__attach_uprobe_opts(prog, pid, site.path.c_str(), site.file_offset, &opts);
  if (link)
    return {link, {}};
  int err = errno;
  AttachOutcome failed(nullptr, "cannot attach a " +
                                    std::string(retprobe ? "uretprobe" : "uprobe") + " to " +
                                    site.path + " at file offset " +
                                    std::to_string(site.file_offset) + ": " + std::strerror(err));
  if (err == ESRCH)
    failed.hint = "process " + std::to_string(pid) + " does not exist";
  else if (err == EINVAL)
    failed.hint = "the offset must be the first byte of an instruction in an executable segment";
  return failed;
}

std::optional<UserCodeSite> siteAtFileOffset(const std::string &path, uint64_t file_offset,
                                             bool ip_at_site) {
  auto image = ElfImage::load(path, nullptr);
  auto address = image ? image->addressOfFileOffset(file_offset) : std::nullopt;
  if (!address)
    return std::nullopt;
  return UserCodeSite{path, *address, ip_at_site};
}

} // namespace bpfscope
