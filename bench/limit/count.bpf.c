// The limit for `tracepoint:syscalls:sys_enter_getppid { @[comm] = count(); }`.
#include "comm_count.h"

SEC("tracepoint/syscalls/sys_enter_getppid")
int count_getppid(void *ctx) {
  return count_comm();
}

char LICENSE[] SEC("license") = "GPL";
