#!/usr/bin/env node
// Runs inside the test VM: drives the native input addon (dist/src/input/native.js)
// against real evdev/uinput devices, one scenario per run, and writes what it
// saw to OUT/result.json for test/kernel/native-addon.kernel.test.ts.
//   node addon-driver.mjs SCENARIO OUT
// Fake keyboards are uinput devices made with src/inject/uinput.ts; what the
// addon writes is captured from the virtual keyboard's event node by `cat`.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';

const dist = process.env.CHECKOUT + '/dist/src';
const { UinputKeyboard, waitForDevice, DEFAULT_NAME, encodeSetup } = await import(dist + '/inject/uinput.js');
const native = await import(dist + '/input/native.js');

const [scenario, OUT] = process.argv.slice(2);
const EV_SYN = 0, EV_KEY = 1, EV_LED = 0x11;
const K = {
  esc: 1, bs: 14, enter: 28, space: 57, caps: 58, lshift: 42,
  a: 30, b: 48, c: 46, d: 32, e: 18, h: 35, i: 23, k: 37, o: 24, t: 20, x: 45,
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const result = {};

function press(kb, code) { kb.write([EV_KEY, code, 1, EV_SYN, 0, 0]); }
function release(kb, code) { kb.write([EV_KEY, code, 0, EV_SYN, 0, 0]); }
async function tap(kb, ...codes) {
  for (const c of codes) { press(kb, c); await sleep(5); release(kb, c); await sleep(5); }
}
const keyTriples = (codes) => codes.flatMap((c) => [EV_KEY, c, 1, EV_SYN, 0, 0, EV_KEY, c, 0, EV_SYN, 0, 0]);

async function makeKb(name) {
  const kb = UinputKeyboard.create({ name });
  await waitForDevice(name, 5000);
  return kb;
}

/** A uinput mouse (BTN_LEFT/RIGHT, REL_X/Y). Returns its fd. */
const makeMouse = (name) => makeDevice(name, { keys: [BTN_LEFT, BTN_LEFT + 1], rels: [0, 1] });
const BTN_LEFT = 0x110;
function writeEvents(fd, triples) {
  const b = Buffer.alloc((triples.length / 3) * 24);
  for (let i = 0; i < triples.length / 3; i++) {
    b.writeUInt16LE(triples[i * 3], i * 24 + 16);
    b.writeUInt16LE(triples[i * 3 + 1], i * 24 + 18);
    b.writeInt32LE(triples[i * 3 + 2], i * 24 + 20);
  }
  writeSync(fd, b);
}

/** Captures what the kernel reports for the virtual keyboard (its event node) into a file. */
async function capture(name, file = `${OUT}/virt.bin`) {
  const node = await waitForDevice(name, 5000);
  const child = spawn('cat', [node], { stdio: ['ignore', openSync(file, 'w'), 'ignore'] });
  await sleep(100); // cat must hold the node open before anything is written
  return {
    stop: async () => { await sleep(100); child.kill(); await sleep(20); },
    // [sec*1e6+usec, type, code, value] per event, EV_KEY only
    keys: () => {
      const b = readFileSync(file);
      const out = [];
      for (let at = 0; at + 24 <= b.length; at += 24) {
        const type = b.readUInt16LE(at + 16);
        if (type !== EV_KEY) continue;
        out.push([Number(b.readBigInt64LE(at)) * 1e6 + Number(b.readBigInt64LE(at + 8)), b.readUInt16LE(at + 18), b.readInt32LE(at + 20)]);
      }
      return out;
    },
  };
}

/**
 * A fake keyboard in its own process (tools/fake-keyboard.mjs) that types
 * `keys` ({code, value, timeMs}) once OUT/go exists. Resolves when it is up,
 * to { exited }, a promise of its exit code (wrapped: an async function
 * returning the promise itself would wait for the exit).
 */
async function fakeKeyboard(name, keys) {
  writeFileSync(`${OUT}/keys.json`, JSON.stringify(keys));
  const child = spawn('node', [`${process.env.CHECKOUT}/test/kernel/tools/fake-keyboard.mjs`, '--events', `${OUT}/keys.json`,
    '--name', name, '--ready', `${OUT}/ready`, '--wait-for', `${OUT}/go`, '--linger', '300'], { stdio: 'inherit' });
  const exited = new Promise((r) => child.on('exit', r));
  while (!existsSync(`${OUT}/ready`)) await sleep(10);
  return { exited };
}

/** The names of this process's threads (the addon's: ac-input, and ac-keys per keyboard it serves). */
function threadNames() {
  const names = [];
  for (const t of readdirSync('/proc/self/task')) {
    try { names.push(readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim()); } catch { /* gone meanwhile */ }
  }
  return names.sort();
}

/** threadNames() once `ac-keys` threads number `n`, or as they are after 2 s (a joined thread may linger in /proc a moment). */
async function threadsWith(n) {
  for (const until = Date.now() + 2000; Date.now() < until; await sleep(20)) {
    const names = threadNames();
    if (names.filter((x) => x === 'ac-keys').length === n) return names;
  }
  return threadNames();
}

/** Starts the addon; keeps every record and device notice; answers held keys with `answer`. */
function session(opts, answer = () => []) {
  const s = { records: [], devices: [], answers: [], panicAt: 0, batches: 0 };
  native.start({
    holdKeys: [K.space, K.enter],
    ...opts,
    onEvents(batch) {
      s.batches++;
      for (let i = 0; i < native.recordCount(batch); i++) {
        const r = native.recordAt(batch, i);
        s.records.push(r);
        if (!r.held) continue;
        const reply = (inj) => s.answers.push({ seq: r.seq, code: r.code, ok: native.resolve(r.seq, inj) });
        const a = answer(r, s);
        if (a && a.delayMs !== undefined) setTimeout(() => reply(a.injection), a.delayMs);
        else reply(a ?? []);
      }
    },
    onDevice(ev) { s.devices.push({ ...ev, at: Date.now() }); },
    onPanic() { s.panicAt = Date.now(); writeFileSync(`${OUT}/panic`, String(Date.now())); },
  });
  s.waitDevice = async (kind, timeoutMs = 3000, after = 0) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ev = s.devices.slice(after).find((d) => d.kind === kind);
      if (ev) return ev;
      if (Date.now() > deadline) throw new Error(`no '${kind}' device notice within ${timeoutMs} ms: ${JSON.stringify(s.devices)}`);
      await sleep(5);
    }
  };
  return s;
}

