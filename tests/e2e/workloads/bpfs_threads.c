/* Starts one thread with pthread_create() running bpfs_worker, and joins it:
 * a known start routine for threadsnoop to name. */
#include <pthread.h>
#include <stdio.h>

__attribute__((noinline)) void *bpfs_worker(void *arg) {
  return arg;
}

int main(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, bpfs_worker, NULL) != 0 || pthread_join(thread, NULL) != 0) {
    fprintf(stderr, "bpfs_threads: cannot run a thread\n");
    return 1;
  }
  return 0;
}
