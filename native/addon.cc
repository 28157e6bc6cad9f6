// N-API surface of the input addon. Argument checking and conversion only;
// the work happens in reader.cc on its own thread.
#include <napi.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

#include "devices.h"
#include "reader.h"

namespace {

// Every running Reader, so that exit() (process.exit, an uncaught
// exception) still lets go of the keyboards and sends held keys on: Node
// runs no environment cleanup on that path, but exit() runs atexit handlers.
std::mutex liveMu;
std::set<ac::Reader*> live;

void stopAllAtExit() {
  std::lock_guard<std::mutex> lk(liveMu);
  for (ac::Reader* r : live) r->stopAtExit();
  live.clear();
}

void track(ac::Reader* r, bool running) {
  std::lock_guard<std::mutex> lk(liveMu);
  if (running)
    live.insert(r);
  else
    live.erase(r);
}

struct State {
  std::shared_ptr<ac::Reader> reader;  // shared only with its TSFN's finalizer, weakly
  Napi::ThreadSafeFunction tsfn;
  Napi::FunctionReference onEvents, onDevice, onPanic;
  bool delivering = false;  // inside deliverAll: a drain() from a callback waits its turn

  void stop() {
    if (!reader) return;
    track(reader.get(), false);
    reader->stop();  // joins the thread: nothing posts after this
    reader.reset();
    tsfn.Release();
    onEvents.Reset();
    onDevice.Reset();
    onPanic.Reset();
  }
  ~State() {
    // Environment teardown (process exit without stop()): let go of the
    // keyboards. The TSFN is finalized by Node itself at this point.
    if (reader) {
      track(reader.get(), false);
      reader->stop();
    }
  }
};

State* state(Napi::Env env) { return env.GetInstanceData<State>(); }

const char* errnoName(int err) {
  switch (err) {
    case 0: return "";
    case EACCES: return "EACCES";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ENODEV: return "ENODEV";
    case EBUSY: return "EBUSY";
    case ENXIO: return "ENXIO";
    default: return "EIO";
  }
}

Napi::Object infoObject(Napi::Env env, const ac::DeviceInfo& d) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("path", d.path);
  o.Set("name", d.name);
  o.Set("bustype", d.bustype);
  o.Set("vendor", d.vendor);
  o.Set("product", d.product);
  o.Set("version", d.version);
  o.Set("isKeyboard", d.isKeyboard);
  o.Set("isPointer", d.isPointer);
  o.Set("leds", d.leds);
  if (d.error) {
    o.Set("error", errnoName(d.error));
    o.Set("errorMessage", strerror(d.error));
    o.Set("group", d.group);
    o.Set("mode", d.mode);
  }
  return o;
}

// Hands one notice to its JS callback. False when the callback threw: the
// reader is stopped then and the error is Node's.
bool deliverOne(Napi::Env env, State* st, const ac::Notice& n) {
  try {
    switch (n.kind) {
      case ac::Notice::Events: {
        auto arr = Napi::Int32Array::New(env, n.records.size());
        memcpy(arr.Data(), n.records.data(), n.records.size() * sizeof(int32_t));
        st->onEvents.Call({arr});
        break;
      }
      case ac::Notice::Device: {
        if (st->onDevice.IsEmpty()) break;
        Napi::Object o = Napi::Object::New(env);
        o.Set("kind", n.devKind);
        o.Set("path", n.path);
        o.Set("name", n.name);
        o.Set("index", n.index);
        if (!n.message.empty()) o.Set("message", n.message);
        if (n.devKind == "added") {
          o.Set("isKeyboard", n.isKeyboard);
          o.Set("isPointer", n.isPointer);
          o.Set("leds", n.leds);
        }
        if (n.devKind == "grabbed") o.Set("leds", n.leds);
        if (n.error) {
          o.Set("error", errnoName(n.error));
          if (n.gid >= 0) o.Set("group", ac::groupName(static_cast<gid_t>(n.gid)));
          if (n.mode) o.Set("mode", n.mode);
        }
        st->onDevice.Call({o});
        break;
      }
      case ac::Notice::Panic:
        if (!st->onPanic.IsEmpty()) st->onPanic.Call({});
        break;
    }
  } catch (const Napi::Error& e) {
    // The daemon cannot go on half-alive (held keys waiting out their time,
    // the word tracker off): let go of the keyboards first, held keys out as
    // typed, then hand the error to Node as uncaught, which logs it and ends
    // the process with a failure status (the user unit restarts it).
    static const char msg[] = "autocorrector: an input callback threw; keyboards released, exiting\n";
    if (fwrite(msg, 1, sizeof(msg) - 1, stderr) == 0) {
    }
    st->stop();
    napi_fatal_exception(env, e.Value());
    return false;
  }
  return true;
}

