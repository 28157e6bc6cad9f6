// The addon builds, loads and checks its arguments, on a machine without
// /dev/input. What it does with real devices is proven in
// test/kernel/native-addon.test.ts under a real kernel.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as native from '../../src/input/native.js';

const EV_SYN = 0, EV_KEY = 1, KEY_A = 30;

let dir: string;
let fifoFd: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-native-'));
  // A FIFO stands in for the uinput fd: what the addon writes can be read back.
  execFileSync('mkfifo', [join(dir, 'uinput')]);
  fifoFd = openSync(join(dir, 'uinput'), 'r+');
});

afterEach(() => {
  native.stop();
  closeSync(fifoFd);
  rmSync(dir, { recursive: true, force: true });
});

const base = (over: Partial<native.StartOptions> = {}): native.StartOptions => ({
  mode: 'snoop', uinputFd: fifoFd, dir, onEvents: () => {}, ...over,
});

describe('native addon', () => {
  it('loads and agrees with the wrapper on the record layout', () => {
    const addon = native.loadAddon();
    expect(addon.RECORD_INTS).toBe(native.RECORD_INTS);
    expect(addon.FLAG_HELD).toBe(native.FLAG_HELD);
  });

  it('lists nothing, without throwing, where there are no input devices', () => {
    expect(native.listDevices(join(dir, 'missing'))).toEqual([]);
    expect(native.listDevices(dir)).toEqual([]);
    // Whatever this machine has, entries are well formed.
    for (const d of native.listDevices()) {
      expect(d.path).toMatch(/^\/dev\/input\/event\d+$/);
      expect(typeof d.isKeyboard).toBe('boolean');
    }
  });

  it('reports a node that is not an input device as neither keyboard nor pointer', () => {
    writeFileSync(join(dir, 'event3'), '');
    writeFileSync(join(dir, 'mouse0'), '');
    const list = native.listDevices(dir);
    expect(list.map((d) => d.path)).toEqual([join(dir, 'event3')]);
    expect(list[0]).toMatchObject({ isKeyboard: false, isPointer: false, leds: -1 });
    expect(list[0].error).toBeUndefined();
  });

  it('rejects bad options before starting anything', () => {
    expect(() => native.start({ ...base(), mode: 'both' as 'grab' })).toThrow(/mode/);
    expect(() => native.start({ ...base(), uinputFd: undefined as unknown as number })).toThrow(/uinputFd/);
    expect(() => native.start({ ...base(), uinputFd: 1.5 })).toThrow(/uinputFd/);
    expect(() => native.start({ ...base(), holdKeys: [57, -1] })).toThrow(/holdKeys/);
    expect(() => native.start({ ...base(), holdKeys: 'space' as unknown as number[] })).toThrow(/holdKeys/);
    expect(() => native.start({ ...base(), holdTimeoutMs: 0 })).toThrow(/holdTimeoutMs/);
    expect(() => native.start({ ...base(), devices: [3] as unknown as string[] })).toThrow(/devices/);
    expect(() => native.start({ ...base(), onEvents: undefined as unknown as () => void })).toThrow(/onEvents/);
    expect(() => native.start({ ...base(), onPanic: 1 as unknown as () => void })).toThrow(/onPanic/);
    expect(native.isRunning()).toBe(false);
  });

  it('refuses an fd that is not open', () => {
    expect(() => native.start({ ...base(), mode: 'grab', uinputFd: 1_000_000 })).toThrow(/uinputFd/);
    expect(native.isRunning()).toBe(false);
  });

  it('rejects malformed injections', () => {
    expect(() => native.resolve(1, [EV_KEY, KEY_A])).toThrow(/multiple of 3/);
    expect(() => native.resolve(1, [EV_KEY, KEY_A, 7])).toThrow(/key event/);
    expect(() => native.resolve(1, [99, 0, 0])).toThrow(/type or code/);
    expect(() => native.resolve(1, ['x'] as unknown as number[])).toThrow(/integers/);
    expect(() => native.injectIfIdle(new Float64Array(3) as unknown as Int32Array, 0)).toThrow(/Int32Array/);
    expect(() => native.setHoldKeys([1e6])).toThrow(/holdKeys/);
  });

  it('starts once, answers nothing it does not hold, and stops idempotently', () => {
    native.start(base({ mode: 'grab', holdKeys: [57] }));
    expect(native.isRunning()).toBe(true);
    expect(() => native.start(base())).toThrow(/already/);
    expect(native.resolve(1, [])).toBe(false); // nothing is held
    expect(native.injectIfIdle([], 0)).toBe(false); // grab mode: injections go through resolve
    native.setHoldKeys([57, 28]);
    native.stop();
    expect(native.isRunning()).toBe(false);
    native.stop();
    expect(native.resolve(1, [])).toBe(false);
  });

  it('snoop mode: injectIfIdle writes the events in one go when no key was pressed', () => {
    native.start(base({ mode: 'snoop' }));
    const inj = Int32Array.from([EV_KEY, KEY_A, 1, EV_SYN, 0, 0, EV_KEY, KEY_A, 0, EV_SYN, 0, 0]);
    expect(native.injectIfIdle(inj, 0)).toBe(true);
    const buf = Buffer.alloc(24 * 8);
    const n = readSync(fifoFd, buf, 0, buf.length, null);
    expect(n).toBe(24 * 4);
    const got: number[] = [];
    for (let at = 0; at < n; at += 24) got.push(buf.readUInt16LE(at + 16), buf.readUInt16LE(at + 18), buf.readInt32LE(at + 20));
    expect(got).toEqual([...inj]);
    native.stop();
    expect(native.injectIfIdle(inj, 0)).toBe(false); // stopped: nothing written
  });

  it('keeps its own copy of the uinput fd, so JS closing its fd early cannot redirect writes', () => {
    const jsFd = openSync(join(dir, 'uinput'), 'r+');
    native.start(base({ mode: 'snoop', uinputFd: jsFd }));
    closeSync(jsFd);
    // The number is free again; a new file may take it. Writes must still reach the FIFO.
    const other = openSync(join(dir, 'other'), 'w+');
    expect(native.injectIfIdle([EV_KEY, KEY_A, 1, EV_SYN, 0, 0, EV_KEY, KEY_A, 0, EV_SYN, 0, 0], 0)).toBe(true);
    const buf = Buffer.alloc(24 * 8);
    expect(readSync(fifoFd, buf, 0, buf.length, null)).toBe(96);
    expect(readSync(other, Buffer.alloc(8), 0, 8, 0)).toBe(0);
    closeSync(other);
  });

  it('refuses an injection that would leave a key down, and writes nothing of it', () => {
    native.start(base({ mode: 'snoop' }));
    expect(native.injectIfIdle([EV_KEY, KEY_A, 1, EV_SYN, 0, 0], 0)).toBe(false);
    // A tap after it goes out alone: nothing of the refused one was queued.
    expect(native.injectIfIdle([EV_KEY, KEY_A, 1, EV_SYN, 0, 0, EV_KEY, KEY_A, 0, EV_SYN, 0, 0], 0)).toBe(true);
    const buf = Buffer.alloc(24 * 8);
    expect(readSync(fifoFd, buf, 0, buf.length, null)).toBe(96);
  });

  it('runs its input thread with every signal blocked (a signal must not cut an ioctl short there)', async () => {
    native.start(base({ mode: 'snoop' }));
    const task = '/proc/self/task';
    const named = () => readdirSync(task).filter((t) => {
      try { return readFileSync(`${task}/${t}/comm`, 'utf8').trim() === 'ac-input'; } catch { return false; }
    });
    for (let i = 0; i < 100 && named().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const tids = named();
    expect(tids).toHaveLength(1);
    const blocked = BigInt('0x' + /SigBlk:\s*([0-9a-f]+)/.exec(readFileSync(`${task}/${tids[0]}/status`, 'utf8'))![1]);
    for (const sig of [1, 2, 10, 12, 14, 15, 17]) expect((blocked >> BigInt(sig - 1)) & 1n).toBe(1n); // HUP INT USR1 USR2 ALRM TERM CHLD
    // The JS thread's own mask is left as it was.
    const own = BigInt('0x' + /SigBlk:\s*([0-9a-f]+)/.exec(readFileSync('/proc/thread-self/status', 'utf8'))![1]);
    expect((own >> 14n) & 1n).toBe(0n);
  });

  it('a worker that ends without stop(): its input thread is stopped at teardown, and the process lives on', async () => {
    const inputThreads = () => readdirSync('/proc/self/task').filter((t) => {
      try { return readFileSync(`/proc/self/task/${t}/comm`, 'utf8').trim() === 'ac-input'; } catch { return false; }
    }).length;
    const nativeJs = pathToFileURL(join(process.cwd(), 'dist/src/input/native.js')).href;
    for (let round = 0; round < 3; round++) {
      const w = new Worker(`
        const { parentPort, workerData } = require('node:worker_threads');
        import(workerData.nativeJs).then((native) => {
          native.start({ mode: 'snoop', uinputFd: workerData.fd, dir: workerData.dir, onEvents() {} });
          parentPort.postMessage('started');
        });`, { eval: true, workerData: { nativeJs, fd: fifoFd, dir } });
      await once(w, 'message');
      for (let i = 0; i < 200 && inputThreads() === 0; i++) await new Promise((r) => setTimeout(r, 10)); // it names itself first
      expect(inputThreads()).toBe(1);
      await w.terminate();
      for (let i = 0; i < 200 && inputThreads() > 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(inputThreads()).toBe(0);
    }
  });

  it('ignores event nodes that appear but are not input devices', async () => {
    const seen: native.DeviceEvent[] = [];
    native.start(base({ onDevice: (e) => seen.push(e) }));
    writeFileSync(join(dir, 'event7'), '');
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([]);
    expect(native.isRunning()).toBe(true);
  });
});
