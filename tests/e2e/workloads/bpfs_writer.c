/* Writes one buffer of each given SIZE (bytes, at most 4096) to /dev/null, one
 * write syscall each, so that write sizes seen by a tracer are known exactly. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv) {
  static char buffer[4096];
  int fd = open("/dev/null", O_WRONLY);
  if (fd < 0) {
    perror("bpfs_writer: /dev/null");
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    long size = atol(argv[i]);
    if (size < 0 || size > (long)sizeof(buffer)) {
      fprintf(stderr, "bpfs_writer: size %ld out of range\n", size);
      return 2;
    }
    if (write(fd, buffer, (size_t)size) != size) {
      perror("bpfs_writer: write");
      return 1;
    }
  }
  return 0;
}