/** Letters typed since the last held key, from the records JS got. */
function wordBefore(s, seq) {
  const letters = { [K.t]: 't', [K.e]: 'e', [K.h]: 'h', [K.x]: 'x', [K.a]: 'a', [K.b]: 'b' };
  let w = '';
  for (const r of s.records) {
    if (r.seq >= seq) break;
    if (r.held) w = '';
    else if (r.value === 1 && letters[r.code]) w += letters[r.code];
  }
  return w;
}

const fixTeh = (delayMs, enterTypes = []) => (r, s) => {
  if (r.code === K.enter) return keyTriples(enterTypes);
  if (r.code !== K.space || wordBefore(s, r.seq) !== 'teh') return [];
  const bs = [K.bs, K.bs, K.bs].flatMap((c) => [EV_KEY, c, 1, EV_SYN, 0, 0, EV_KEY, c, 0, EV_SYN, 0, 0]);
  return { delayMs, injection: Int32Array.from([...bs, ...keyTriples([K.t, K.h, K.e])]) };
};

// A correction of 200 characters (the longest a fix may be): "the quick brown fox ..." again and again.
const LONG_TEXT = 'the quick brown fox jumps over the lazy dog '.repeat(5).slice(0, 200);
const LETTER_CODES = { a: 30, b: 48, c: 46, d: 32, e: 18, f: 33, g: 34, h: 35, i: 23, j: 36, k: 37, l: 38, m: 50,
  n: 49, o: 24, p: 25, q: 16, r: 19, s: 31, t: 20, u: 22, v: 47, w: 17, x: 45, y: 21, z: 44, ' ': 57 };
const longCodes = [...LONG_TEXT].map((ch) => LETTER_CODES[ch]);

