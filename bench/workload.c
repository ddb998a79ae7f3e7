// The traced workload: N getppid() system calls on one CPU, or with "call"
// first, N calls of bench_target() (the uprobe scenarios' function).
//   workload [call] CPU N [RATE]
// Pins itself to CPU, makes N calls (at most RATE per second when given) and
// prints "<thread CPU ns per call> <wall seconds>".
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Kept out of line and not optimized away, so that a uprobe has a function
// entry and a return to trap.
__attribute__((noinline)) long bench_target(long i) {
  __asm__ volatile("" : "+r"(i));
  return i;
}

int main(int argc, char **argv) {
  int user_calls = argc > 1 && strcmp(argv[1], "call") == 0;
  argc -= user_calls;
  argv += user_calls;
  if (argc < 3) {
    fprintf(stderr, "usage: workload [call] CPU N [RATE]\n");
    return 2;
  }
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(atoi(argv[1]), &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0) {
    perror("sched_setaffinity");
    return 1;
  }
  long n = atol(argv[2]);
  double rate = argc > 3 ? atof(argv[3]) : 0;
  double wall0 = now(CLOCK_MONOTONIC), cpu0 = now(CLOCK_THREAD_CPUTIME_ID);
  for (long i = 0; i < n; i++) {
    if (rate > 0)
      while (now(CLOCK_MONOTONIC) - wall0 < i / rate)
        ;
    if (user_calls)
      bench_target(i);
    else
      syscall(SYS_getppid);
  }
  double cpu = now(CLOCK_THREAD_CPUTIME_ID) - cpu0, wall = now(CLOCK_MONOTONIC) - wall0;
  printf("%.1f %.4f\n", cpu / n * 1e9, wall);
  return 0;
}
