// The simulated backend of the keyboard port: one keyboard whose keys a
// program presses, and a stand-in application (TextScreen) that receives what
// grab mode forwards and what the engine injects. It holds word-ending keys
// back exactly as the native queue does, so `try`, `eval`, the engine tests
// and `run --input fake` go through the same drive loop as the daemon.
import { BTN_MOUSE_FIRST, EV_KEY, KEY } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import type { KeyboardPort, PortStartOptions } from '../drive/keyboard-port.js';
import { FLAG_HELD, RECORD_INTS, REC_CODE, REC_FLAGS, REC_SEQ, REC_TIME_MS, REC_TYPE, REC_VALUE, type DeviceInfo, type Injection } from '../input/records.js';
import { TextScreen } from './text-screen.js';
import { typeText, type TypistOptions } from './typist.js';

// Ctrl, Alt, Meta (either side): while one is down, a chord key is held back.
const MODIFIERS = new Set<number>([KEY.LEFTCTRL, KEY.RIGHTCTRL, KEY.LEFTALT, KEY.RIGHTALT, KEY.LEFTMETA, KEY.RIGHTMETA]);

export const SIMULATED_KEYBOARD: DeviceInfo = {
  path: 'fake:keyboard', name: 'autocorrector fake keyboard', bustype: 0, vendor: 0, product: 0, version: 0,
  isKeyboard: true, isPointer: false, leds: 0,
};

export class SimulatedKeyboard implements KeyboardPort {
  readonly screen: TextScreen;
  private opts: PortStartOptions | null = null;
  private holdKeys = new Set<number>();
  private chordKeys = new Set<number>();
  private readonly mods = new Set<number>();
  private seq = 0;
  /** The held key waiting for resolve (grab mode), as the native queue would hold it. */
  private pending: { seq: number; code: number; value: number } | null = null;

  constructor(readonly keymap: Keymap) {
    this.screen = new TextScreen(keymap);
  }

  listDevices(): DeviceInfo[] {
    return [SIMULATED_KEYBOARD];
  }

  start(opts: PortStartOptions): void {
    if (this.opts) throw new Error('already started');
    this.opts = opts;
    this.holdKeys = new Set(opts.holdKeys ?? []);
    this.chordKeys = new Set(opts.chordKeys ?? []);
    const d = SIMULATED_KEYBOARD;
    opts.onDevice?.({ kind: opts.mode === 'grab' ? 'grabbed' : 'added', path: d.path, name: d.name, index: 0, isKeyboard: true });
  }

  setKeys(holdKeys: readonly number[], chordKeys: readonly number[]): void {
    this.holdKeys = new Set(holdKeys);
    this.chordKeys = new Set(chordKeys);
  }

  /** One key event on the keyboard (value 1 press, 0 release, 2 repeat). */
  press(code: number, value: number, timeMs: number): void {
    const opts = this.opts;
    if (!opts) return;
    const seq = ++this.seq;
    if (MODIFIERS.has(code)) {
      if (value === 0) this.mods.delete(code);
      else this.mods.add(code);
    }
    const held = opts.mode === 'grab' && value === 1
      && (this.holdKeys.has(code) || (this.chordKeys.has(code) && this.mods.size > 0));
    // One record per batch: a fresh array, since the receiver may keep it (as the addon's are).
    const rec = new Int32Array(RECORD_INTS);
    rec[REC_SEQ] = seq;
    rec[REC_TYPE] = EV_KEY;
    rec[REC_CODE] = code;
    rec[REC_VALUE] = value;
    rec[REC_TIME_MS] = timeMs;
    rec[REC_FLAGS] = held ? FLAG_HELD : 0;
    if (!held) {
      // Forwarded (grab) or already seen by the application (snoop) before the engine hears of it.
      if (code < BTN_MOUSE_FIRST) this.screen.key(code, value);
      opts.onEvents(rec);
      return;
    }
    this.pending = { seq, code, value };
    opts.onEvents(rec);
    // Not answered during the callback: the native side would time out and send it as typed.
    if (this.pending !== null) {
      this.screen.key(code, value);
      this.pending = null;
    }
  }

  /** A mouse click (press and release). */
  click(timeMs: number): void {
    this.press(BTN_MOUSE_FIRST, 1, timeMs);
    this.press(BTN_MOUSE_FIRST, 0, timeMs);
  }

  /** A character that reaches the screen without any key (emoji, a letter the layout lacks). */
  opaque(ch: string): void {
    if (!this.opts) return;
    this.screen.insert(ch);
    this.opts.onOpaque?.(ch);
  }

  /** Types `text` as a person would on this layout; returns the time after the last event. */
  type(text: string, opts: TypistOptions = {}): number {
    let t = opts.startMs ?? 0;
    for (const step of typeText(text, this.keymap, opts)) {
      if ('opaque' in step) this.opaque(step.opaque);
      else this.press(step.code, step.value, (t = step.timeMs));
    }
    return t;
  }

  resolve(seq: number, injection: Injection = [], drop = false): boolean {
    const pending = this.pending;
    if (pending === null || pending.seq !== seq) return false;
    this.screen.apply(Array.from(injection));
    if (!drop) this.screen.key(pending.code, pending.value); // drop: swallowed (the toggle chord's key)
    this.pending = null;
    return true;
  }

  injectIfIdle(injection: Injection, afterSeq: number): boolean {
    // Keys arrive one at a time and the engine answers at once: idle unless a key followed.
    if (afterSeq !== this.seq) return false;
    this.screen.apply(Array.from(injection));
    return true;
  }

  /** Each key is delivered as it is typed: nothing ever waits. */
  drain(): void {}

  stop(): void {
    this.opts = null;
  }
}
