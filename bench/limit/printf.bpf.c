// The limit for `tracepoint:syscalls:sys_enter_getppid { printf("%d\n", pid); }`:
// one ring-buffer record per event, waking the reader only when a batch is pending.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define WAKE_AT_BYTES (64 * 1024)

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 1 << 20);
} events SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int printf_getppid(void *ctx) {
  __u64 record[2] = {1000, bpf_get_current_pid_tgid() >> 32};
  __u64 pending = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA);
  bpf_ringbuf_output(&events, record, sizeof record,
                     pending >= WAKE_AT_BYTES ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
