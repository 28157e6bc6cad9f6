// TEST ONLY: a stand-in for the native addon (native.ts) so tests can run
// the real daemon where there is no /dev/input or /dev/uinput. One keyboard
// is "typed on" by JSON lines on a stream (the daemon's stdin):
//   {"text": "teh "}     the text as key presses (typist.ts), US layout
//   {"backspace": 2}     Backspace pressed and released, twice
//   {"click": true}      a mouse click
//   {"keys": [[29, 1], [46, 1], [46, 0], [29, 0]]}   raw [code, value] events (chords)
// After each line it writes {"done": N} (N lines so far) to the ack stream,
// so a test knows the keys went through before it looks at the screen. What
// grab mode forwards and what the daemon injects lands on a TextScreen,
// which the `test-screen` control command reads.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { BTN_MOUSE_FIRST, EV_KEY, KEY } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import { TextScreen } from '../inject/text-screen.js';
import { typeText } from '../inject/typist.js';
import { FLAG_HELD, RECORD_INTS, type DeviceInfo, type Injection, type StartOptions } from './native.js';

/** The part of native.ts the daemon drives. */
export interface InputSource {
  listDevices(dir?: string): DeviceInfo[];
  start(opts: StartOptions): void;
  resolve(seq: number, injection?: Injection, drop?: boolean): boolean;
  injectIfIdle(injection: Injection, afterSeq: number): boolean;
  stop(): void;
}

export interface FakeSource extends InputSource {
  screenText(): string;
}

// Ctrl, Alt, Meta (either side): while one is down, a chord key is held back.
const MODIFIERS = new Set<number>([KEY.LEFTCTRL, KEY.RIGHTCTRL, KEY.LEFTALT, KEY.RIGHTALT, KEY.LEFTMETA, KEY.RIGHTMETA]);

export const FAKE_KEYBOARD: DeviceInfo = {
  path: 'fake:keyboard', name: 'autocorrector fake keyboard', bustype: 0, vendor: 0, product: 0, version: 0,
  isKeyboard: true, isPointer: false, leds: 0,
};

export function createFakeSource(keymap: Keymap, lines: Readable, ack: Writable): FakeSource {
  const screen = new TextScreen(keymap);
  let opts: StartOptions | null = null;
  let holdKeys = new Set<number>();
  let chordKeys = new Set<number>();
  const mods = new Set<number>();
  let seq = 0;
  let clock = 0;
  let done = 0;
  /** The held key waiting for resolve (grab mode), as the native queue would hold it. */
  let pending: { seq: number; code: number; value: number } | null = null;
  let reader: ReturnType<typeof createInterface> | null = null;

  const apply = (inj: Injection): void => screen.apply(Array.from(inj));

  const press = (code: number, value: number, timeMs: number): void => {
    if (!opts) return;
    seq++;
    if (MODIFIERS.has(code)) {
      if (value === 0) mods.delete(code);
      else mods.add(code);
    }
    const held = opts.mode === 'grab' && value === 1 && (holdKeys.has(code) || (chordKeys.has(code) && mods.size > 0));
    const rec = new Int32Array(RECORD_INTS);
    rec.set([seq, 0, EV_KEY, code, value, timeMs, held ? FLAG_HELD : 0]);
    if (!held) {
      // Forwarded (grab) or already seen by the application (snoop) before JS hears of it.
      if (code < BTN_MOUSE_FIRST) screen.key(code, value);
      opts.onEvents(rec);
      return;
    }
    pending = { seq, code, value };
    opts.onEvents(rec);
    // Not answered during the callback: the native side would time out and send it as typed.
    if (pending !== null) {
      screen.key(code, value);
      pending = null;
    }
  };

  const line = (text: string): void => {
    let msg: { text?: unknown; backspace?: unknown; click?: unknown; keys?: unknown };
    try {
      msg = JSON.parse(text) as typeof msg;
    } catch {
      ack.write(JSON.stringify({ error: 'not JSON' }) + '\n');
      return;
    }
    clock = Math.max(clock + 30, Math.round(performance.now()));
    if (typeof msg.text === 'string') {
      for (const step of typeText(msg.text, keymap, { startMs: clock })) {
        if ('opaque' in step) screen.insert(step.opaque);
        else press(step.code, step.value, (clock = step.timeMs));
      }
    }
    const backspaces = typeof msg.backspace === 'number' ? Math.min(msg.backspace, 1000) : 0;
    for (let i = 0; i < backspaces; i++) {
      press(KEY.BACKSPACE, 1, (clock += 30));
      press(KEY.BACKSPACE, 0, (clock += 30));
    }
    if (Array.isArray(msg.keys)) {
      for (const k of msg.keys as unknown[]) {
        if (Array.isArray(k) && Number.isInteger(k[0]) && [0, 1, 2].includes(k[1] as number)) press(k[0] as number, k[1] as number, (clock += 30));
      }
    }
    if (msg.click === true) {
      press(BTN_MOUSE_FIRST, 1, clock);
      press(BTN_MOUSE_FIRST, 0, clock);
    }
    ack.write(JSON.stringify({ done: ++done }) + '\n');
  };

  return {
    listDevices: () => [FAKE_KEYBOARD],
    start(o) {
      if (opts) throw new Error('already started');
      opts = o;
      holdKeys = new Set(o.holdKeys ?? []);
      chordKeys = new Set(o.chordKeys ?? []);
      o.onDevice?.({ kind: o.mode === 'grab' ? 'grabbed' : 'added', path: FAKE_KEYBOARD.path, name: FAKE_KEYBOARD.name, index: 0, isKeyboard: true });
      reader = createInterface({ input: lines });
      reader.on('line', line);
    },
    resolve(s, inj = [], drop = false) {
      if (pending === null || pending.seq !== s) return false;
      apply(inj);
      if (!drop) screen.key(pending.code, pending.value); // drop: swallowed (the toggle chord's key)
      pending = null;
      return true;
    },
    injectIfIdle(inj, afterSeq) {
      // Keys arrive one line at a time and JS answers synchronously: idle unless a key followed.
      if (afterSeq !== seq) return false;
      apply(inj);
      return true;
    },
    stop() {
      reader?.close();
      reader = null;
      opts = null;
    },
    screenText: () => screen.text,
  };
}
