/* A dynamically linked PIE for stack tests: `bpfs_stacks N MS` calls
 * bpfs_outer -> bpfs_middle -> bpfs_inner N times (bpfs_inner makes one
 * getppid syscall) and passes bpfs_take the address of bpfs_middle (for
 * usym), then sleeps MS milliseconds so that the process is still
 * alive when its user stacks are symbolized. Built -O0 with frame pointers so
 * that every function keeps its frame and the kernel can walk the stack. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) long bpfs_inner(long i) {
  return getppid() + i;
}

__attribute__((noinline)) long bpfs_middle(long i) {
  return bpfs_inner(i) + 1;
}

__attribute__((noinline)) long bpfs_outer(long i) {
  return bpfs_middle(i) + 1;
}

__attribute__((noinline)) void *bpfs_take(void *function) {
  return function;
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bpfs_stacks N MS\n");
    return 2;
  }
  long n = atol(argv[1]);
  long sink = 0;
  for (long i = 0; i < n; i++)
    sink += bpfs_outer(i);
  sink += bpfs_take((void *)&bpfs_middle) != NULL;
  long ms = atol(argv[2]);
  struct timespec pause = {ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&pause, NULL);
  return sink == 0;
}
