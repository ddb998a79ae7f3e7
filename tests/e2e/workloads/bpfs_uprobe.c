/* A dynamically linked PIE with functions for uprobe, uretprobe and ustack
 * tests: `bpfs_uprobe N` calls bpfs_add(i, 100) and bpfs_leaf(i) (through
 * bpfs_middle) for i in 0..N-1; bpfs_leaf makes one getppid syscall. The
 * global g_counter holds i * 3 during each iteration (for uaddr()). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

volatile long bpfs_sink;
volatile int g_counter;

__attribute__((noinline)) long bpfs_add(long a, long b) {
  __asm__ volatile("");
  return a + b;
}

__attribute__((noinline)) long bpfs_leaf(long i) {
  __asm__ volatile("");
  return getppid() + i;
}

__attribute__((noinline)) long bpfs_middle(long i) {
  long r = bpfs_leaf(i);
  __asm__ volatile("");
  return r + 1;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bpfs_uprobe N\n");
    return 2;
  }
  long n = atol(argv[1]);
  for (long i = 0; i < n; i++) {
    g_counter = (int)(i * 3);
    bpfs_sink += bpfs_add(i, 100);
    bpfs_sink += bpfs_middle(i);
  }
  return 0;
}