// Everything the input thread has queued for JS, in order: on a wake-up
// (the thread-safe function) or from drain(). Not again from inside a
// callback: what waits comes after the notice being handled.
void deliverAll(Napi::Env env) {
  if (env == nullptr) return;  // shutting down
  State* st = state(env);
  if (!st || !st->reader || st->delivering) return;  // stopped: late notices are dropped
  std::shared_ptr<ac::Reader> reader = st->reader;  // a callback may stop() it
  st->delivering = true;
  while (std::unique_ptr<ac::Notice> n = reader->takeNotice()) {
    if (!deliverOne(env, st, *n) || st->reader != reader) break;
    reader->noticeDone();
  }
  st->delivering = false;
}

void wakeJs(Napi::Env env, Napi::Function, char*) { deliverAll(env); }

class TsfnSink : public ac::Sink {
 public:
  explicit TsfnSink(Napi::ThreadSafeFunction tsfn) : tsfn_(tsfn) {}
  bool wake() override {
    // Once Node has closed the TSFN (environment teardown), calling it
    // again may touch freed memory: one refusal is final.
    if (dead_ || tsfn_.NonBlockingCall(static_cast<char*>(nullptr), wakeJs) != napi_ok) {
      dead_ = true;
      return false;
    }
    return true;
  }

 private:
  Napi::ThreadSafeFunction tsfn_;
  bool dead_ = false;  // the Reader only posts while holding its mutex
};

bool isInt(const Napi::Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  return d == static_cast<double>(static_cast<int64_t>(d)) && d >= -2147483648.0 && d <= 2147483647.0;
}

int intOpt(Napi::Object o, const char* key, int def, int lo, int hi) {
  Napi::Value v = o.Get(key);
  if (v.IsUndefined()) return def;
  if (!isInt(v)) throw Napi::TypeError::New(o.Env(), std::string(key) + " must be an integer");
  int x = v.As<Napi::Number>().Int32Value();
  if (x < lo || x > hi)
    throw Napi::RangeError::New(o.Env(), std::string(key) + " must be in " + std::to_string(lo) + ".." +
                                             std::to_string(hi));
  return x;
}

std::vector<int> keyCodes(Napi::Env env, Napi::Value v, const char* what) {
  if (!v.IsArray()) throw Napi::TypeError::New(env, std::string(what) + " must be an array of key codes");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int> out;
  for (uint32_t i = 0; i < a.Length(); i++) {
    Napi::Value e = a.Get(i);
    if (!isInt(e) || e.As<Napi::Number>().Int32Value() < 0 || e.As<Napi::Number>().Int32Value() > KEY_MAX)
      throw Napi::RangeError::New(env, std::string(what) + " must hold key codes 0.." + std::to_string(KEY_MAX));
    out.push_back(e.As<Napi::Number>().Int32Value());
  }
  return out;
}

// Injection: flat (type, code, value) triples from an Int32Array or array.
std::vector<int32_t> injection(Napi::Env env, Napi::Value v) {
  std::vector<int32_t> out;
  if (v.IsTypedArray() && v.As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
    Napi::Int32Array a = v.As<Napi::Int32Array>();
    out.assign(a.Data(), a.Data() + a.ElementLength());
  } else if (v.IsArray()) {
    Napi::Array a = v.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) {
      Napi::Value e = a.Get(i);
      if (!isInt(e)) throw Napi::TypeError::New(env, "injection must hold integers");
      out.push_back(e.As<Napi::Number>().Int32Value());
    }
  } else {
    throw Napi::TypeError::New(env, "injection must be an Int32Array or an array of integers");
  }
  if (out.size() % 3 != 0) throw Napi::RangeError::New(env, "injection length must be a multiple of 3 (type, code, value)");
  for (size_t i = 0; i < out.size(); i += 3) {
    if (out[i] < 0 || out[i] > EV_MAX || out[i + 1] < 0 || out[i + 1] > 0xffff)
      throw Napi::RangeError::New(env, "injection event " + std::to_string(i / 3) + " has a bad type or code");
    if (out[i] == EV_KEY && (out[i + 1] > KEY_MAX || out[i + 2] < 0 || out[i + 2] > 2))
      throw Napi::RangeError::New(env, "injection event " + std::to_string(i / 3) + " is not a valid key event");
  }
  return out;
}