/**
 * A held space answered with LONG_TEXT while a slow reader (tools/slow-reader.mjs,
 * emptying its buffer every 5 ms, at real-time priority so that load in the
 * VM cannot starve it further) reads the virtual keyboard; 'x' and Enter
 * are typed while the correction is still going out. pauseMs undefined: the
 * addon's default pace; 0: all in one write, and the reader is stopped
 * (SIGSTOP) until that write is over, so it reads only after it: the check
 * that one write is more than a reader's buffer holds. Returns what the
 * reader got.
 */
async function longFix(tag, pauseMs) {
  const virt = UinputKeyboard.create();
  const node = await waitForDevice(DEFAULT_NAME, 5000);
  const bin = `${OUT}/slow-${tag}.bin`, stop = `${OUT}/stop-${tag}`;
  const readerArgs = [`${process.env.CHECKOUT}/test/kernel/tools/slow-reader.mjs`, node, bin, '5', stop];
  const chrt = existsSync('/usr/bin/chrt');
  const reader = spawn(chrt ? '/usr/bin/chrt' : 'node', chrt ? ['-f', '50', 'node', ...readerArgs] : readerArgs, { stdio: 'inherit' });
  const readerDone = new Promise((r) => reader.on('exit', r));
  while (!existsSync(`${bin}.ready`)) await sleep(10);
  const name = `ac fake long ${tag}`;
  const fake = await makeKb(name);
  let answered = false;
  const s = session({ mode: 'grab', uinputFd: virt.fd, devices: [name], holdTimeoutMs: 1500,
    ...(pauseMs === undefined ? {} : { chunkPauseMs: pauseMs }) }, (r) => {
    if (r.code !== K.space || answered) return [];
    answered = true;
    return keyTriples(longCodes);
  });
  await s.waitDevice('grabbed');
  const oneWrite = pauseMs === 0;
  if (oneWrite) reader.kill('SIGSTOP');
  await tap(fake, K.space);
  await tap(fake, K.x, K.enter); // typed while the correction goes out: must come after it
  await sleep(2500); // the paced correction takes ~1.6 s
  if (oneWrite) reader.kill('SIGCONT');
  await sleep(200);
  native.stop();
  writeFileSync(stop, '');
  await readerDone;
  fake.destroy();
  virt.destroy();
  const b = readFileSync(bin);
  let dropped = 0, first = -1, last = -1;
  const presses = [];
  for (let at = 0; at + 24 <= b.length; at += 24) {
    const t = Number(b.readBigInt64LE(at)) * 1e6 + Number(b.readBigInt64LE(at + 8));
    const type = b.readUInt16LE(at + 16), code = b.readUInt16LE(at + 18), value = b.readInt32LE(at + 20);
    if (type === EV_SYN && code === 3) dropped++; // SYN_DROPPED
    if (type !== EV_KEY || value !== 1) continue;
    if (presses.length === 0) first = t;
    presses.push(code);
    if (presses.length === longCodes.length) last = t;
  }
  return { dropped, presses, injectMs: last >= 0 ? (last - first) / 1000 : -1, answers: s.answers };
}

/**
 * A uinput device of our own making (src/inject only makes keyboards):
 * keys, relative axes and switches as asked, on the given bus. Returns its fd.
 */
async function makeDevice(name, { keys = [], rels = [], switches = [], bustype = 0x03 }) {
  const { DataType, load, open: ffiOpen } = await import('ffi-rs');
  ffiOpen({ library: 'driver-libc', path: 'libc.so.6' });
  const fd = openSync('/dev/uinput', 'r+');
  const ioctl = (req, arg) => {
    const isBuf = Buffer.isBuffer(arg);
    const r = load({ library: 'driver-libc', funcName: 'ioctl', retType: DataType.I32,
      paramsType: [DataType.I32, DataType.U64, isBuf ? DataType.U8Array : DataType.U64], paramsValue: [fd, req, arg] });
    if (r < 0) throw new Error(`device ioctl ${req.toString(16)} failed`);
  };
  const UI_SET_EVBIT = 0x40045564, UI_SET_KEYBIT = 0x40045565, UI_SET_RELBIT = 0x40045566, UI_SET_SWBIT = 0x4004556d;
  if (keys.length) ioctl(UI_SET_EVBIT, EV_KEY);
  for (const k of keys) ioctl(UI_SET_KEYBIT, k);
  if (rels.length) ioctl(UI_SET_EVBIT, 2);
  for (const r of rels) ioctl(UI_SET_RELBIT, r);
  if (switches.length) ioctl(UI_SET_EVBIT, 5); // EV_SW
  for (const w of switches) ioctl(UI_SET_SWBIT, w);
  ioctl(0x405c5503, encodeSetup(name, { bustype, vendor: 0x1234, product: 0x5678, version: 1 })); // UI_DEV_SETUP
  ioctl(0x5501, 0); // UI_DEV_CREATE
  await waitForDevice(name, 5000);
  return fd;
}
const LETTERS = Object.values(LETTER_CODES).filter((c) => c !== 57);

