/* Maps one page at the fixed address 0x10000000, then writes the first word
 * of it exactly N times and reads the second word exactly M times (default
 * 0), with a pause before starting so that a tracer given -p can attach.
 * Watchpoint tests watch those two words. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define WATCHED_PAGE ((void *)0x10000000)

static long parse_count(const char *text) {
  char *end = NULL;
  long value = strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || value < 0) {
    fprintf(stderr, "bpfs_watched: bad count '%s'\n", text);
    exit(2);
  }
  return value;
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: bpfs_watched WRITES [READS [START_DELAY_MS]]\n");
    return 2;
  }
  long writes = parse_count(argv[1]);
  long reads = argc >= 3 ? parse_count(argv[2]) : 0;
  long delay_ms = argc == 4 ? parse_count(argv[3]) : 0;
  volatile long *words = mmap(WATCHED_PAGE, 4096, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (words == MAP_FAILED) {
    perror("bpfs_watched: mmap");
    return 1;
  }
  usleep((useconds_t)delay_ms * 1000);
  for (long i = 0; i < writes; i++)
    words[0] = i;
  long sum = 0;
  for (long i = 0; i < reads; i++)
    sum += words[1];
  return (int)(sum & 1);
}