Napi::Value ListDevices(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string dir = "/dev/input";
  if (info.Length() > 0 && !info[0].IsUndefined()) {
    if (!info[0].IsString()) throw Napi::TypeError::New(env, "dir must be a string");
    dir = info[0].As<Napi::String>().Utf8Value();
  }
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (const std::string& path : ac::listEventNodes(dir)) {
    ac::DeviceInfo d = ac::probePath(path);
    if (ac::isOwnDevice(d)) continue;
    out.Set(i++, infoObject(env, d));
  }
  return out;
}

Napi::Value Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  State* st = state(env);
  if (st->reader) throw Napi::Error::New(env, "input reader already started");
  if (info.Length() < 1 || !info[0].IsObject()) throw Napi::TypeError::New(env, "start(options) needs an options object");
  Napi::Object o = info[0].As<Napi::Object>();

  ac::Options opts;
  Napi::Value mode = o.Get("mode");
  if (!mode.IsString()) throw Napi::TypeError::New(env, "mode must be 'grab' or 'snoop'");
  std::string m = mode.As<Napi::String>().Utf8Value();
  if (m != "grab" && m != "snoop") throw Napi::TypeError::New(env, "mode must be 'grab' or 'snoop'");
  opts.grab = m == "grab";
  opts.uinputFd = intOpt(o, "uinputFd", -1, 0, 1 << 30);
  if (opts.uinputFd < 0) throw Napi::TypeError::New(env, "uinputFd (the virtual keyboard's fd) is required");
  Napi::Value hk = o.Get("holdKeys");
  if (!hk.IsUndefined()) opts.holdKeys = keyCodes(env, hk, "holdKeys");
  Napi::Value ck = o.Get("chordKeys");
  if (!ck.IsUndefined()) opts.chordKeys = keyCodes(env, ck, "chordKeys");
  opts.holdTimeoutMs = intOpt(o, "holdTimeoutMs", 250, 1, 10000);
  opts.stallMs = intOpt(o, "stallMs", opts.stallMs, 20, 600000);
  opts.batchMs = intOpt(o, "batchMs", -1, 0, 600000);
  opts.panicExitMs = intOpt(o, "panicExitMs", 1000, 0, 600000);
  opts.chunkEvents = intOpt(o, "chunkEvents", opts.chunkEvents, 8, 4096);
  opts.chunkPauseMs = intOpt(o, "chunkPauseMs", opts.chunkPauseMs, 0, 1000);
  // (Bad values throw before anything starts; a device named here may be grabbed
  // even when it is another program's virtual keyboard.)
  Napi::Value rep = o.Get("forwardRepeats");
  if (!rep.IsUndefined()) {
    if (!rep.IsBoolean()) throw Napi::TypeError::New(env, "forwardRepeats must be a boolean");
    opts.forwardRepeats = rep.As<Napi::Boolean>().Value();
  }
  Napi::Value devs = o.Get("devices");
  if (!devs.IsUndefined()) {
    if (!devs.IsArray()) throw Napi::TypeError::New(env, "devices must be an array of paths or names");
    Napi::Array a = devs.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); i++) {
      Napi::Value e = a.Get(i);
      if (!e.IsString()) throw Napi::TypeError::New(env, "devices must be an array of paths or names");
      opts.only.push_back(e.As<Napi::String>().Utf8Value());
    }
  }
  Napi::Value dir = o.Get("dir");
  if (!dir.IsUndefined()) {
    if (!dir.IsString()) throw Napi::TypeError::New(env, "dir must be a string");
    opts.dir = dir.As<Napi::String>().Utf8Value();
  }
  Napi::Value onEvents = o.Get("onEvents"), onDevice = o.Get("onDevice"), onPanic = o.Get("onPanic");
  if (!onEvents.IsFunction()) throw Napi::TypeError::New(env, "onEvents must be a function");
  if (!onDevice.IsUndefined() && !onDevice.IsFunction()) throw Napi::TypeError::New(env, "onDevice must be a function");
  if (!onPanic.IsUndefined() && !onPanic.IsFunction()) throw Napi::TypeError::New(env, "onPanic must be a function");

  st->onEvents = Napi::Persistent(onEvents.As<Napi::Function>());
  if (onDevice.IsFunction()) st->onDevice = Napi::Persistent(onDevice.As<Napi::Function>());
  if (onPanic.IsFunction()) st->onPanic = Napi::Persistent(onPanic.As<Napi::Function>());
  // Its finalizer runs when Node tears the function down (environment
  // teardown, a worker ending): the thread posting to it must stop first.
  auto mine = std::make_shared<std::weak_ptr<ac::Reader>>();
  st->tsfn = Napi::ThreadSafeFunction::New(env, onEvents.As<Napi::Function>(), "autocorrector-input", 0, 1,
                                           [mine](Napi::Env) {
                                             if (auto r = mine->lock()) {
                                               track(r.get(), false);
                                               r->stop();
                                             }
                                           });
  st->reader = std::make_shared<ac::Reader>(std::move(opts), std::make_unique<TsfnSink>(st->tsfn));
  *mine = st->reader;
  try {
    st->reader->start();
    track(st->reader.get(), true);
  } catch (const std::exception& e) {
    st->reader.reset();
    st->tsfn.Release();
    st->onEvents.Reset();
    st->onDevice.Reset();
    st->onPanic.Reset();
    throw Napi::Error::New(env, e.what());
  }
  return env.Undefined();
}

