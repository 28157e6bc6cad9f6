// Grabbing a keyboard and letting it go without a key reaching the desktop
// twice or not at all (the witness, see grab.h), the handover to the
// desktop when JS stalls, and passing the desktop's LED changes on to the
// grabbed keyboards. Input thread only, under the Reader's mutex.
#include "grab.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

#include "reader.h"

namespace ac {

bool setGrab(int fd, bool on) {
  // The input thread blocks signals, but a grab must never be left behind
  // because of one: retry on EINTR wherever this runs.
  for (;;) {
    if (ioctl(fd, EVIOCGRAB, on ? 1 : 0) == 0) return true;
    if (errno != EINTR) return false;
  }
}

// ---- the witness -------------------------------------------------------------

int openWitness(int fd) {
  // Reopening our own fd through /proc names the very same device, even if
  // its node has been reused since.
  std::string self = "/proc/self/fd/" + std::to_string(fd);
  int w = open(self.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (w < 0) return -1;
  int clk = CLOCK_MONOTONIC;
  if (ioctl(w, EVIOCSCLOCKID, &clk) < 0) {
    close(w);
    return -1;
  }
  return w;
}

void drainWitness(int witness) {
  if (witness < 0) return;
  input_event buf[64];
  while (read(witness, buf, sizeof(buf)) > 0) {
  }
}

WitnessNews readWitness(int witness) {
  WitnessNews news;
  if (witness < 0) return news;
  // EVIOCGLED takes the device's event lock, so a delivery already under way
  // (it may have reached our fd but not yet the witness) has finished; it
  // only drops LED events from the witness's queue, which we never use.
  readLeds(witness);
  input_event buf[64];
  for (;;) {
    ssize_t r = read(witness, buf, sizeof(buf));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return news;
    size_t n = static_cast<size_t>(r) / sizeof(input_event);
    for (size_t i = 0; i < n; i++) {
      if (buf[i].type == EV_SYN && buf[i].code == SYN_DROPPED) continue;
      int64_t t = eventTimeUs(buf[i]);
      if (news.first < 0) news.first = t;
      news.last = t;
      if (buf[i].type == EV_KEY && buf[i].value != 2) news.sawKey = true;
    }
  }
}

// ---- grabbing ----------------------------------------------------------------

void Reader::maybeGrab(Dev& d, int64_t now) {
  if (!grabDue(d, now)) return;
  d.nextGrabTryUs = now + timing::kGrabRetryUs;
  // Read what is already queued first: those events reached the desktop
  // directly and must not be forwarded a second time.
  if (!readDevice(d)) return;
  if (panicked_) return;  // the chord may have been in what we just read
  // No key down, neither in what readers were given (a release the kernel
  // has counted but not yet delivered would reach us alone after the grab)
  // nor in the kernel's state. Key state is asked of the witness, never of
  // our own fd: EVIOCGKEY drops the key events queued on the fd it is asked on.
  int stateFd = d.witness >= 0 ? d.witness : d.fd;
  drainWitness(d.witness);
  KeyBits down;
  if (d.phys.any() || !readKeyState(stateFd, down) || down.any()) return;
  d.grabbedAtUs = monotonicUs();
  if (!setGrab(d.fd, true)) {
    int err = errno;
    if (!d.grabErrorReported) {
      d.grabErrorReported = true;
      notifyDevice("error", d,
                   std::string("cannot grab: ") + strerror(err) +
                       (err == EBUSY ? " (another program has grabbed it)" : ""));
    }
    d.nextGrabTryUs = now + timing::kGrabBusyRetryUs;
    return;
  }
  // What the witness saw reached everyone: the grab took hold after its
  // last event, so only later stamps are ours alone. A key event there (or a
  // key down now) means the desktop may hold a key whose release would come
  // to us alone: let go and try again at the next pause.
  WitnessNews news = readWitness(d.witness);
  if (news.last >= d.grabbedAtUs) d.grabbedAtUs = news.last + 1;
  if (news.sawKey || !readKeyState(stateFd, down) || down.any()) {
    letGo(d);
    readDevice(d);  // what came to us alone meanwhile goes out now, through us
    return;
  }
  d.grabbed = true;
  d.grabErrorReported = false;
  d.logical.reset();
  restoreLeds(d);
  notifyDevice("grabbed", d);
  startKeys(d);
}

void Reader::restoreLeds(Dev& d) {
  // Caps Lock may have changed while we were not reading (snoop, a stall):
  // the LEDs the desktop last set tell JS where the lock state is now.
  int known = vkbd_.ledsKnown(), on = vkbd_.ledsOn();
  if (d.info.leds >= 0) {
    int lit = readLeds(d.fd);
    if (lit >= 0) d.info.leds = (lit & ~known) | (on & known);
  }
  if (d.writable && known) {
    std::vector<input_event> leds;
    for (int c = 0; c < 31; c++)
      if (known & (1 << c)) {
        input_event l{};
        l.type = EV_LED;
        l.code = static_cast<uint16_t>(c);
        l.value = (on >> c) & 1;
        leds.push_back(l);
      }
    input_event syn{};
    syn.type = EV_SYN;
    leds.push_back(syn);
    if (write(d.fd, leds.data(), leds.size() * sizeof(input_event)) < 0) {
    }
  }
}

void Reader::letGo(Dev& d) {
  // The kernel lets go of the grab somewhere inside the ioctl (after an RCU
  // grace period, which can be milliseconds). The witness receives events
  // only once the grab is gone, so its first event marks the first one that
  // reached everyone; earlier stamps came to us alone and are ours to
  // forward. Without a witness, assume the worst case: the start.
  drainWitness(d.witness);
  int64_t before = monotonicUs();
  setGrab(d.fd, false);
  int64_t after = monotonicUs();
  if (d.witness < 0) {
    d.ungrabbedAtUs = before;
    return;
  }
  WitnessNews news = readWitness(d.witness);
  d.ungrabbedAtUs = news.first >= 0 ? std::min(news.first, after) : after;
}

void Reader::ungrab(Dev& d, const char* why) {
  if (!d.grabbed) return;
  stopKeys(d);
  letGo(d);
  d.grabbed = false;
  d.nextGrabTryUs = monotonicUs() + timing::kGrabRetryUs;
  notifyDevice("ungrabbed", d, why);
}

bool Reader::anyGrabbed() const {
  for (auto& d : devs_)
    if (d && d->grabbed) return true;
  return false;
}

void Reader::handOver(int64_t now) {
  // JS stalled: each keyboard is let go at its next pause in typing, or at
  // the latest kHandoverMaxUs after the stall.
  for (auto& d : devs_)
    if (d && d->grabbed &&
        (now - d->lastKeyUs >= timing::kHandoverQuietUs || now >= stalledAtUs_ + timing::kHandoverMaxUs)) {
      // What is queued goes out before we let go (gone: nothing to let go);
      // a press in it means this was no pause after all. From here the
      // input thread reads it: its own thread stops.
      stopKeys(*d);
      if (!readDevice(*d)) continue;
      if (now - d->lastKeyUs < timing::kHandoverQuietUs && now < stalledAtUs_ + timing::kHandoverMaxUs) continue;
      flushOut();
      if (vkbd_.pending()) continue;  // what we forwarded goes out first, at its pace
      ungrab(*d, "stalled");
      if (d) readDevice(*d);  // what came to us alone during the switch goes out now
    }
}

// ---- LEDs ----------------------------------------------------------------------

void Reader::readUinput() {
  // LED changes the desktop makes on the virtual keyboard go to every
  // grabbed keyboard (a grab keeps the VT's own LED writes from reaching it).
  std::vector<input_event> leds = vkbd_.readLedChanges();
  if (leds.empty()) return;
  for (auto& d : devs_)
    if (d && d->grabbed && d->writable)
      if (write(d->fd, leds.data(), leds.size() * sizeof(input_event)) < 0) {
        // A keyboard without that LED or one being unplugged: not fatal.
      }
}

}  // namespace ac
