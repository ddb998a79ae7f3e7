// The limit for `BEGIN { exit(); }`: one program run once through BPF_PROG_TEST_RUN.
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("raw_tp/begin")
int begin(void *ctx) {
  return 0;
}

char LICENSE[] SEC("license") = "GPL";
