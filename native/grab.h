// Grab handover helpers: the witness, a second non-grabbing reader of each
// keyboard that hears it only while no one grabs it. Around a grab or an
// ungrab it tells which events reached the rest of the system. Used by the
// input thread only (Reader's grab.cc); plain fds, no state of their own.
#pragma once

#include <cstdint>

namespace ac {

struct WitnessNews {
  int64_t first = -1, last = -1;  // stamps of what it received
  bool sawKey = false;            // a key press or release among it
};

// EVIOCGRAB on or off, retried when a signal interrupts it. False on error
// (errno set).
bool setGrab(int fd, bool on);

// A witness for the evdev fd, with monotonic stamps; -1 when it cannot be had.
int openWitness(int fd);
// Throws away what the witness has heard so far.
void drainWitness(int witness);
// What the witness heard since it was last drained or read.
WitnessNews readWitness(int witness);

}  // namespace ac
