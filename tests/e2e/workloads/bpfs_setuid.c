/* Changes its user IDs to what they already are, once per setuid-family call
 * the setuids tool traces: setuid(UID), setresuid(-1, EUID, -1), setfsuid(UID).
 * Run as root, every call succeeds; setuid() checks CAP_SETUID once (the
 * others skip the check because the IDs do not change). */
#define _GNU_SOURCE /* setresuid */
#include <stdio.h>
#include <sys/fsuid.h>
#include <unistd.h>

int main(void) {
  uid_t uid = getuid();
  if (setuid(uid) != 0 || setresuid((uid_t)-1, geteuid(), (uid_t)-1) != 0) {
    perror("bpfs_setuid");
    return 1;
  }
  setfsuid(uid); /* returns the previous fsuid, never an error */
  return 0;
}
