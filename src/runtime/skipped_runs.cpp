#include "runtime/skipped_runs.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

namespace bpfscope {

uint64_t skippedProbeRuns(bpf_object *object) {
  uint64_t skipped = 0;
  bpf_program *program = nullptr;
  bpf_object__for_each_program(program, object) {
    bpf_prog_info info{};
    uint32_t length = sizeof info;
    int fd = bpf_program__fd(program);
    if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &length) == 0)
      skipped += info.recursion_misses;
  }
  return skipped;
}

} // namespace bpfscope
