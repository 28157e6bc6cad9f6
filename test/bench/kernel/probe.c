/*
 * The measuring end of the kernel benchmark. It creates a fake keyboard and
 * prints "KEYBOARD <event node>" so that a forwarder can grab it. Then it
 * waits for the forwarder's output device WATCH_NAME, prints "READY", and
 * waits for a line on stdin. Then it times N key events, each from the
 * write() on the fake keyboard to the read() of that event on WATCH_NAME,
 * 5 ms apart, and prints "LAT <ns> <ns> ...". With WATCH_NAME equal to its own name, it
 * reads its own keyboard: that is the baseline, with no forwarder at all.
 *
 * PROBE_NAME (environment) names the fake keyboard instead of OWN_NAME: a
 * forwarder kept running across rounds serves each round's new one by name.
 *
 * With "fix" in place of KEYCODE it times corrections instead: it types
 * "teh " (a typo the daemon fixes) and "is " in turn, N times each, at a
 * typing pace, and times each space from its write() on the fake keyboard
 * until its press is read on WATCH_NAME. The fix goes out before the space
 * that ended the word, so that is "correction fully written". It prints
 * "FIXED <spaces after teh that came after a backspace> <N>", then
 * "LAT <ns> ..." for the spaces after "teh" and "PLAIN <ns> ..." for those
 * after "is" (held for the engine's answer too, with nothing to fix).
 *
 *   probe N WATCH_NAME [KEYCODE | fix]
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
#include <time.h>
#include <unistd.h>

#include "probe-io.h"

#define OWN_NAME "autocorrector bench keyboard"

/* Correction mode: backspace presses read since the last reset. */
static int backspaces;

/* Reads `fd` until `deadline` (CLOCK_MONOTONIC ns) or, with code >= 0,
   until that press arrives; counts backspaces. 1 when the press came. */
static int pump(int fd, long long deadline, int code) {
  struct pollfd p = { .fd = fd, .events = POLLIN };
  struct input_event ev[64];
  for (;;) {
    long long left = deadline - now_ns();
    if (left <= 0) return 0;
    if (poll(&p, 1, (int)((left + 999999) / 1000000)) <= 0) continue;
    ssize_t n = read(fd, ev, sizeof ev);
    for (ssize_t i = 0; i < n / (ssize_t)sizeof ev[0]; i++) {
      if (ev[i].type != EV_KEY || ev[i].value != 1) continue;
      if (ev[i].code == KEY_BACKSPACE) backspaces++;
      if ((int)ev[i].code == code) return 1;
    }
  }
}

#define GAP_US 5000 /* latency mode: between one event's arrival and the next write */
#define HOLD_MS 30 /* key down */
#define GAP_MS 30  /* key up until the next key: ~60 ms a key, a fast typist */

/* Types `word` (letters), then times the space: write() of its press until its press is read. */
static long long type_word(int kb, int rd, const int *word, int len) {
  for (int i = 0; i < len; i++) {
    emit(kb, word[i], 1);
    pump(rd, now_ns() + HOLD_MS * 1000000LL, -1);
    emit(kb, word[i], 0);
    pump(rd, now_ns() + GAP_MS * 1000000LL, -1);
  }
  backspaces = 0;
  long long t0 = now_ns();
  emit(kb, KEY_SPACE, 1);
  if (!pump(rd, t0 + 5000000000LL, KEY_SPACE)) { fprintf(stderr, "probe: space never arrived\n"); exit(1); }
  long long lat = now_ns() - t0;
  pump(rd, now_ns() + HOLD_MS * 1000000LL, -1);
  emit(kb, KEY_SPACE, 0);
  pump(rd, now_ns() + GAP_MS * 1000000LL, -1);
  return lat;
}

static int corrections(int kb, int rd, int n) {
  static const int typo[] = { KEY_T, KEY_E, KEY_H }, plain[] = { KEY_I, KEY_S };
  long long *fix = calloc((size_t)n, sizeof *fix), *other = calloc((size_t)n, sizeof *other);
  int fixed = 0;
  type_word(kb, rd, typo, 0); /* ends the warm-up's word */
  for (int i = -10; i < n; i++) { /* 10 unrecorded rounds first */
    long long f = type_word(kb, rd, typo, 3);
    int bs = backspaces;
    long long o = type_word(kb, rd, plain, 2);
    if (i < 0) continue;
    fix[i] = f;
    other[i] = o;
    fixed += bs > 0;
  }
  printf("FIXED %d %d\nLAT", fixed, n);
  for (int i = 0; i < n; i++) printf(" %lld", fix[i]);
  printf("\nPLAIN");
  for (int i = 0; i < n; i++) printf(" %lld", other[i]);
  printf("\n");
  ioctl(kb, UI_DEV_DESTROY);
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: %s N WATCH_NAME [KEYCODE | fix]\n", argv[0]); return 2; }
  int n = atoi(argv[1]);
  const char *watch = argv[2];
  int fix_mode = argc > 3 && strcmp(argv[3], "fix") == 0;
  int code = argc > 3 && !fix_mode ? atoi(argv[3]) : KEY_X;
  const char *own_name = getenv("PROBE_NAME") ? getenv("PROBE_NAME") : OWN_NAME;
  setvbuf(stdout, NULL, _IOLBF, 0);

  int kb = make_keyboard(own_name, 1);
  char own[64] = "", out[64] = "";
  wait_node(own_name, own, sizeof own);
  printf("KEYBOARD %s\n", own);
  wait_node(watch, out, sizeof out);
  int rd = open(out, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (rd < 0) { perror("probe: open output"); return 1; }

  if (!taps_through(kb, rd, code, 60)) { fprintf(stderr, "probe: keys never came through \"%s\"\n", watch); return 1; }
  printf("READY\n");
  char go[32];
  if (!fgets(go, sizeof go, stdin)) return 1;
  /* "warm N": N more events, untimed, each awaited, before "go" (a daemon's
     JavaScript is compiled by V8 only after thousands of keys). */
  if (strncmp(go, "warm ", 5) == 0) {
    int w = atoi(go + 5);
    for (int i = 0; i < w; i++) {
      emit(kb, code, !(i & 1));
      if (!await_key(rd, code, !(i & 1), 5000)) { fprintf(stderr, "probe: warm-up key %d never arrived\n", i); return 1; }
    }
    if (w & 1) { emit(kb, code, 0); await_key(rd, code, 0, 5000); }
    printf("WARMED\n");
    if (!fgets(go, sizeof go, stdin)) return 1;
  }
  if (fix_mode) return corrections(kb, rd, n);

  long long *lat = calloc((size_t)n, sizeof *lat);
  for (int i = 0; i < n; i++) {
    int value = !(i & 1); /* press, release, press, ... */
    long long t0 = now_ns();
    emit(kb, code, value);
    if (!await_key(rd, code, value, 5000)) { fprintf(stderr, "probe: key %d/%d never arrived\n", code, value); return 1; }
    lat[i] = now_ns() - t0;
    /* A pause, as between keystrokes: back to back, a forwarder that paces
       its output (ours: 2 ms an event on average, so no reader's buffer
       overflows) would be timed on its pace, not on its forwarding. */
    usleep(GAP_US);
  }
  printf("LAT");
  for (int i = 0; i < n; i++) printf(" %lld", lat[i]);
  printf("\n");
  ioctl(kb, UI_DEV_DESTROY);
  return 0;
}
