/* What floor.c and floor-variant.c share: the output keyboard's creation
 * (its capabilities set by the caller) and the grab of the source. */
#include <linux/input.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

/* Creates the uinput keyboard NAME on OUT and grabs SRC; 0 (reported) on failure. */
static int create_and_grab(int out, int src, const char *name) {
  struct uinput_setup setup;
  memset(&setup, 0, sizeof setup);
  setup.id.bustype = BUS_VIRTUAL;
  snprintf(setup.name, sizeof setup.name, "%s", name);
  if (ioctl(out, UI_DEV_SETUP, &setup) < 0 || ioctl(out, UI_DEV_CREATE) < 0) { perror("uinput"); return 0; }
  if (ioctl(src, EVIOCGRAB, 1) < 0) { perror("EVIOCGRAB"); return 0; }
  return 1;
}
