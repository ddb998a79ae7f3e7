/* A dynamically linked PIE built with debug info (DWARF) for uprobe `args`
 * by name: `bpfs_dwarf N` calls each bpfs_dwarf_* function N times. Their
 * parameters cover integers of each size, a string, a pointer to a struct
 * (with a string, a char array, an int array, a nested struct, a bitfield
 * and a pointer to its own kind), a float, a struct passed by value and a
 * seventh integer argument. Built a second time without debug info
 * (bpfs_nodwarf) for the error a binary without it gives. */
#include <stdio.h>
#include <stdlib.h>

struct point {
  int x;
  int y;
};

struct item {
  long id;
  const char *name;
  char tag[8];
  int values[3];
  struct point where;
  unsigned flags : 3;
  unsigned mode : 5;
  struct item *next;
};

typedef unsigned long counter_t;

volatile long bpfs_sink;

__attribute__((noinline)) long bpfs_dwarf_args(int n, char c, const char *text, struct item *item,
                                               counter_t big, void *opaque) {
  __asm__ volatile("" : : "r"(text), "r"(item), "r"(opaque) : "memory");
  return n + c + (long)big;
}

__attribute__((noinline)) long bpfs_dwarf_mixed(double scale, short count, struct point at,
                                                long after) {
  __asm__ volatile("" : : : "memory");
  return (long)scale + count + at.x + after;
}

__attribute__((noinline)) long bpfs_dwarf_many(long a, long b, long c, long d, long e, long f,
                                               long g) {
  __asm__ volatile("" : : : "memory");
  return a + b + c + d + e + f + g;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: bpfs_dwarf N\n");
    return 2;
  }
  struct item second = {2, "second", "two", {4, 5, 6}, {7, 8}, 1, 2, NULL};
  struct item first = {1, "first", "one", {1, 2, 3}, {-5, 42}, 5, 17, &second};
  const char *text = "hello";
  // A probe cannot fault pages in: touch the strings' page before probing.
  bpfs_sink += text[0] + first.name[0];
  long n = atol(argv[1]);
  for (long i = 0; i < n; i++) {
    bpfs_sink += bpfs_dwarf_args(-3, 'x', text, &first, 5000000000UL, &second);
    bpfs_sink += bpfs_dwarf_mixed(2.5, 7, first.where, 11);
    bpfs_sink += bpfs_dwarf_many(1, 2, 3, 4, 5, 6, 7);
  }
  return 0;
}
