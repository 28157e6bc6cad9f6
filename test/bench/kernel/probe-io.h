/* What probe.c and paired.c share: a fake keyboard, finding an input
 * device's event node by name, and writing and awaiting key events. */
#include <fcntl.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The eventN node of the device called `name`, from /proc/bus/input/devices. */
static int find_node(const char *name, char *path, size_t len) {
  FILE *f = fopen("/proc/bus/input/devices", "r");
  if (!f) return 0;
  char line[512], want[256];
  int in_block = 0, found = 0;
  snprintf(want, sizeof want, "N: Name=\"%s\"\n", name);
  while (!found && fgets(line, sizeof line, f)) {
    if (line[0] == '\n') in_block = 0;
    else if (strcmp(line, want) == 0) in_block = 1;
    else if (in_block && strncmp(line, "H: Handlers=", 12) == 0) {
      char *ev = strstr(line, "event");
      if (ev) {
        int n = atoi(ev + 5);
        snprintf(path, len, "/dev/input/event%d", n);
        found = 1;
      }
    }
  }
  fclose(f);
  return found;
}

/* A forwarder in JS may take many seconds to start under TCG: wait up to 120 s. */
static void wait_node(const char *name, char *path, size_t len) {
  long long deadline = now_ns() + 120000000000LL;
  while (!find_node(name, path, len) && now_ns() < deadline) usleep(2000);
  if (!path[0]) { fprintf(stderr, "probe: device \"%s\" never appeared\n", name); exit(1); }
}

static void emit(int fd, int code, int value) {
  struct input_event ev[2];
  memset(ev, 0, sizeof ev);
  ev[0].type = EV_KEY; ev[0].code = code; ev[0].value = value;
  ev[1].type = EV_SYN; ev[1].code = SYN_REPORT;
  if (write(fd, ev, sizeof ev) != sizeof ev) { perror("probe: write"); exit(1); }
}

/* Waits until `code`/`value` arrives on `fd` (other events are skipped); 0 on timeout. */
static int await_key(int fd, int code, int value, int timeout_ms) {
  struct pollfd p = { .fd = fd, .events = POLLIN };
  struct input_event ev[64];
  for (;;) {
    if (poll(&p, 1, timeout_ms) <= 0) return 0;
    ssize_t n = read(fd, ev, sizeof ev);
    for (ssize_t i = 0; i < n / (ssize_t)sizeof ev[0]; i++) {
      if (ev[i].type == EV_KEY && ev[i].code == code && ev[i].value == value) return 1;
    }
  }
}

/* A fake keyboard (keys 1-255) called `name`, bus virtual, with this product id; exits on failure. */
static int make_keyboard(const char *name, int product) {
  int kb = open("/dev/uinput", O_WRONLY | O_CLOEXEC);
  if (kb < 0) { perror("probe: /dev/uinput"); exit(1); }
  ioctl(kb, UI_SET_EVBIT, EV_KEY);
  for (int c = 1; c < 256; c++) ioctl(kb, UI_SET_KEYBIT, c);
  struct uinput_setup setup;
  memset(&setup, 0, sizeof setup);
  setup.id.bustype = BUS_VIRTUAL;
  setup.id.vendor = 0x0ac0;
  setup.id.product = (unsigned short)product;
  snprintf(setup.name, sizeof setup.name, "%s", name);
  if (ioctl(kb, UI_DEV_SETUP, &setup) < 0 || ioctl(kb, UI_DEV_CREATE) < 0) { perror("probe: uinput"); exit(1); }
  return kb;
}

/* Taps `code` on kb until 10 taps in a row come through rd (the output may
   exist a moment before the forwarder has grabbed the keyboard); 0 if that
   takes longer than `seconds`. */
static int taps_through(int kb, int rd, int code, int seconds) {
  long long deadline = now_ns() + seconds * 1000000000LL;
  for (int ok = 0; ok < 10;) {
    if (now_ns() > deadline) return 0;
    emit(kb, code, 1);
    int down = await_key(rd, code, 1, 300);
    emit(kb, code, 0);
    int up = await_key(rd, code, 0, 300);
    ok = down && up ? ok + 1 : 0;
  }
  return 1;
}
