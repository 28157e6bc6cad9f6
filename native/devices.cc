#include "devices.h"

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <iterator>

namespace ac {

namespace {

bool testBit(const uint8_t* bits, int n) { return (bits[n / 8] >> (n % 8)) & 1; }

// The 26 letter keys: a device that has them all is a typing keyboard
// (media remotes, power buttons and mice report a few EV_KEY codes only).
constexpr int kLetterKeys[] = {KEY_Q, KEY_W, KEY_E, KEY_R, KEY_T, KEY_Y, KEY_U,
                               KEY_I, KEY_O, KEY_P, KEY_A, KEY_S, KEY_D, KEY_F,
                               KEY_G, KEY_H, KEY_J, KEY_K, KEY_L, KEY_Z, KEY_X,
                               KEY_C, KEY_V, KEY_B, KEY_N, KEY_M};

// What the virtual keyboard (src/inject/uinput.ts) can send besides keys:
// a mouse's relative axes and scan codes.
constexpr int kMirroredRel[] = {REL_X, REL_Y, REL_HWHEEL, REL_WHEEL, REL_WHEEL_HI_RES, REL_HWHEEL_HI_RES};

bool onlyBits(int fd, int type, int max, const int* allowed, size_t nAllowed) {
  uint8_t bits[(KEY_CNT + 7) / 8] = {0};
  if (ioctl(fd, EVIOCGBIT(type, (max + 8) / 8), bits) < 0) return false;
  for (int c = 0; c <= max; c++)
    if (testBit(bits, c) && std::find(allowed, allowed + nAllowed, c) == allowed + nAllowed) return false;
  return true;
}

// A grabbed device's events reach applications only through us; these we
// could not pass on, so such a device is never grabbed.
std::string unmirroredTypes(int fd, const uint8_t* evBits) {
  std::string out;
  auto add = [&](const char* t) { out += out.empty() ? t : std::string(" ") + t; };
  if (testBit(evBits, EV_ABS)) add("EV_ABS");
  if (testBit(evBits, EV_SW)) add("EV_SW");
  static const int scan[] = {MSC_SCAN};
  if (testBit(evBits, EV_MSC) && !onlyBits(fd, EV_MSC, MSC_MAX, scan, 1)) add("EV_MSC");
  if (testBit(evBits, EV_REL) && !onlyBits(fd, EV_REL, REL_MAX, kMirroredRel, std::size(kMirroredRel))) add("EV_REL");
  return out;
}

}  // namespace

void probeFd(int fd, DeviceInfo& info) {
  char name[256] = {0};
  if (ioctl(fd, EVIOCGNAME(sizeof(name) - 1), name) >= 0) info.name = name;

  struct input_id id {};
  if (ioctl(fd, EVIOCGID, &id) >= 0) {
    info.bustype = id.bustype;
    info.vendor = id.vendor;
    info.product = id.product;
    info.version = id.version;
  }

  uint8_t evBits[(EV_CNT + 7) / 8] = {0};
  uint8_t keyBits[(KEY_CNT + 7) / 8] = {0};
  if (ioctl(fd, EVIOCGBIT(0, sizeof(evBits)), evBits) < 0) return;
  if (testBit(evBits, EV_KEY) && ioctl(fd, EVIOCGBIT(EV_KEY, sizeof(keyBits)), keyBits) >= 0) {
    info.isKeyboard = std::all_of(std::begin(kLetterKeys), std::end(kLetterKeys),
                                  [&](int k) { return testBit(keyBits, k); });
    info.isPointer = testBit(keyBits, BTN_LEFT) || testBit(keyBits, BTN_TOUCH);
  }
  if (testBit(evBits, EV_LED)) info.leds = readLeds(fd);
  info.unmirrored = unmirroredTypes(fd, evBits);
}

int readLeds(int fd) {
  uint8_t ledBits[(LED_CNT + 7) / 8] = {0};
  if (ioctl(fd, EVIOCGLED(sizeof(ledBits)), ledBits) < 0) return -1;
  int mask = 0;
  for (int i = 0; i < LED_CNT && i < 31; i++)
    if (testBit(ledBits, i)) mask |= 1 << i;
  return mask;
}

void describeOpenError(const std::string& path, int err, DeviceInfo& info, bool lookupGroup) {
  info.error = err;
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return;
  info.mode = st.st_mode & 07777;
  info.gid = static_cast<long>(st.st_gid);
  if (lookupGroup) info.group = groupName(st.st_gid);
}

std::string groupName(gid_t gid) {
  // NSS may ask a network directory; the input thread asks once per gid.
  static std::mutex mu;
  static std::map<gid_t, std::string> cache;
  std::lock_guard<std::mutex> lk(mu);
  auto it = cache.find(gid);
  if (it != cache.end()) return it->second;
  struct group gr {};
  struct group* res = nullptr;
  std::vector<char> buf(16384);
  std::string name = std::to_string(gid);
  if (getgrgid_r(gid, &gr, buf.data(), buf.size(), &res) == 0 && res) name = res->gr_name;
  cache[gid] = name;
  return name;
}

DeviceInfo probePath(const std::string& path) {
  DeviceInfo info;
  info.path = path;
  int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    describeOpenError(path, errno, info, true);
    return info;
  }
  probeFd(fd, info);
  close(fd);
  return info;
}

std::vector<std::string> listEventNodes(const std::string& dir) {
  std::vector<std::pair<long, std::string>> found;
  DIR* d = opendir(dir.c_str());
  if (!d) return {};
  while (struct dirent* e = readdir(d)) {
    if (strncmp(e->d_name, "event", 5) != 0) continue;
    char* end = nullptr;
    long n = strtol(e->d_name + 5, &end, 10);
    if (end == e->d_name + 5 || *end != '\0') continue;
    found.emplace_back(n, dir + "/" + e->d_name);
  }
  closedir(d);
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

bool readKeyState(int fd, KeyBits& out) {
  uint8_t bits[(KEY_CNT + 7) / 8] = {0};
  if (ioctl(fd, EVIOCGKEY(sizeof(bits)), bits) < 0) return false;
  out.reset();
  for (int i = 0; i < KEY_CNT; i++)
    if (testBit(bits, i)) out.set(i);
  return true;
}

bool isOwnDevice(const DeviceInfo& info) {
  // By name and id; the id 0:0 is what versions before the id of our own made.
  bool ownId = info.bustype == BUS_VIRTUAL &&
               ((info.vendor == kOwnVendor && info.product == kOwnProduct) || (info.vendor == 0 && info.product == 0));
  return info.name == kOwnDeviceName && ownId;
}

bool setBlocking(int fd, bool blocking) {
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0) return false;
  return fcntl(fd, F_SETFL, blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK) == 0;
}

int64_t monotonicUs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000 + ts.tv_nsec / 1000;
}

}  // namespace ac
