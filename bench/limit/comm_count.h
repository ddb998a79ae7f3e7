// `@[comm] = count()` as both count limits do it (count.bpf.c for a system
// call, ucount.bpf.c for a function): a per-CPU hash keyed by comm,
// incremented in place, inserted when missing.
#include <linux/bpf.h>

#include <bpf/bpf_helpers.h>

struct comm_key {
  char comm[16];
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
  __uint(max_entries, 4096);
  __type(key, struct comm_key);
  __type(value, __u64);
} counts SEC(".maps");

static __always_inline int count_comm(void) {
  struct comm_key key;
  bpf_get_current_comm(&key.comm, sizeof key.comm);
  __u64 *slot = bpf_map_lookup_elem(&counts, &key);
  if (slot) {
    *slot += 1;
    return 0;
  }
  __u64 one = 1;
  bpf_map_update_elem(&counts, &key, &one, BPF_ANY);
  return 0;
}
