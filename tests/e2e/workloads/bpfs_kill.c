/* Sends signal 0 (an existence check that delivers nothing) with kill():
 * first to itself, which succeeds, then to PID, which should not exist and
 * fails with ESRCH. Exits 0 either way: the caller checks what was traced. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bpfs_kill MISSING_PID\n");
    return 2;
  }
  kill(getpid(), 0);
  kill((pid_t)atol(argv[1]), 0);
  return 0;
}