Napi::Value Resolve(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !isInt(info[0])) throw Napi::TypeError::New(env, "resolve(seq, injection)");
  std::vector<int32_t> inj = injection(env, info[1]);
  State* st = state(env);
  if (!st->reader) return Napi::Boolean::New(env, false);
  bool drop = info.Length() > 2 && info[2].IsBoolean() && info[2].As<Napi::Boolean>().Value();
  return Napi::Boolean::New(env, st->reader->resolve(info[0].As<Napi::Number>().Int32Value(), inj, drop));
}

Napi::Value InjectIfIdle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !isInt(info[1])) throw Napi::TypeError::New(env, "injectIfIdle(injection, afterSeq)");
  std::vector<int32_t> inj = injection(env, info[0]);
  State* st = state(env);
  if (!st->reader) return Napi::Boolean::New(env, false);
  return Napi::Boolean::New(env, st->reader->injectIfIdle(inj, info[1].As<Napi::Number>().Int32Value()));
}

Napi::Value SetHoldKeys(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<int> codes = keyCodes(env, info.Length() ? info[0] : env.Undefined(), "holdKeys");
  State* st = state(env);
  if (st->reader) st->reader->setHoldKeys(codes);
  return env.Undefined();
}

Napi::Value SetChordKeys(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<int> codes = keyCodes(env, info.Length() ? info[0] : env.Undefined(), "chordKeys");
  State* st = state(env);
  if (st->reader) st->reader->setChordKeys(codes);
  return env.Undefined();
}

Napi::Value Drain(const Napi::CallbackInfo& info) {
  State* st = state(info.Env());
  if (st->reader && !st->delivering) {
    st->reader->flushToJs();
    deliverAll(info.Env());
  }
  return info.Env().Undefined();
}

Napi::Value Stop(const Napi::CallbackInfo& info) {
  state(info.Env())->stop();
  return info.Env().Undefined();
}

Napi::Value IsRunning(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), static_cast<bool>(state(info.Env())->reader));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new State());
  static std::once_flag atExit;
  std::call_once(atExit, [] { std::atexit(stopAllAtExit); });
  exports.Set("listDevices", Napi::Function::New(env, ListDevices, "listDevices"));
  exports.Set("start", Napi::Function::New(env, Start, "start"));
  exports.Set("resolve", Napi::Function::New(env, Resolve, "resolve"));
  exports.Set("injectIfIdle", Napi::Function::New(env, InjectIfIdle, "injectIfIdle"));
  exports.Set("setHoldKeys", Napi::Function::New(env, SetHoldKeys, "setHoldKeys"));
  exports.Set("setChordKeys", Napi::Function::New(env, SetChordKeys, "setChordKeys"));
  exports.Set("drain", Napi::Function::New(env, Drain, "drain"));
  exports.Set("stop", Napi::Function::New(env, Stop, "stop"));
  exports.Set("isRunning", Napi::Function::New(env, IsRunning, "isRunning"));
  exports.Set("RECORD_INTS", Napi::Number::New(env, ac::kRecordInts));
  exports.Set("FLAG_HELD", Napi::Number::New(env, ac::kFlagHeld));
  exports.Set("KEY_MAX", Napi::Number::New(env, KEY_MAX));
  return exports;
}

}  // namespace

NODE_API_MODULE(autocorrector_native, Init)
