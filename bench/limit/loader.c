// Loads one of the limit programs and does what the equivalent script's tool
// would do, with nothing extra:
//   loader OBJ.o once    run every program once (BPF_PROG_TEST_RUN) and exit
//   loader OBJ.o [uprobe BINARY FUNCTION]
//                        attach (SEC("uprobe") and SEC("uretprobe") programs to
//                        FUNCTION of BINARY), print "ready", print ring-buffer
//                        records as "%llu\n" until SIGINT/SIGTERM, then print
//                        the sum of each per-CPU hash map's values
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

static int print_record(void *ctx, void *data, size_t size) {
  (void)ctx;
  if (size >= 16)
    printf("%llu\n", ((unsigned long long *)data)[1]);
  return 0;
}

static int run_once(struct bpf_object *obj) {
  struct bpf_program *prog;
  bpf_object__for_each_program(prog, obj) {
    LIBBPF_OPTS(bpf_test_run_opts, opts);
    if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts) != 0)
      return 1;
  }
  return 0;
}

static unsigned long long sum_map(struct bpf_map *map) {
  int cpus = libbpf_num_possible_cpus();
  unsigned long long total = 0, values[cpus];
  char key[64], next[64];
  void *prev = NULL;
  while (bpf_map_get_next_key(bpf_map__fd(map), prev, next) == 0) {
    memcpy(key, next, sizeof key);
    prev = key;
    if (bpf_map_lookup_elem(bpf_map__fd(map), key, values) == 0)
      for (int i = 0; i < cpus; i++)
        total += values[i];
  }
  return total;
}

static struct bpf_link *attach_uprobe(struct bpf_program *prog, const char *binary,
                                      const char *function) {
  LIBBPF_OPTS(bpf_uprobe_opts, opts, .func_name = function,
              .retprobe = strcmp(bpf_program__section_name(prog), "uretprobe") == 0);
  return bpf_program__attach_uprobe_opts(prog, -1, binary, 0, &opts);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s OBJ.o [once | uprobe BINARY FUNCTION]\n", argv[0]);
    return 2;
  }
  struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
  if (!obj || bpf_object__load(obj) != 0) {
    fprintf(stderr, "cannot load %s\n", argv[1]);
    return 1;
  }
  if (argc > 2 && strcmp(argv[2], "once") == 0) {
    int status = run_once(obj);
    bpf_object__close(obj);
    return status;
  }
  signal(SIGINT, on_signal);
  signal(SIGTERM, on_signal);
  struct bpf_program *prog;
  const char *binary = argc > 4 && strcmp(argv[2], "uprobe") == 0 ? argv[3] : NULL;
  bpf_object__for_each_program(prog, obj) {
    struct bpf_link *link =
        binary ? attach_uprobe(prog, binary, argv[4]) : bpf_program__attach(prog);
    if (!link) {
      fprintf(stderr, "cannot attach %s\n", bpf_program__name(prog));
      return 1;
    }
  }
  struct ring_buffer *ring = NULL;
  struct bpf_map *events = bpf_object__find_map_by_name(obj, "events");
  if (events)
    ring = ring_buffer__new(bpf_map__fd(events), print_record, NULL, NULL);
  printf("ready\n");
  fflush(stdout);
  while (!stop) {
    if (ring) {
      // Records mostly do not wake us (printf.bpf.c): drain after every wait.
      ring_buffer__poll(ring, 10);
      ring_buffer__consume(ring);
    } else
      pause();
  }
  if (ring)
    ring_buffer__consume(ring);
  struct bpf_map *map;
  bpf_object__for_each_map(map, obj) {
    if (bpf_map__type(map) == BPF_MAP_TYPE_PERCPU_HASH)
      printf("%s: %llu\n", bpf_map__name(map), sum_map(map));
  }
  fflush(stdout);
  return 0;
}
