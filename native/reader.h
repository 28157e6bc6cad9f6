// The input thread and what it decides: reads every device with epoll on
// its own thread, forwards grabbed keyboards to the virtual keyboard
// natively, holds word-ending keys until JS answers, and hands events to
// JS in batches. The Reader's methods live in files by job:
//   reader.cc   the thread's loop, each event's route, stall and panic
//   hotplug.cc  devices coming and going (inotify, open retries, removal)
//   grab.cc     grabbing and letting go (with the witness), LED passthrough
//   keys.cc     a grabbed keyboard's own thread (read, route, write)
//   bridge.cc   what the JS thread calls (resolve, injectIfIdle, ...) and
//               the notices sent to it
// Its parts with state of their own: VirtualKeyboard (output), HoldQueue
// (forward/hold queue), Bridge (batches and notices for JS, their acknowledgements).
#pragma once

#include <linux/input.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bridge.h"
#include "devices.h"
#include "hold_queue.h"
#include "virtual_keyboard.h"

namespace ac {

// This thread's memory protection key rights set to the kernel's default
// for a new process (keys.cc): for the threads the Reader starts.
void useDefaultProtectionKeys();

namespace timing {
// udev may chmod/chgrp a new node a little after it appears: retry opening
// for about a second before calling it an error.
constexpr int kOpenAttempts = 10;
constexpr int64_t kOpenRetryUs = 100'000;
constexpr int64_t kGrabRetryUs = 50'000;
constexpr int64_t kGrabBusyRetryUs = 1'000'000;
constexpr int64_t kStalledPollUs = 50'000;
// After a stall, let go of a keyboard at a pause in typing (no press or
// release for kHandoverQuietUs), or at the latest kHandoverMaxUs
// after the stall: until then we forward everything ourselves, unheld.
constexpr int64_t kHandoverQuietUs = 40'000;
constexpr int64_t kHandoverMaxUs = 1'000'000;
constexpr int64_t kHandoverPollUs = 10'000;
// A press of a panic chord key (Backspace, Escape, Enter) on a grabbed
// keyboard holds back everything we write until its release, another key,
// or kChordGateUs (kChordGate2Us once two of them are down): if the chord
// completes meanwhile, none of its keys has reached an application.
constexpr int64_t kChordGateUs = 150'000;
constexpr int64_t kChordGate2Us = 500'000;
}  // namespace timing

struct Options {
  bool grab = true;
  int uinputFd = -1;
  std::vector<int> holdKeys;
  // Held only while Ctrl, Alt or Meta is down (the toggle chord's key): a
  // plain letter must never wait for JS.
  std::vector<int> chordKeys;
  int holdTimeoutMs = 250;
  int stallMs = 1500;
  // The longest a key record waits for others before JS is woken for it
  // (a key JS must decide, or a full batch, wakes it at once); -1: half
  // of stallMs, at most 1 s. Letters alone need no answer; a blocked JS is
  // still noticed within this bound plus stallMs.
  int batchMs = -1;
  int panicExitMs = 1000;  // 0: never _exit on our own after the panic chord
  // A virtual keyboard with EV_REP autorepeats by itself; forwarding the
  // physical repeats too would double the rate. Off unless asked for.
  bool forwardRepeats = false;
  // Pace of what we write (see virtual_keyboard.h): at most chunkEvents at
  // once, chunkEvents per chunkPauseMs on average; 0 ms: all at once.
  int chunkEvents = 32;
  int chunkPauseMs = 64;
  std::vector<std::string> only;  // restrict to these paths or names (empty: all)
  std::string dir = "/dev/input";
};

class Reader {
 public:
  Reader(Options opts, std::unique_ptr<Sink> sink);
  ~Reader();

  // Opens epoll/inotify and starts the thread. Throws std::runtime_error.
  void start();
  // Ungrabs everything, releases keys we hold down, joins the thread.
  void stop();

