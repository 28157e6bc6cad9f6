/*
 * Experiment: the floor forwarder with one change at a time, to see what a
 * forwarder's shape costs. FLOOR_EPOLL=1: wait in epoll_wait, then a
 * non-blocking read (our input thread's shape). FLOOR_CAPS=1: the output
 * device has our virtual keyboard's capabilities (EV_REP, LEDs, EV_MSC,
 * pointer buttons and EV_REL) instead of keys only; FLOOR_CAPS=rep,led,...:
 * only those named. FLOOR_MEMCPY, FLOOR_TOUCH, FLOOR_INOTIFY, FLOOR_THREAD,
 * FLOOR_BIGMM, FLOOR_MONO and FLOOR_WITNESS: see each below; each adds one
 * thing our daemon does or is.
 *   floor-variant SOURCE_EVENT_NODE OUTPUT_NAME
 */
#include <fcntl.h>
#include <time.h>
#include <pthread.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "floor-out.h"

static void *idle_thread(void *arg) { (void)arg; for (;;) pause(); return NULL; }

int main(int argc, char **argv) {
  if (argc != 3) return 2;
  /* FLOOR_THREAD=1: one more thread, asleep: a multi-threaded process (glibc's read and write then take their cancellation path). */
  if (getenv("FLOOR_THREAD") && atoi(getenv("FLOOR_THREAD"))) { pthread_t t; pthread_create(&t, NULL, idle_thread, NULL); }
  /* FLOOR_BIGMM=MB: that much memory touched once at start, then left alone (a process the size of Node's). */
  if (getenv("FLOOR_BIGMM")) {
    size_t mb = (size_t)atoi(getenv("FLOOR_BIGMM"));
    volatile char *big = malloc(mb << 20);
    for (size_t i = 0; big && i < (mb << 20); i += 4096) big[i] = 1;
  }
  int useEpoll = getenv("FLOOR_EPOLL") && atoi(getenv("FLOOR_EPOLL"));
  /* FLOOR_CAPS=1: all of them; or a list of rep, led, btn, rel, msc: only those. */
  const char *capsEnv = getenv("FLOOR_CAPS") ? getenv("FLOOR_CAPS") : "";
  int allCaps = strcmp(capsEnv, "1") == 0;
#define CAP(name) (allCaps || strstr(capsEnv, name))
  /* FLOOR_TOUCH=N: write a byte in each of N pages of memory per read (a bigger working set). */
  int touch = getenv("FLOOR_TOUCH") ? atoi(getenv("FLOOR_TOUCH")) : 0;
  /* FLOOR_MEMCPY=1: copy each read through glibc's memcpy first (which uses
     the CPU's widest vector registers: their state then goes with every
     context switch). */
  int copy = getenv("FLOOR_MEMCPY") && atoi(getenv("FLOOR_MEMCPY"));
  void *(*volatile memcpy_fn)(void *, const void *, size_t) = memcpy;
  struct input_event copied[64];
  volatile char *pages = touch ? calloc((size_t)touch, 4096) : NULL;
  int src = open(argv[1], O_RDONLY | O_CLOEXEC | (useEpoll ? O_NONBLOCK : 0));
  int out = open("/dev/uinput", O_WRONLY | O_CLOEXEC);
  if (src < 0 || out < 0) { perror("open"); return 1; }
  ioctl(out, UI_SET_EVBIT, EV_KEY);
  for (int code = 1; code < 256; code++) ioctl(out, UI_SET_KEYBIT, code);
  if (CAP("rep")) ioctl(out, UI_SET_EVBIT, EV_REP);
  if (CAP("led")) {
    ioctl(out, UI_SET_EVBIT, EV_LED);
    for (int l = 0; l < 5; l++) ioctl(out, UI_SET_LEDBIT, l);
  }
  if (CAP("btn"))
    for (int b = BTN_LEFT; b <= BTN_TASK; b++) ioctl(out, UI_SET_KEYBIT, b);
  if (CAP("rel")) {
    ioctl(out, UI_SET_EVBIT, EV_REL);
    ioctl(out, UI_SET_RELBIT, REL_X);
    ioctl(out, UI_SET_RELBIT, REL_Y);
    ioctl(out, UI_SET_RELBIT, REL_WHEEL);
  }
  if (CAP("msc")) {
    ioctl(out, UI_SET_EVBIT, EV_MSC);
    ioctl(out, UI_SET_MSCBIT, MSC_SCAN);
  }
  /* FLOOR_MONO=1: the source's events stamped on CLOCK_MONOTONIC (EVIOCSCLOCKID), as our daemon asks. */
  if (getenv("FLOOR_MONO") && atoi(getenv("FLOOR_MONO"))) { int clk = CLOCK_MONOTONIC; ioctl(src, EVIOCSCLOCKID, &clk); }
  /* FLOOR_WITNESS=1: a second fd open on the source, as our daemon's grab witness. */
  if (getenv("FLOOR_WITNESS") && atoi(getenv("FLOOR_WITNESS"))) open(argv[1], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (!create_and_grab(out, src, argv[2])) return 1;
  /* FLOOR_INOTIFY=mask: watch /dev/input for hot-plug as our daemon does (1: its mask, with IN_ATTRIB; 2: without). */
  int ino = getenv("FLOOR_INOTIFY") ? atoi(getenv("FLOOR_INOTIFY")) : 0;
  if (ino) {
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    uint32_t mask = IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ONLYDIR | (ino == 1 ? IN_ATTRIB : 0);
    if (fd < 0 || inotify_add_watch(fd, "/dev/input", mask) < 0) { perror("inotify"); return 1; }
  }
  int ep = epoll_create1(EPOLL_CLOEXEC);
  struct epoll_event ee = { .events = EPOLLIN };
  epoll_ctl(ep, EPOLL_CTL_ADD, src, &ee);
  struct input_event ev[64];
  for (;;) {
    if (useEpoll) {
      struct epoll_event got[8];
      if (epoll_wait(ep, got, 8, -1) < 0) continue;
    }
    ssize_t n = read(src, ev, sizeof ev);
    if (n < 0 && useEpoll) continue;
    if (n <= 0) break;
    for (int i = 0; i < touch; i++) pages[(size_t)i * 4096 + 64]++;
    if (copy) memcpy_fn(copied, ev, (size_t)n);
    if (write(out, copy ? copied : ev, (size_t)n) != n) break;
  }
  ioctl(out, UI_DEV_DESTROY);
  return 0;
}
