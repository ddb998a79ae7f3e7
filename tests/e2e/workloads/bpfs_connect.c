/* Opens one TCP connection over loopback to a listener of its own, on
 * 127.0.0.1 or, given "6", on ::1; then closes both ends. Its TCP state
 * changes fire sock:inet_sock_set_state with its comm. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int ipv6 = argc > 1 && strcmp(argv[1], "6") == 0;
  struct sockaddr_storage address;
  socklen_t length = ipv6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
  memset(&address, 0, sizeof(address));
  if (ipv6) {
    struct sockaddr_in6 *a = (struct sockaddr_in6 *)&address;
    a->sin6_family = AF_INET6;
    a->sin6_addr = in6addr_loopback;
  } else {
    struct sockaddr_in *a = (struct sockaddr_in *)&address;
    a->sin_family = AF_INET;
    a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  }
  int listener = socket(address.ss_family, SOCK_STREAM, 0);
  if (listener < 0 || bind(listener, (struct sockaddr *)&address, length) < 0 ||
      listen(listener, 1) < 0 || getsockname(listener, (struct sockaddr *)&address, &length) < 0) {
    perror("listen");
    return 1;
  }
  int client = socket(address.ss_family, SOCK_STREAM, 0);
  if (client < 0 || connect(client, (struct sockaddr *)&address, length) < 0) {
    perror("connect");
    return 1;
  }
  int server = accept(listener, NULL, NULL);
  close(client);
  close(server);
  close(listener);
  return 0;
}
