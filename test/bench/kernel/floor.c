/*
 * The latency floor for forwarding keys: grab one evdev keyboard, and copy
 * every event to a uinput keyboard, with nothing else on the path. Any
 * forwarder (our daemon included) is measured as a ratio to this.
 *
 *   floor SOURCE_EVENT_NODE OUTPUT_NAME
 */
#include <fcntl.h>
#include <linux/input.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "floor-out.h"

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: %s SOURCE_EVENT_NODE OUTPUT_NAME\n", argv[0]);
    return 2;
  }
  int src = open(argv[1], O_RDONLY | O_CLOEXEC);
  int out = open("/dev/uinput", O_WRONLY | O_CLOEXEC);
  if (src < 0 || out < 0) { perror("open"); return 1; }

  ioctl(out, UI_SET_EVBIT, EV_KEY);
  for (int code = 1; code < 256; code++) ioctl(out, UI_SET_KEYBIT, code);
  if (!create_and_grab(out, src, argv[2])) return 1;

  /* One read, one write per batch: the least a forwarder can do. */
  struct input_event ev[64];
  for (;;) {
    ssize_t n = read(src, ev, sizeof ev);
    if (n <= 0) break;
    if (write(out, ev, (size_t)n) != n) break;
  }
  ioctl(out, UI_DEV_DESTROY);
  return 0;
}
