/*
 * The measuring end of the kernel benchmark, the paths named timed
 * together (in-vm.ts: the baseline, the floor and one more). For each
 * LABEL=WATCH_NAME it creates a fake keyboard "autocorrector bench keyboard
 * LABEL" (product id = its position, from 1) and prints "KEYBOARD LABEL
 * <event node>". A bare LABEL reads its own keyboard back: the baseline,
 * no forwarder. Then it waits for each WATCH_NAME, until taps come through
 * it, and prints "READY".
 *
 * Commands on stdin:
 *   warm LABEL N   N untimed events through LABEL only; prints "WARMED"
 *   go             one round: N events per path, taken in turn (event i
 *                  of every path, then event i+1, the first path rotating),
 *                  each from its write() on the fake keyboard to its read()
 *                  on WATCH_NAME, 5 ms apart; prints "LAT LABEL <ns>..."
 *                  per path, then "DONE"
 * It ends at the end of its input.
 *
 * Taking the paths in turn, event by event, puts them all in the same
 * moments of the emulator's and the host's ups and downs (rounds of one
 * path after another differed by more than the paths did).
 *
 *   paired N LABEL[=WATCH_NAME]...
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "probe-io.h"

#define MAX_PATHS 16
#define GAP_US 5000 /* between one event's arrival and the next write, of any path */
#define KEY KEY_X

struct path {
  const char *label;
  const char *watch; /* NULL: the baseline */
  int kb, rd;
  int down; /* the key is down on kb */
  long long *lat;
};

/* One event (press or release, in turn) through p; its latency in ns, or exits. */
static long long one_event(struct path *p) {
  int value = !p->down;
  long long t0 = now_ns();
  emit(p->kb, KEY, value);
  if (!await_key(p->rd, KEY, value, 5000)) {
    fprintf(stderr, "paired: %s: key %d/%d never arrived\n", p->label, KEY, value);
    exit(1);
  }
  p->down = value;
  return now_ns() - t0;
}

int main(int argc, char **argv) {
  if (argc < 3 || argc - 2 > MAX_PATHS) { fprintf(stderr, "usage: %s N LABEL[=WATCH_NAME]... (at most %d)\n", argv[0], MAX_PATHS); return 2; }
  int n = atoi(argv[1]), np = argc - 2;
  struct path paths[MAX_PATHS];
  setvbuf(stdout, NULL, _IOLBF, 0);
  for (int i = 0; i < np; i++) {
    struct path *p = &paths[i];
    memset(p, 0, sizeof *p);
    char *eq = strchr(argv[i + 2], '=');
    if (eq) *eq = 0;
    p->label = argv[i + 2];
    p->watch = eq ? eq + 1 : NULL;
    p->lat = calloc((size_t)n, sizeof *p->lat);
    char own[64] = "", name[UINPUT_MAX_NAME_SIZE];
    snprintf(name, sizeof name, "autocorrector bench keyboard %s", p->label);
    p->kb = make_keyboard(name, i + 1);
    wait_node(name, own, sizeof own);
    printf("KEYBOARD %s %s\n", p->label, own);
    if (!p->watch) p->watch = strdup(name);
  }
  for (int i = 0; i < np; i++) {
    struct path *p = &paths[i];
    char out[64] = "";
    wait_node(p->watch, out, sizeof out);
    p->rd = open(out, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (p->rd < 0) { perror("paired: open output"); return 1; }
    if (!taps_through(p->kb, p->rd, KEY, 120)) { fprintf(stderr, "paired: keys never came through \"%s\"\n", p->watch); return 1; }
  }
  printf("READY\n");
  char line[128];
  int round = 0;
  while (fgets(line, sizeof line, stdin)) {
    char label[64];
    int w;
    if (sscanf(line, "warm %63s %d", label, &w) == 2) {
      for (int i = 0; i < np; i++)
        if (strcmp(paths[i].label, label) == 0)
          for (int j = 0; j < w || paths[i].down; j++) one_event(&paths[i]);
      printf("WARMED\n");
    } else if (strncmp(line, "go", 2) == 0) {
      for (int j = 0; j < n; j++)
        for (int k = 0; k < np; k++) {
          struct path *p = &paths[(j + k + round) % np];
          p->lat[j] = one_event(p);
          usleep(GAP_US);
        }
      round++;
      for (int i = 0; i < np; i++) {
        printf("LAT %s", paths[i].label);
        for (int j = 0; j < n; j++) printf(" %lld", paths[i].lat[j]);
        printf("\n");
      }
      printf("DONE\n");
    }
  }
  for (int i = 0; i < np; i++) ioctl(paths[i].kb, UI_DEV_DESTROY);
  return 0;
}