  // Grab mode: JS's answer for a held key. False when seq is not (or no
  // longer) held, e.g. the hold timed out and the key went out uncorrected.
  // drop: the held key (and its repeats and release) never reach the
  // desktop, e.g. the toggle chord's key.
  bool resolve(int32_t seq, const std::vector<int32_t>& injection, bool drop = false);
  // Snoop mode: writes injection unless a key press arrived after afterSeq.
  bool injectIfIdle(const std::vector<int32_t>& injection, int32_t afterSeq);
  void setHoldKeys(const std::vector<int>& codes);
  void setChordKeys(const std::vector<int>& codes);
  // JS thread: the next notice for JS, in order (null: none), and that it
  // has been handled (which tells the input thread JS keeps up).
  std::unique_ptr<Notice> takeNotice();
  void noticeDone();
  // JS thread: the records gathered so far join the notices to take now
  // (JS is about to act on what was typed, e.g. a focus change).
  void flushToJs();
  // The process is exiting (exit() runs its handlers): held keys go out as
  // typed, keys down on the virtual keyboard are released, every keyboard
  // is let go, and nothing is sent to JS any more. Then stop().
  void stopAtExit();

 private:
  struct Dev {
    int fd = -1;
    int witness = -1;          // see grab.h; drained before each use
    int index = 0;
    DeviceInfo info;
    bool writable = false;     // opened O_RDWR, so LEDs can be written
    bool monoClock = false;    // event times are CLOCK_MONOTONIC (EVIOCSCLOCKID worked)
    bool grabbed = false;
    bool dropping = false;     // after SYN_DROPPED, until the next SYN_REPORT
    int64_t grabbedAtUs = 0;   // events stamped before this went to everyone
    int64_t ungrabbedAtUs = 0; // events stamped before this (and after grabbedAtUs) came to us alone
    int64_t nextGrabTryUs = 0;
    int64_t lastKeyUs = 0;     // when a press or release last arrived (not repeats)
    bool grabErrorReported = false;
    bool grabbable = false;    // a keyboard we may grab (see hotplug.cc: whyNotGrabbed)
    bool skipKeys = false;     // after SYN_DROPPED recovery: key events left in this read are counted
    KeyBits phys;              // keys down on the device as we read them
    KeyBits logical;           // keys down in what we forward (or queue)
    // While grabbed, its own thread reads it (keys.cc); the input thread
    // takes it back (stopKeys) before it reads it or lets go of it.
    std::thread keys;
    std::atomic<bool> keysStop{false};
    bool keysDone = false;     // its thread has finished
    int keysErr = 0;           // why its read ended on its own (0: it was asked to)
  };
  struct PendingOpen {
    int attempts = 0;
    int64_t nextUs = 0;
    bool quiet = false;  // failures are not reported (a rescan)
    uint64_t gen = 0;    // changes when the node is queued again (replaced meanwhile)
  };
  // A node opened and probed without the lock (see openDue).
  struct Opened {
    std::string path;
    uint64_t gen = 0;
    int fd = -1, err = 0, witness = -1;
    bool writable = false, mono = false;
    DeviceInfo info;
    KeyBits phys;
  };
  struct InjectRequest {
    const std::vector<int32_t>* events;
    int32_t afterSeq;
    bool done = false, result = false;
  };

  // reader.cc
  void run();
  // One wake-up of the thread; returns the next epoll_wait timeout.
  int iterate(int timeoutMs);
  // When the thread must next wake on its own (-1: never), and the
  // epoll_wait timeout that gets it there (the timer fd, armed only when
  // that time changes: epoll_wait itself then never sets a timer).
  AC_HOT int64_t nextDueUs(int64_t now);
  AC_HOT int64_t keyDueUs() const;  // the soonest of what a key can make due (INT64_MAX: none)
  AC_HOT int waitFor(int64_t dueUs, int64_t now);
  AC_HOT int64_t clockUs();  // the clock, never behind a time this thread already used
  void serveInjectRequests(int64_t now);
  // False when the device vanished (d is gone). now: the wake-up's time;
  // -1: taken from what arrives (its kernel stamp), set here.
  bool readDevice(Dev& d, int64_t& now);
  bool readDevice(Dev& d) {
    int64_t now = -1;
    return readDevice(d, now);
  }
  // The events of one read of d, in order (now as for readDevice).
  AC_HOT void consume(Dev& d, const input_event* buf, size_t n, int64_t& now);
  AC_HOT void onInput(Dev& d, const input_event& e, int64_t now);
  void recoverDropped(Dev& d, const input_event& report, int64_t now);
  AC_HOT void gateChord(const input_event& e, int64_t now);
  AC_HOT bool modifierDown() const;
  void onStall();
  void panic();
  void flushOut(int64_t now = -1) {  // now -1: read the clock
    if (int err = vkbd_.flush(now >= 0 ? now : clockUs())) reportWriteError(err);
  }
  void drainOut();
  void reportWriteError(int err);
  void wake();
  void finish();

