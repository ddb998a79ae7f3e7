// The limit for a latency histogram across sys_enter/sys_exit of getppid.
#include "latency.h"

SEC("tracepoint/syscalls/sys_enter_getppid")
int enter_getppid(void *ctx) {
  return record_start();
}

SEC("tracepoint/syscalls/sys_exit_getppid")
int exit_getppid(void *ctx) {
  return record_latency();
}

char LICENSE[] SEC("license") = "GPL";
