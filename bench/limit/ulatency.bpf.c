// The limit for a latency histogram across a uprobe and a uretprobe on the
// workload's bench_target(); the loader attaches both.
#include "latency.h"

SEC("uprobe")
int enter_target(void *ctx) {
  return record_start();
}

SEC("uretprobe")
int return_target(void *ctx) {
  return record_latency();
}

char LICENSE[] SEC("license") = "GPL";
