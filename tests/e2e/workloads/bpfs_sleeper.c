/* Sleeps N times for MS milliseconds each, one clock_nanosleep syscall per
 * sleep, so that enter/exit latency pairs are known in advance. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: bpfs_sleeper MS N\n");
    return 2;
  }
  long ms = atol(argv[1]);
  long times = atol(argv[2]);
  struct timespec duration = {.tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000L};
  for (long i = 0; i < times; i++) {
    if (clock_nanosleep(CLOCK_MONOTONIC, 0, &duration, NULL) != 0) {
      perror("bpfs_sleeper: clock_nanosleep");
      return 1;
    }
  }
  return 0;
}
