/* The shared library of the bpfs_usdt workload: a USDT probe in a library,
 * guarded by a semaphore the kernel increments while a uprobe with a
 * reference counter is attached. */
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>

unsigned short bpfs_lib_guarded_semaphore __attribute__((unused, section(".probes")));

void bpfs_lib_step(long i) {
  if (bpfs_lib_guarded_semaphore)
    STAP_PROBE2(bpfs_lib, guarded, i, (short)(i - 5));
}
