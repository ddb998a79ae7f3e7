/* Calls getppid() exactly N times, then getpid() exactly M times (default 0).
 * Raw syscall() so that no libc caching can swallow a call; linked statically
 * so that no dynamic loader adds syscalls of its own. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static long parse_count(const char *text) {
  char *end = NULL;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < 0) {
    fprintf(stderr, "bpfs_burst: bad count '%s'\n", text);
    exit(2);
  }
  return value;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: bpfs_burst GETPPID_CALLS [GETPID_CALLS]\n");
    return 2;
  }
  long getppid_calls = parse_count(argv[1]);
  long getpid_calls = argc == 3 ? parse_count(argv[2]) : 0;
  for (long i = 0; i < getppid_calls; i++)
    syscall(SYS_getppid);
  for (long i = 0; i < getpid_calls; i++)
    syscall(SYS_getpid);
  return 0;
}
