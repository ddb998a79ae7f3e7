/* One TCP session over loopback, from connect() to close: listens on an
 * ephemeral 127.0.0.1 port, connects to it, sends BYTES bytes from the
 * connecting side, reads them on the accepted side, then closes both ends. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int listen_on_loopback(struct sockaddr_in *address) {
  socklen_t length = sizeof(*address);
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  memset(address, 0, sizeof(*address));
  address->sin_family = AF_INET;
  address->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listener < 0 || bind(listener, (struct sockaddr *)address, sizeof(*address)) != 0 ||
      listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)address, &length) != 0)
    return -1;
  return listener;
}

int main(int argc, char **argv) {
  static char buffer[1 << 20];
  size_t bytes = argc == 2 ? (size_t)atol(argv[1]) : 0;
  if (argc != 2 || bytes > sizeof(buffer)) {
    fprintf(stderr, "usage: bpfs_tcp BYTES (at most %zu)\n", sizeof(buffer));
    return 2;
  }
  struct sockaddr_in address;
  int listener = listen_on_loopback(&address);
  int client = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0 || client < 0 ||
      connect(client, (struct sockaddr *)&address, sizeof(address)) != 0) {
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
