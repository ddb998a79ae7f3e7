// The limit for `uprobe:WORKLOAD:bench_target { @[comm] = count(); }`; the
// loader attaches it to the workload's bench_target().
#include "comm_count.h"

SEC("uprobe")
int count_calls(void *ctx) {
  return count_comm();
}

char LICENSE[] SEC("license") = "GPL";
