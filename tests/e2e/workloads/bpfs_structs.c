/* A dynamically linked PIE whose probed function takes a pointer to a struct
 * in the process's memory: `bpfs_structs N` calls bpfs_record(&r) N times.
 * Tests describe struct record in the script's C preamble (a const char
 * pointer, an array of arrays, a struct defined inside it) and read it
 * through the pointer from a uprobe. */
#include <stdio.h>
#include <stdlib.h>

struct pair {
  short a;
  short b;
};

struct record {
  int id;
  const char *name;
  int grid[2][3];
  struct pair pair;
};

volatile long bpfs_sink;

__attribute__((noinline)) long bpfs_record(struct record *r) {
  __asm__ volatile("" : : "r"(r) : "memory");
  return r->id + r->pair.b;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bpfs_structs N\n");
    return 2;
  }
  struct record r = {7, "seven", {{1, 2, 3}, {4, 5, 6}}, {-3, 42}};
  long n = atol(argv[1]);
  // A probe cannot fault pages in: touch the name's page before the probe reads it.
  bpfs_sink += r.name[0];
  for (long i = 0; i < n; i++)
    bpfs_sink += bpfs_record(&r);
  return 0;
}