const scenarios = {
  // SYN_DROPPED on our own fd, made exactly: while this process is stopped
  // (SIGSTOP, by the scenario's shell), the fake keyboard sends 128 events in
  // one write, which fills our 128-event buffer, so the kernel keeps only
  // SYN_DROPPED and the last report; then 'a' goes down in the same write.
  // Our next read holds SYN_DROPPED, that report, and the press of 'a': the
  // recovery (key state) counts the press, which must not be counted again.
  async dropped() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake dropped'] });
    await s.waitDevice('grabbed', 10000);
    writeFileSync(`${OUT}/grabbed`, '');
    while (!existsSync(`${OUT}/resumed`)) await sleep(10);
    await sleep(2500); // 'a' comes up 1.5 s after the flood
    native.stop();
    await cap.stop();
    result.aPresses = s.records.filter((r) => r.code === K.a && r.value === 1).length;
    result.xPresses = s.records.filter((r) => r.code === K.x && r.value === 1).length;
    result.virt = cap.keys();
    virt.destroy();
  },

  // A JS callback throws while a key is held: the keyboards are let go, the
  // held key goes out as typed, and the process ends with a failure status.
  async throws() {
    const virt = UinputKeyboard.create();
    await capture(DEFAULT_NAME); // `cat` keeps writing OUT/virt.bin after we are gone
    const fake = await makeKb('ac fake throws');
    native.start({
      mode: 'grab', uinputFd: virt.fd, devices: ['ac fake throws'], holdKeys: [K.space], holdTimeoutMs: 5000,
      onEvents(batch) {
        for (let i = 0; i < native.recordCount(batch); i++) {
          if (native.recordAt(batch, i).held) throw new Error('a callback failing on purpose');
        }
      },
      onDevice(ev) { if (ev.kind === 'grabbed') writeFileSync(`${OUT}/grabbed`, ''); },
    });
    while (!existsSync(`${OUT}/grabbed`)) await sleep(10);
    await tap(fake, K.t, K.e, K.h, K.space);
    await sleep(3000);
    writeFileSync(`${OUT}/survived`, ''); // the addon should have ended us by now
  },

  // process.exit() while a key is held: it still goes out, as typed.
  async exitheld() {
    const virt = UinputKeyboard.create();
    await capture(DEFAULT_NAME);
    const fake = await makeKb('ac fake exitheld');
    let grabbed = false;
    native.start({
      mode: 'grab', uinputFd: virt.fd, devices: ['ac fake exitheld'], holdKeys: [K.space], holdTimeoutMs: 5000,
      onEvents(batch) {
        for (let i = 0; i < native.recordCount(batch); i++) if (native.recordAt(batch, i).held) process.exit(0);
      },
      onDevice(ev) { if (ev.kind === 'grabbed') grabbed = true; },
    });
    while (!grabbed) await sleep(10);
    await tap(fake, K.t, K.e, K.h, K.space);
    await sleep(3000);
    writeFileSync(`${OUT}/survived`, '');
  },

  // A sentence typed fast wakes JS about once a word (each space is a key
  // JS must decide; the letters wait in its batch), every record still
  // arrives, in order; with batchMs 0 (a batch per read, as before batches)
  // the same sentence wakes it about once a key. Then letters with no word
  // end: they wait (a long batchMs here) until drain() hands them over.
  async batches() {
    const virt = UinputKeyboard.create();
    const fake = await makeKb('ac fake batches');
    const words = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog'];
    const sentence = async (batchMs) => {
      const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake batches'], holdTimeoutMs: 1500, batchMs });
      await s.waitDevice('grabbed');
      await sleep(500);
      const before = { batches: s.batches, records: s.records.length };
      for (const w of words) await tap(fake, ...[...w].map((ch) => LETTER_CODES[ch]), K.space);
      await sleep(1500); // the last space's release waits out its batch's bound
      const recs = s.records.slice(before.records);
      native.stop();
      return {
        words: words.length, keys: words.join(' ').length + 1, batches: s.batches - before.batches,
        presses: recs.filter((r) => r.value === 1).map((r) => r.code),
        releases: recs.filter((r) => r.value === 0).length,
        inOrder: recs.every((r, i) => i === 0 || r.seq > recs[i - 1].seq),
        typed: [...words.join(' ') + ' '].map((ch) => LETTER_CODES[ch]),
      };
    };
    result.sentence = await sentence(undefined);
    result.unbatched = await sentence(0);
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake batches'], batchMs: 5000 });
    await s.waitDevice('grabbed');
    await sleep(500);
    const n = s.records.length;
    await tap(fake, K.a, K.b, K.c);
    await sleep(500); // read by the input thread by now, still in its batch
    const waiting = s.records.length - n;
    native.drain();
    result.drain = { waiting, drained: s.records.slice(n).map((r) => [r.code, r.value]) };
    native.stop();
    fake.destroy();
    virt.destroy();
  },

  // An injection that would leave a key down is refused; the held key goes out as typed.
  async refuse() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const fake = await makeKb('ac fake refuse');
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake refuse'], holdTimeoutMs: 1500 },
      (r) => (r.code === K.space ? [EV_KEY, K.b, 1, EV_SYN, 0, 0] : []));
    await s.waitDevice('grabbed');
    await tap(fake, K.a, K.space, K.enter);
    await sleep(300);
    native.stop();
    await cap.stop();
    Object.assign(result, { virt: cap.keys(), answers: s.answers });
    fake.destroy();
    virt.destroy();
  },

  // Which keyboards are not grabbed: another program's virtual keyboard not
  // named in `devices`, and a keyboard that also sends a switch (EV_SW).
  // A keyboard on the USB bus is grabbed without being named.
  async skip() {
    const virt = UinputKeyboard.create();
    const vkb = await makeKb('ac fake virtual'); // bus virtual, not named
    const usb = await makeDevice('ac fake usb', { keys: LETTERS });
    const sw = await makeDevice('ac fake switch', { keys: LETTERS, switches: [0] }); // SW_LID
    const s = session({ mode: 'grab', uinputFd: virt.fd });
    for (let i = 0; i < 300 && !s.devices.some((d) => d.kind === 'grabbed' && d.name === 'ac fake usb'); i++) await sleep(10);
    await sleep(500);
    native.stop();
    result.devices = s.devices.filter((d) => d.name.startsWith('ac fake'));
    vkb.destroy();
    closeSync(usb);
    closeSync(sw);
    virt.destroy();
  },


  // A 200-character correction reaches a slow reader whole when paced, and
  // not when written at once (the check that the reader is slow enough).
  async longfix() {
    result.expected = [...longCodes, K.space, K.x, K.enter];
    result.paced = await longFix('paced');
    result.unpaced = await longFix('unpaced', 0);
  },


  // A held space answered with a correction: the correction, then the space,
  // then what was typed meanwhile. An Enter typed during the hold is queued,
  // answered early (with a 'b' typed before it) and applied in its turn.
  // Then LED passthrough, then stop() ungrabs and lets go of a key the
  // virtual keyboard still holds.
  async forward() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const fake = await makeKb('ac fake forward');
    // A generous timeout: the emulator's stalls must not turn this into the timeout case.
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake forward'], holdTimeoutMs: 1500 }, fixTeh(200, [K.b]));
    await s.waitDevice('grabbed');
    result.threadsGrabbed = await threadsWith(1);
    await tap(fake, K.t, K.e, K.h);
    press(fake, K.space);
    await sleep(20);
    release(fake, K.space);
    await tap(fake, K.x, K.enter); // typed while the space is held: must come after it
    result.enterTypedAt = Date.now();
    await sleep(600);
    fake.readEvents();
    await tap(fake, K.caps);
    await sleep(300);
    result.ledsOn = fake.readEvents();
    await tap(fake, K.caps);
    await sleep(300);
    result.ledsOff = fake.readEvents();
    press(fake, K.a); // down through the virtual keyboard...
    await sleep(50);
    native.stop(); // ...must not stay down there
    result.runningAfterStop = native.isRunning();
    result.threadsStopped = await threadsWith(0);
    release(fake, K.a);
    await tap(fake, K.o, K.k, K.enter); // straight to the VT now
    await sleep(200);
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { records: s.records, devices: s.devices, answers: s.answers });
    fake.destroy();
    virt.destroy();
  },

  // No answer in time: the held key goes out as typed after holdTimeoutMs,
  // and the late answer is refused.
  async timeout() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const fake = await makeKb('ac fake timeout');
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake timeout'], holdTimeoutMs: 250 }, fixTeh(700));
    await s.waitDevice('grabbed');
    await tap(fake, K.t, K.e, K.h, K.space, K.x);
    await sleep(1000);
    await tap(fake, K.enter);
    await sleep(300);
    native.stop();
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { records: s.records, devices: s.devices, answers: s.answers });
    fake.destroy();
    virt.destroy();
  },

  // A Backspace typed right after a held space waits behind it; JS answers in
  // order, each answer 700 ms after the last (a slow engine). The Backspace's
  // answer comes 1.4 s after it was typed, yet 700 ms after the space's
  // answer: within holdTimeoutMs (1 s) counted from then, so it is applied.
  async chain() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const fake = await makeKb('ac fake chain');
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake chain'], holdKeys: [K.space, K.bs], holdTimeoutMs: 1000 },
      (r) => {
        if (r.code === K.space) return { delayMs: 700, injection: keyTriples([K.b]) };
        if (r.code === K.bs) return { delayMs: 1400, injection: keyTriples([K.c]) };
        return [];
      });
    await s.waitDevice('grabbed');
    await tap(fake, K.space, K.bs);
    await sleep(2000);
    await tap(fake, K.enter);
    await sleep(300);
    native.stop();
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { records: s.records, devices: s.devices, answers: s.answers });
    fake.destroy();
    virt.destroy();
  },

  // A keyboard with a key down is not grabbed until every key is up; what
  // it typed meanwhile reaches the desktop once, directly. Then a held key:
  // the virtual keyboard repeats it itself, physical repeats are not doubled.
  async grabwait() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const fake = await makeKb('ac fake grabwait');
    press(fake, K.lshift);
    await sleep(50);
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake grabwait'] });
    await s.waitDevice('added');
    await sleep(500);
    result.grabbedWhileDown = s.devices.some((d) => d.kind === 'grabbed');
    await tap(fake, K.a); // Shift still down: 'A', straight to the VT
    await sleep(100);
    const upAt = Date.now();
    release(fake, K.lshift);
    const g = await s.waitDevice('grabbed', 3000);
    result.grabDelayMs = g.at - upAt;
    await tap(fake, K.b);
    press(fake, K.x);
    await sleep(800);
    release(fake, K.x);
    await tap(fake, K.enter);
    await sleep(300);
    native.stop();
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { records: s.records, devices: s.devices });
    fake.destroy();
    virt.destroy();
  },

  // IN_ATTRIB is watched on /dev/input only while a node there is not open:
  // with every node open (or not ours to open) it is off; a node that cannot
  // be opened (a device number with no device behind it) turns it on, and
  // its removal turns it off again. The masks are the kernel's own account
  // of this process's inotify watches (/proc/self/fdinfo).
  async watchmask() {
    const IN_ATTRIB = 0x4;
    const masks = () => {
      const out = [];
      for (const fd of readdirSync('/proc/self/fdinfo')) {
        let info = '';
        try { info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'); } catch { continue; }
        for (const m of info.matchAll(/^inotify wd:\S+ ino:\S+ sdev:\S+ mask:([0-9a-f]+)/gm)) out.push(parseInt(m[1], 16));
      }
      return out.map((m) => ({ mask: m, attrib: (m & IN_ATTRIB) !== 0 }));
    };
    const virt = UinputKeyboard.create();
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake watch'] });
    const fake = UinputKeyboard.create({ name: 'ac fake watch' });
    await s.waitDevice('grabbed', 5000);
    await sleep(300);
    result.allOpen = masks();
    // Major 13 is evdev's; minor 95 (event31) is one no device here has.
    const bad = '/dev/input/event99';
    execFileSync('mknod', [bad, 'c', '13', '95']);
    await sleep(300);
    result.badThere = masks();
    const n = s.devices.length;
    result.error = await s.waitDevice('error', 5000, n);
    result.badReported = masks();
    execFileSync('rm', ['-f', bad]);
    await sleep(500);
    result.badGone = masks();
    native.stop();
    fake.destroy();
    virt.destroy();
  },

  // Keyboards plugged in after start are grabbed within a second; unplugged
  // ones are dropped; a replugged one is served again.
  async hotplug() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake hotplug'] });
    await sleep(300);
    // Timed from UI_DEV_CREATE (the end of create()): making the device is
    // slow under the emulator and is not the addon's time.
    let fake = UinputKeyboard.create({ name: 'ac fake hotplug' });
    let t0 = Date.now();
    result.firstGrabMs = (await s.waitDevice('grabbed', 5000)).at - t0;
    const n = s.devices.length;
    fake.destroy();
    result.removed = await s.waitDevice('removed', 3000, n);
    result.threadsRemoved = await threadsWith(0);
    const m = s.devices.length;
    fake = UinputKeyboard.create({ name: 'ac fake hotplug' });
    t0 = Date.now();
    result.secondGrabMs = (await s.waitDevice('grabbed', 5000, m)).at - t0;
    await tap(fake, K.h, K.i, K.enter);
    await sleep(300);
    result.threadsRegrabbed = await threadsWith(1);
    native.stop();
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { devices: s.devices });
    fake.destroy();
    virt.destroy();
  },

  // JS blocked: the addon ungrabs after stallMs so typing goes straight to
  // the desktop, nothing stays down, and it grabs again once JS is back.
  async stall() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const ev = (code, value, timeMs) => ({ code, value, timeMs });
    // Shift goes down through the virtual keyboard before the stall and comes
    // up after it: its release must reach the virtual keyboard then, not at stop().
    const keys = [
      ev(K.a, 1, 0), ev(K.a, 0, 20), ev(K.lshift, 1, 100), ev(K.b, 1, 200), ev(K.b, 0, 220),
      ev(K.c, 1, 600), ev(K.c, 0, 620), ev(K.lshift, 0, 1000), ev(K.enter, 1, 1100), ev(K.enter, 0, 1120),
      ev(K.d, 1, 3500), ev(K.d, 0, 3520), ev(K.enter, 1, 3600), ev(K.enter, 0, 3620),
    ];
    const { exited } = await fakeKeyboard('ac fake stall', keys);
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake stall'], stallMs: 300 });
    await s.waitDevice('grabbed');
    writeFileSync(`${OUT}/go`, '');
    // The JS thread is busy for 1.5 s (as the daemon's test hook would make it).
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    result.fakeExit = await exited;
    await sleep(200);
    native.stop();
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { records: s.records, devices: s.devices });
    virt.destroy();
  },

  // Typing that never pauses across a stall and the regrab after it: each
  // key must reach the rest of the system exactly once, either straight from
  // the keyboard or through us. `cat` on the keyboard's own node plays the
  // desktop (an evdev reader like libinput): it hears the keyboard only while
  // the addon has let go.
  async handover() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const letters = [K.a, K.b, K.c, K.d, K.e, K.h, K.i, K.k, K.o, K.t, K.x];
    const keys = [];
    for (let i = 0; i < 140; i++) {
      const code = letters[i % letters.length];
      keys.push({ code, value: 1, timeMs: 12 * i }, { code, value: 0, timeMs: 12 * i + 6 });
    }
    keys.push({ code: K.enter, value: 1, timeMs: 12 * 140 + 100 }, { code: K.enter, value: 0, timeMs: 12 * 140 + 110 });
    const { exited } = await fakeKeyboard('ac fake handover', keys);
    const direct = await capture('ac fake handover', `${OUT}/direct.bin`);
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake handover'], stallMs: 300 });
    await s.waitDevice('grabbed');
    writeFileSync(`${OUT}/go`, '');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 700);
    result.fakeExit = await exited;
    await sleep(200);
    native.stop();
    await cap.stop();
    await direct.stop();
    result.typed = keys.map((k) => [k.code, k.value]);
    result.virt = cap.keys();
    result.direct = direct.keys();
    result.devices = s.devices;
  },

  // Two keyboards and a mouse: a key held on one keyboard holds back what
  // the other types too; the mouse is read, never grabbed, its clicks go to JS.
  async multi() {
    const virt = UinputKeyboard.create();
    const cap = await capture(DEFAULT_NAME);
    const kb1 = await makeKb('ac fake multi 1');
    const kb2 = await makeKb('ac fake multi 2');
    const mouse = await makeMouse('ac fake mouse');
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake multi 1', 'ac fake multi 2', 'ac fake mouse'],
      holdTimeoutMs: 1500 }, fixTeh(300));
    for (let i = 0; i < 300 && s.devices.filter((d) => d.kind === 'grabbed').length < 2; i++) await sleep(10);
    await tap(kb1, K.t, K.e, K.h, K.space);
    await tap(kb2, K.x); // the other keyboard, while kb1's space is held
    writeEvents(mouse, [EV_KEY, BTN_LEFT, 1, EV_SYN, 0, 0, EV_KEY, BTN_LEFT, 0, EV_SYN, 0, 0, 2, 0, 5, EV_SYN, 0, 0]);
    await sleep(600);
    await tap(kb2, K.enter);
    await sleep(300);
    native.stop();
    await cap.stop();
    result.virt = cap.keys();
    Object.assign(result, { records: s.records, devices: s.devices, answers: s.answers });
    kb1.destroy();
    kb2.destroy();
    closeSync(mouse);
    virt.destroy();
  },

  // Snoop: nothing grabbed; an injection goes out only if no key was pressed since.
  async snoop() {
    const virt = UinputKeyboard.create();
    const fake = await makeKb('ac fake snoop');
    const s = session({ mode: 'snoop', uinputFd: virt.fd, devices: ['ac fake snoop'] });
    await s.waitDevice('added');
    await sleep(100);
    await tap(fake, K.a);
    for (let i = 0; i < 200 && s.records.length < 2; i++) await sleep(10);
    const seqA = s.records.at(-1)?.seq ?? -1;
    result.idleInject = native.injectIfIdle(keyTriples([K.b]), seqA);
    press(fake, K.c); // not yet seen by JS; the addon must notice it anyway
    result.busyInject = native.injectIfIdle(keyTriples([K.x]), seqA);
    release(fake, K.c);
    await tap(fake, K.enter);
    await sleep(300);
    native.stop();
    Object.assign(result, { records: s.records, devices: s.devices });
    fake.destroy();
    virt.destroy();
  },

  // Backspace+Escape+Enter: everything ungrabbed, JS told, and the process
  // ended from the native side when JS does not exit by itself.
  async panic() {
    const virt = UinputKeyboard.create();
    const fake = await makeKb('ac fake panic');
    await capture(DEFAULT_NAME); // `cat` keeps writing OUT/virt.bin after we are gone
    const s = session({ mode: 'grab', uinputFd: virt.fd, devices: ['ac fake panic'], panicExitMs: 800 });
    await s.waitDevice('grabbed');
    writeFileSync(`${OUT}/grabbed`, String(Date.now()));
    // Enter first (it would send a message), then the rest of the chord:
    // none of it may reach the virtual keyboard.
    press(fake, K.enter);
    await sleep(40);
    press(fake, K.esc);
    await sleep(40);
    press(fake, K.bs);
    await sleep(5000); // the addon should end us before this
    writeFileSync(`${OUT}/survived`, '');
  },

  // Unprivileged: devices that cannot be opened are reported with their
  // group. A node whose permissions are fixed a moment after it appears (as
  // udev does) is picked up without an error.
  async noperm() {
    result.list = native.listDevices();
    const s = session({ mode: 'snoop', uinputFd: 1 });
    await sleep(300);
    writeFileSync(`${OUT}/started`, '');
    for (let i = 0; i < 1000 && !s.devices.some((d) => d.kind === 'added'); i++) await sleep(10);
    native.stop();
    result.devices = s.devices;
  },
};

await scenarios[scenario]();
writeFileSync(`${OUT}/result.json`, JSON.stringify(result));
process.exit(0);
