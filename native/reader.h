// The input thread: reads every device with epoll on its own thread,
// forwards grabbed keyboards to the uinput fd natively, holds word-ending
// keys until JS answers, and hands events to JS in batches through a Sink.
#pragma once

#include <linux/input.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "devices.h"

namespace ac {

// Layout of one event record handed to JS (Int32Array, kRecordInts each).
enum RecordField { kSeq = 0, kDevice, kType, kCode, kValue, kTimeMs, kFlags, kRecordInts };
// kFlags bit: this key press/repeat is held; JS must answer resolve(seq, ...).
constexpr int32_t kFlagHeld = 1;

struct Notice {
  enum Kind { Events, Device, Panic } kind = Events;
  std::vector<int32_t> records;  // Events
  // Device: kind is added|removed|error|grabbed|ungrabbed.
  std::string devKind, path, name, message, group;
  int index = -1, error = 0, leds = -1;
  unsigned mode = 0;
  bool isKeyboard = false, isPointer = false;
};

// Delivers notices to JS. post() takes ownership; it returns false when the
// notice could not be queued (JS side shutting down).
class Sink {
 public:
  virtual ~Sink() = default;
  virtual bool post(Notice* n) = 0;
};

struct Options {
  bool grab = true;
  int uinputFd = -1;
  std::vector<int> holdKeys;
  // Held only while Ctrl, Alt or Meta is down (the toggle chord's key): a
  // plain letter must never wait for JS.
  std::vector<int> chordKeys;
  int holdTimeoutMs = 250;
  int stallMs = 500;
  int panicExitMs = 1000;  // 0: never _exit on our own after the panic chord
  // A virtual keyboard with EV_REP autorepeats by itself; forwarding the
  // physical repeats too would double the rate. Off unless asked for.
  bool forwardRepeats = false;
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
  // Called by the Sink on the JS thread once a notice has been handled.
  void acknowledge();

 private:
  struct Dev {
    int fd = -1;
    int witness = -1;          // see openWitness; drained before each use
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
    KeyBits phys;              // keys down on the device as we read them
    KeyBits logical;           // keys down in what we forward (or queue)
  };
  struct Ev {
    int dev;  // index into devs_, -1 for synthetic
    uint16_t type, code;
    int32_t value;
    int32_t seq;
    int64_t arrivedUs;
    bool hold;
  };
  struct PendingOpen {
    int attempts = 0;
    int64_t nextUs = 0;
  };
  struct InjectRequest {
    const std::vector<int32_t>* events;
    int32_t afterSeq;
    bool done = false, result = false;
  };

  void run();
  void iterate(int timeoutMs);
  int nextTimeoutMs(int64_t now);

  void scanAll(bool reportErrors);
  void watchDir();
  void handleInotify();
  bool tryOpen(const std::string& path, bool reportError);
  void removeDevice(Dev& d, const char* why);
  bool readDevice(Dev& d);  // false when the device vanished (d is gone)
  void onInput(Dev& d, const input_event& e, int64_t now);
  void forward(const Ev& ev);
  void readUinput();

  void maybeGrab(Dev& d, int64_t now);
  void ungrab(Dev& d, const char* why);
  void letGo(Dev& d);  // EVIOCGRAB 0, and the stamp from which others heard the device
  void onStall();
  bool anyGrabbed() const;
  // The witness: a second, non-grabbing reader of each keyboard. It hears the
  // device only while no one grabs it, so around a grab or ungrab it tells
  // which events reached the rest of the system.
  struct WitnessNews {
    int64_t first = -1, last = -1;  // stamps of what it received
    bool sawKey = false;            // a key press or release among it
  };
  static int openWitness(int fd);
  static void drainWitness(Dev& d);
  static WitnessNews readWitness(Dev& d);
  void panic();

  void emit(const Ev& ev);
  void emitRaw(uint16_t type, uint16_t code, int32_t value);
  void appendInjection(const std::vector<int32_t>& inj);
  struct Answer {
    std::vector<int32_t> injection;
    bool drop = false;
  };
  void releaseHeld(const std::vector<int32_t>* injection, bool drop, int64_t now);
  void flushPending();
  void releaseVirtualKeys();
  void flushOut();
  void flushBatch();
  void notify(Notice* n);
  void notifyDevice(const char* kind, const Dev& d, const std::string& message = "");
  void notifyInfo(const char* kind, const DeviceInfo& info, const std::string& message);
  bool wanted(const DeviceInfo& info) const;
  void finish();

  Options opts_;
  std::unique_ptr<Sink> sink_;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  bool started_ = false;

  int epfd_ = -1, wakeFd_ = -1, inotifyFd_ = -1, watch_ = -1;
  int uinputFd_ = -1;  // our dup of opts_.uinputFd
  int64_t nextWatchTryUs_ = 0;

  // Everything below is guarded by mu_ (the thread holds it while it
  // processes a wakeup; resolve/injectIfIdle/setHoldKeys take it too).
  std::mutex mu_;
  std::condition_variable injectDone_;
  std::deque<InjectRequest*> injectQueue_;
  std::vector<std::unique_ptr<Dev>> devs_;  // index = device index; null once gone
  std::map<std::string, PendingOpen> pendingOpens_;
  std::map<std::string, bool> ignored_;   // paths that are ours or not keyboards/pointers
  std::map<std::string, int> reportedErrors_;
  KeyBits holdKeys_;
  KeyBits chordKeys_;
  KeyBits swallowed_;  // dropped presses whose repeats and release must not go out either
  int32_t seq_ = 0;
  int32_t lastPressSeq_ = 0;
  std::deque<Ev> pending_;  // front is the held key, when heldSeq_ != 0
  int32_t heldSeq_ = 0;
  int64_t heldDeadlineUs_ = 0;
  std::map<int32_t, Answer> earlyAnswers_;
  KeyBits vdown_;                 // keys down on the virtual keyboard
  std::vector<int> vowner_;       // device index that pressed each vdown_ key, -1 injection
  std::vector<input_event> out_;  // events to write in one write()
  std::vector<int32_t> batch_;    // records for the next Events notice
  bool stalled_ = false;
  int64_t stalledAtUs_ = 0;
  bool panicked_ = false;
  int64_t panicExitAtUs_ = 0;
  int ledsKnown_ = 0, ledsOn_ = 0;  // LED state the desktop set on the virtual keyboard
  bool writeErrorReported_ = false;

  std::mutex ackMu_;
  std::deque<int64_t> unacked_;  // send times of notices JS has not handled yet
};

int64_t monotonicUs();

}  // namespace ac
