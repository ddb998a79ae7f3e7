/* Starts one thread with pthread_create() running bpfs_worker, and joins it:
 * a known start routine for threadsnoop to name. It stays alive a moment
 * afterwards, because user symbols are resolved from the live process when
 * the tool prints the event (as bpftrace does). */
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

__attribute__((noinline)) void *bpfs_worker(void *arg) {
  return arg;
}

int main(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, bpfs_worker, NULL) != 0 || pthread_join(thread, NULL) != 0) {
    fprintf(stderr, "bpfs_threads: cannot run a thread\n");
    return 1;
  }
  usleep(500 * 1000);
  return 0;
}
