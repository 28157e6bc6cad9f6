// Finding evdev devices and what they can do. No threads, no N-API here.
#pragma once

#include <linux/input.h>
#include <sys/types.h>

#include <bitset>
#include <cstdint>
#include <string>
#include <vector>

namespace ac {

// The uinput device the JS side creates; we must never read or grab it,
// or we would feed our own output back to ourselves.
constexpr const char* kOwnDeviceName = "autocorrector virtual keyboard";
// Its id (bus BUS_VIRTUAL), so that other programs can tell it apart:
// "AC" and "KB" in ASCII. Kept in step with src/inject/uinput.ts.
constexpr uint16_t kOwnVendor = 0x4143;
constexpr uint16_t kOwnProduct = 0x4b42;

using KeyBits = std::bitset<KEY_CNT>;

// A key's path from read() to write() (and what follows it before the next
// read): GCC gathers these functions into one place (.text.hot), so a key
// touches three pages of our code instead of five. Under emulation each page
// a key touches after its thread is switched in costs a page walk (qemu
// flushes its TLB at every switch between processes; bench:kernel).
#define AC_HOT __attribute__((hot))

struct DeviceInfo {
  std::string path;
  std::string name;
  uint16_t bustype = 0, vendor = 0, product = 0, version = 0;
  bool isKeyboard = false;
  bool isPointer = false;
  int leds = -1;       // bitmask of LED_* currently lit, -1 if unknown
  int error = 0;       // errno of open(), 0 when the node could be opened
  std::string group;   // group owning the node (only when error != 0 and asked for)
  long gid = -1;       // that group's id (only when error != 0)
  unsigned mode = 0;   // permission bits of the node (only when error != 0)
  // Event types it sends that the virtual keyboard cannot pass on (EV_ABS,
  // EV_SW, other EV_MSC than scan codes, other EV_REL axes than a mouse's),
  // e.g. "EV_ABS EV_SW"; empty when everything can be mirrored.
  std::string unmirrored;
};

// Reads name, id and capabilities of an open evdev fd into info.
void probeFd(int fd, DeviceInfo& info);

// Opens path read-only, probes it and closes it again. Never throws.
DeviceInfo probePath(const std::string& path);

// /dev/input/eventN nodes, sorted by N. Empty if the directory is missing.
std::vector<std::string> listEventNodes(const std::string& dir);

// Fills error/gid/mode for a node that could not be opened, and the group's
// name when lookupGroup (an NSS lookup may block: never on the input thread).
void describeOpenError(const std::string& path, int err, DeviceInfo& info, bool lookupGroup);

// Name of a group (its number if it has none), cached.
std::string groupName(gid_t gid);

// Keys currently down according to the kernel (EVIOCGKEY). False on error.
bool readKeyState(int fd, KeyBits& out);

// Bitmask of the LEDs lit now (EVIOCGLED), or -1 when it cannot be read.
int readLeds(int fd);

bool isOwnDevice(const DeviceInfo& info);

// Sets or clears O_NONBLOCK on fd. False if fcntl fails.
bool setBlocking(int fd, bool blocking);

// CLOCK_MONOTONIC now, in µs: the clock event times are in (EVIOCSCLOCKID).
int64_t monotonicUs();

// An event's kernel time stamp in µs.
inline int64_t eventTimeUs(const input_event& e) {
  return static_cast<int64_t>(e.input_event_sec) * 1'000'000 + e.input_event_usec;
}

}  // namespace ac
