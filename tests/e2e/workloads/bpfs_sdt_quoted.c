/* A USDT probe whose name holds its own quotes: sys/sdt.h turns the name
 * argument into a string, so STAP_PROBE1(bpfs, "quoted", i) declares the
 * probe `"quoted"` (bpftrace's usdt_quoted_probe test program does the same).
 * `bpfs_sdt_quoted N` fires it N times with i = 1..N. */
#include <sys/sdt.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bpfs_sdt_quoted N\n");
    return 2;
  }
  long n = atol(argv[1]);
  for (long i = 1; i <= n; i++)
    STAP_PROBE1(bpfs, "quoted", i);
  return 0;
}
