/* USDT probes (sys/sdt.h) for the usdt e2e tests: `bpfs_usdt N [WAIT_MS]`
 * waits WAIT_MS milliseconds (for a tracer to attach with -p), then fires, for
 * i in 0..N-1, probes whose arguments the compiler places in each kind of
 * operand the SDT notes describe: registers of several widths (tick), a
 * constant and a %rip-relative global (constant), an indexed memory operand
 * (indexed), frame-pointer-relative stack slots (stack, built without
 * optimization), and, in the shared library libbpfs_usdt_lib.so, a probe
 * guarded by a semaphore (bpfs_lib:guarded, fired only while a tracer is
 * attached), and bpfs_twice:site, one probe at two sites. */
#include <sys/sdt.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void bpfs_lib_step(long i);

volatile long bpfs_global = 7;
long bpfs_table[4] = {10, 20, 30, 40};

__attribute__((noinline, optimize("O0"))) void bpfs_on_stack(int a, long b) {
  STAP_PROBE2(bpfs, stack, a, b);
}

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    fprintf(stderr, "usage: bpfs_usdt N [WAIT_MS]\n");
    return 2;
  }
  long n = atol(argv[1]);
  if (argc == 3)
    usleep(1000 * (useconds_t)atol(argv[2]));
  for (long i = 0; i < n; i++) {
    STAP_PROBE3(bpfs, tick, i, (int)-i, (unsigned char)(i + 250));
    STAP_PROBE2(bpfs, constant, 42, bpfs_global);
    STAP_PROBE1(bpfs, indexed, bpfs_table[i & 3]);
    bpfs_on_stack((int)i * -3, i * 1000);
    bpfs_lib_step(i);
    STAP_PROBE1(bpfs_twice, site, i);
    STAP_PROBE1(bpfs_twice, site, i * 10);
  }
  return 0;
}
