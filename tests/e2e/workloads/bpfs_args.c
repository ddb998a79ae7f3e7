/* Gives tracepoints arguments with known values: renames its thread to NAME
 * (task:task_rename), then calls getppid() with the six argument registers
 * set to 1..6 (raw_syscalls:sys_enter records all six whatever the call
 * reads). */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bpfs_args NAME\n");
    return 2;
  }
  if (prctl(PR_SET_NAME, argv[1], 0, 0, 0) != 0) {
    perror("bpfs_args: prctl");
    return 1;
  }
  syscall(SYS_getppid, 1L, 2L, 3L, 4L, 5L, 6L);
  return 0;
}
