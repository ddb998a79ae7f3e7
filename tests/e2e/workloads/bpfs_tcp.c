/* One TCP session over loopback, from connect() to close: listens on an
 * ephemeral port of 127.0.0.1 (or ::1, given "6"), connects to it, sends
 * BYTES bytes from the connecting side, reads them on the accepted side, then
 * closes both ends. Its TCP state changes fire sock:inet_sock_set_state. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static socklen_t loopback_address(int ipv6, struct sockaddr_storage *address) {
  memset(address, 0, sizeof(*address));
  if (ipv6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)address;
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
    return sizeof(*a);
  }
  struct sockaddr_in *a = (struct sockaddr_in *)address;
  a->sin_family = AF_INET;
  a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return sizeof(*a);
}

static int listen_on_loopback(int ipv6, struct sockaddr_storage *address, socklen_t *length) {
  *length = loopback_address(ipv6, address);
  int listener = socket(address->ss_family, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)address, *length) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)address, length) != 0)
    return -1;
  return listener;
}

int main(int argc, char **argv) {
  static char buffer[1 << 20];
  size_t bytes = argc >= 2 ? (size_t)atol(argv[1]) : 0;
  int ipv6 = argc == 3 && strcmp(argv[2], "6") == 0;
  if (argc < 2 || argc > 3 || bytes > sizeof(buffer) || (argc == 3 && !ipv6)) {
    fprintf(stderr, "usage: bpfs_tcp BYTES [6] (BYTES at most %zu; 6: over ::1)\n", sizeof(buffer));
    return 2;
  }
  struct sockaddr_storage address;
  socklen_t length;
  int listener = listen_on_loopback(ipv6, &address, &length);
  int client = listener < 0 ? -1 : socket(address.ss_family, SOCK_STREAM, 0);
  if (client < 0 || connect(client, (struct sockaddr *)&address, length) != 0) {
    perror("bpfs_tcp: connect");
    return 1;
  }
  int server = accept(listener, NULL, NULL);
  if (server < 0 || write(client, buffer, bytes) != (ssize_t)bytes) {
    perror("bpfs_tcp: send");
    return 1;
  }
  for (size_t received = 0; received < bytes;) {
    ssize_t n = read(server, buffer, bytes - received);
    if (n <= 0) {
      perror("bpfs_tcp: receive");
      return 1;
    }
    received += (size_t)n;
  }
  close(client);
  close(server);
  close(listener);
  return 0;
}