  // hotplug.cc
  void scanAll(bool reportErrors);
  void watchDir();
  // IN_ATTRIB on or off (see hotplug.cc); checked at every wake-up.
  void updateWatch() {
    bool want = !pendingOpens_.empty() || !unopened_.empty();
    if (watch_ >= 0 && want != attribWatched_) watchAttrib(want);
  }
  void watchAttrib(bool on);
  void retryWatch(int64_t now);
  void handleInotify();
  void queueOpen(const std::string& path, int attempts, bool quiet);
  bool openDue(std::unique_lock<std::mutex>& lk);  // true when it opened something
  void openNode(Opened& o) const;
  void adopt(Opened& o, int64_t now);
  bool watchDevice(const Dev& d);  // into the epoll set, edge-triggered
  std::string whyNotGrabbed(const DeviceInfo& info) const;
  void removeDevice(Dev& d, const char* why);
  bool wanted(const DeviceInfo& info) const;
  bool named(const DeviceInfo& info) const;

  // grab.cc
  // A keyboard to grab, and its time to try has come (checked inline at
  // every wake-up; maybeGrab tries).
  bool grabDue(const Dev& d, int64_t now) const {
    return opts_.grab && d.grabbable && !d.grabbed && !stalled_ && !panicked_ && now >= d.nextGrabTryUs;
  }
  void maybeGrab(Dev& d, int64_t now);
  void handOver(int64_t now);
  void ungrab(Dev& d, const char* why);
  void letGo(Dev& d);  // EVIOCGRAB 0, and the stamp from which others heard the device
  bool anyGrabbed() const;
  void readUinput();
  void restoreLeds(Dev& d);

  // keys.cc
  static void installKick();
  void startKeys(Dev& d);
  // Joins d's thread and puts d back in the epoll set; lets go of mu_
  // (held by the caller) while it waits for the thread to finish.
  void stopKeys(Dev& d);
  AC_HOT void serveKeys(Dev& d);
  void restoreToEpoll(Dev& d);
  bool keysUnread(const Dev& d) const;  // d's thread has input it has not taken yet
  void reapKeys();                      // removes the devices whose thread ended on its own
  AC_HOT void armAfterKeys(int64_t now);

  // bridge.cc
  void notifyDevice(const char* kind, const Dev& d, const std::string& message = "");
  void notifyInfo(const char* kind, const DeviceInfo& info, const std::string& message);

  Options opts_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;

  int epfd_ = -1, wakeFd_ = -1, inotifyFd_ = -1, timerFd_ = -1, watch_ = -1;
  int64_t armedUs_ = -1;   // the timer fd's deadline (-1: disarmed)
  int64_t nextWatchTryUs_ = 0;
  uint64_t openGen_ = 0;

  // Everything below is guarded by mu_ (the thread holds it while it
  // processes a wakeup; resolve/injectIfIdle/setHoldKeys take it too).
  std::mutex mu_;
  std::condition_variable injectDone_;
  std::condition_variable keysDoneCv_;
  bool keysEnded_ = false;  // a key thread ended on its own (reapKeys)
  std::deque<InjectRequest*> injectQueue_;
  std::vector<std::unique_ptr<Dev>> devs_;  // index = device index; null once gone
  std::map<std::string, PendingOpen> pendingOpens_;
  std::map<std::string, bool> ignored_;   // paths that are ours or not keyboards/pointers
  std::map<std::string, int> reportedErrors_;
  std::set<std::string> unopened_;  // nodes that failed to open (not ENOENT) and are still there
  bool attribWatched_ = false;
  KeyBits holdKeys_;
  KeyBits chordKeys_;
  int64_t lastNowUs_ = 0;  // the latest time the thread's decisions used
  int32_t seq_ = 0;
  int32_t lastPressSeq_ = 0;
  VirtualKeyboard vkbd_;
  HoldQueue queue_{vkbd_};
  Bridge bridge_;  // its outbox has its own mutex
  bool stalled_ = false;
  int64_t stalledAtUs_ = 0;
  bool panicked_ = false;
  int64_t panicExitAtUs_ = 0;
};

}  // namespace ac
