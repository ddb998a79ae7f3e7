// The latency histogram both latency limits share (hist.bpf.c for a system
// call, ulatency.bpf.c for a function): @start[tid] = nsecs on entry; on
// return hist(nsecs - @start[tid]) and delete.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 4096);
  __type(key, __u32);
  __type(value, __u64);
} start SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, __u64);
  __type(value, __u64);
} latency SEC(".maps");

static __always_inline __u64 log2_bucket(__u64 v) {
  __u64 log = 0;
  for (int shift = 32; shift > 0; shift /= 2)
    if (v >= (1ULL << shift)) {
      v >>= shift;
      log += shift;
    }
  return log + 2;
}

static __always_inline int record_start(void) {
  __u32 tid = (__u32)bpf_get_current_pid_tgid();
  __u64 now = bpf_ktime_get_ns();
  bpf_map_update_elem(&start, &tid, &now, BPF_ANY);
  return 0;
}

static __always_inline int record_latency(void) {
  __u32 tid = (__u32)bpf_get_current_pid_tgid();
  __u64 *began = bpf_map_lookup_elem(&start, &tid);
  if (!began)
    return 0;
  __u64 delta = bpf_ktime_get_ns() - *began;
  __u64 bucket = delta == 0 ? 1 : log2_bucket(delta);
  __u64 *slot = bpf_map_lookup_elem(&latency, &bucket);
  if (slot) {
    *slot += 1;
  } else {
    __u64 one = 1;
    bpf_map_update_elem(&latency, &bucket, &one, BPF_ANY);
  }
  bpf_map_delete_elem(&start, &tid);
  return 0;
}
