// C++ functions for uprobe tests that name functions by their demangled
// names: `bpfs_cpp N [MS]` calls, for i in 0..N-1, the two overloads of
// bpfs::twice and the member function bpfs::Counter::add, then sleeps MS
// milliseconds so that its symbols can still be read when stacks print.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

namespace bpfs {

volatile long sink;

__attribute__((noinline)) long twice(int x) {
  sink = sink + 1;
  return 2L * x;
}

__attribute__((noinline)) long twice(long x) {
  sink = sink + 1;
  return 2 * x;
}

struct Counter {
  long total = 0;
  __attribute__((noinline)) void add(long v);
};

void Counter::add(long v) {
  total += v;
  sink = total;
}

} // namespace bpfs

int main(int argc, char **argv) {
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: bpfs_cpp N [MS]\n");
    return 2;
  }
  long n = std::atol(argv[1]);
  bpfs::Counter counter;
  for (long i = 0; i < n; i++) {
    counter.add(bpfs::twice(static_cast<int>(i)));
    counter.add(bpfs::twice(i + 1000));
  }
  if (argc == 3)
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(argv[2])));
  return 0;
}
