/* For each PATH N pair, calls openat(AT_FDCWD, PATH, O_RDONLY) exactly N
 * times; the paths usually do not exist, which keeps the calls side-effect
 * free. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3 || argc % 2 != 1) {
    fprintf(stderr, "usage: bpfs_open PATH N [PATH N]...\n");
    return 2;
  }
  for (int arg = 1; arg + 1 < argc; arg += 2) {
    long times = atol(argv[arg + 1]);
    for (long i = 0; i < times; i++) {
      int fd = openat(AT_FDCWD, argv[arg], O_RDONLY);
      if (fd >= 0)
        close(fd);
    }
  }
  return 0;
}
