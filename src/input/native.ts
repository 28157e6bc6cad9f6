// Typed wrapper of the native input addon (native/*.cc, built by node-gyp
// into build/Release/autocorrector_native.node). Shell module: the pure
// core never imports it.
//
// The addon reads every keyboard and pointer on its own thread and, in grab
// mode, forwards grabbed keyboards to the virtual keyboard natively. Word
// ending keys ("hold keys") are held back until `resolve` answers, so a
// correction is typed before the key that ended the word; an answer that
// comes later than holdTimeoutMs is dropped and the key goes out as typed.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Events arrive as one Int32Array of fixed-size records, RECORD_INTS ints
 * each. Only EV_KEY events are reported (keys and mouse/touchpad buttons).
 */
export const RECORD_INTS = 7;
export const REC_SEQ = 0; //       increasing per event; what resolve/injectIfIdle refer to
export const REC_DEVICE = 1; //    device index, as in DeviceEvent.index
export const REC_TYPE = 2; //      always EV_KEY (1) for now
export const REC_CODE = 3; //      key code (linux/input-event-codes.h)
export const REC_VALUE = 4; //     0 release, 1 press, 2 autorepeat
export const REC_TIME_MS = 5; //   kernel time of the event, CLOCK_MONOTONIC ms, wraps at 2^32: subtract with `| 0`
export const REC_FLAGS = 6; //     bit FLAG_HELD: held back, answer with resolve(seq, ...)
export const FLAG_HELD = 1;

export interface DeviceInfo {
  path: string;
  name: string;
  bustype: number;
  vendor: number;
  product: number;
  version: number;
  /** Has EV_KEY with all 26 letter keys. */
  isKeyboard: boolean;
  /** Has BTN_LEFT or BTN_TOUCH (mouse, touchpad). */
  isPointer: boolean;
  /** Bitmask of lit LEDs (bit 0 Num Lock, 1 Caps Lock, 2 Scroll Lock); -1 unknown. */
  leds: number;
  /** Set when the node could not be opened, e.g. 'EACCES'. */
  error?: string;
  errorMessage?: string;
  /** Group owning the node (e.g. 'input'): what the user must belong to. */
  group?: string;
  /** Permission bits of the node, e.g. 0o660. */
  mode?: number;
}

/**
 * skipped: a keyboard read but never grabbed (its keys reach applications
 * directly, uncorrected): it also sends events the virtual keyboard cannot
 * pass on (a touchpad's EV_ABS, a switch's EV_SW), or it is another
 * program's virtual keyboard (bus virtual: keyd, kanata, ydotool) that was
 * not named in `devices`. The message says which.
 */
export type DeviceEventKind = 'added' | 'removed' | 'error' | 'grabbed' | 'ungrabbed' | 'skipped';

export interface DeviceEvent {
  kind: DeviceEventKind;
  path: string;
  name: string;
  /** Device index used in event records; -1 for a device never opened. */
  index: number;
  /** removed: 'vanished' | 'unplugged'; ungrabbed: 'stalled'; error: what failed; skipped: why. */
  message?: string;
  isKeyboard?: boolean;
  isPointer?: boolean;
  /** added, grabbed: the LEDs lit (bit 1 Caps Lock), -1 unknown. */
  leds?: number;
  error?: string;
  group?: string;
  mode?: number;
}

export interface StartOptions {
  /** grab: exclusive, forwarded natively, hold keys wait for resolve. snoop: read only. */
  mode: 'grab' | 'snoop';
  /**
   * fd of the virtual keyboard (UinputKeyboard.fd). The addon keeps its own
   * dup of it, writes to it, and in grab mode reads the LED changes from
   * it (so do not call UinputKeyboard.readEvents while started). Call
   * stop() before destroying the keyboard: stop() releases keys through it.
   */
  uinputFd: number;
  /** Key codes held back in grab mode (word enders). */
  holdKeys?: number[];
  /**
   * Key codes held back only while Ctrl, Alt or Meta is down (the toggle
   * chord's key), so that JS can swallow the chord with resolve(seq, [], true)
   * while plain typing of that letter never waits.
   */
  chordKeys?: number[];
  /** How long a held key waits for resolve before going out as typed. Default 250. */
  holdTimeoutMs?: number;
  /** JS not taking events for this long: ungrab all until it does. Default 500. */
  stallMs?: number;
  /** After the panic chord (Backspace+Escape+Enter), _exit(3) if still alive after this; 0 never. Default 1000. */
  panicExitMs?: number;
  /**
   * Pace of everything written to the virtual keyboard: whole packets, at
   * most chunkEvents (default 32) at once and chunkEvents per chunkPauseMs
   * (default 8) on average, so that a long correction never overflows a
   * reader's evdev buffer (64 to 128 events; libinput then drops keys).
   * Typing never comes near the pace; keys typed during a correction wait
   * behind it. chunkPauseMs 0 writes everything at once.
   */
  chunkEvents?: number;
  chunkPauseMs?: number;
  /**
   * Forward autorepeat events (value 2) of grabbed keyboards. Default false:
   * the virtual keyboard has EV_REP, so the kernel repeats held keys on it
   * by itself; forwarding the physical repeats as well would double the
   * rate. Repeats are reported to onEvents either way (never held).
   */
  forwardRepeats?: boolean;
  /**
   * Only these devices (by path or exact name). Default: every keyboard and
   * pointer, except that another program's virtual keyboard is grabbed only
   * when named here.
   */
  devices?: string[];
  /** Directory of event nodes. Default /dev/input (tests point it elsewhere). */
  dir?: string;
  onEvents(batch: Int32Array): void;
  onDevice?(ev: DeviceEvent): void;
  /** Everything is already ungrabbed; the daemon should exit now. */
  onPanic?(): void;
}

/**
 * Flat [type, code, value, ...] triples, SYN reports included. One that
 * would leave a key down that was not down before (a press without its
 * release) is refused: resolve/injectIfIdle return false.
 */
export type Injection = Int32Array | readonly number[];

interface Addon {
  listDevices(dir?: string): DeviceInfo[];
  start(opts: StartOptions): void;
  resolve(seq: number, injection: Injection, drop?: boolean): boolean;
  injectIfIdle(injection: Injection, afterSeq: number): boolean;
  setHoldKeys(codes: readonly number[]): void;
  setChordKeys(codes: readonly number[]): void;
  stop(): void;
  isRunning(): boolean;
  RECORD_INTS: number;
  FLAG_HELD: number;
}

const ADDON_FILE = join('build', 'Release', 'autocorrector_native.node');

/** The package root: this file runs from src/input (vitest) or dist/src/input (built). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'binding.gyp'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('autocorrector: cannot find the package root (binding.gyp) above ' + fileURLToPath(import.meta.url));
}

let addon: Addon | undefined;

/** Loads the addon once; throws with a build hint when it is missing. */
export function loadAddon(): Addon {
  if (addon) return addon;
  const path = join(packageRoot(), ADDON_FILE);
  if (!existsSync(path)) {
    throw new Error(`autocorrector: native addon missing at ${path}; build it with \`npm rebuild\` or \`npx node-gyp rebuild\``);
  }
  const loaded = createRequire(import.meta.url)(path) as Addon;
  if (loaded.RECORD_INTS !== RECORD_INTS || loaded.FLAG_HELD !== FLAG_HELD) {
    throw new Error('autocorrector: native addon is out of date with src/input/native.ts; rebuild it');
  }
  addon = loaded;
  return addon;
}

/** Input devices now (our own virtual keyboard excluded); [] when there is no /dev/input. */
export function listDevices(dir?: string): DeviceInfo[] {
  return loadAddon().listDevices(dir);
}

/** Starts the input thread. Throws if already running or on bad options. */
export function start(opts: StartOptions): void {
  loadAddon().start(opts);
}

/**
 * Grab mode: the answer for a held key (a record with FLAG_HELD). The
 * injection is typed first, then the held key, then what queued behind it.
 * Returns false when the answer is too late (the key already went out).
 * `drop`: the held key itself (and its repeats and release) is swallowed.
 */
export function resolve(seq: number, injection: Injection = [], drop = false): boolean {
  return loadAddon().resolve(seq, injection, drop);
}

/**
 * Snoop mode: types the injection only if no key press or repeat has been
 * read since the event `afterSeq` (decided on the input thread after
 * draining the kernel's queues). Returns whether it was typed.
 */
export function injectIfIdle(injection: Injection, afterSeq: number): boolean {
  return loadAddon().injectIfIdle(injection, afterSeq);
}

export function setHoldKeys(codes: readonly number[]): void {
  loadAddon().setHoldKeys(codes);
}

export function setChordKeys(codes: readonly number[]): void {
  loadAddon().setChordKeys(codes);
}

/** Ungrabs everything, releases keys the virtual keyboard holds down, joins the thread. Idempotent. */
export function stop(): void {
  if (addon) addon.stop();
}

export function isRunning(): boolean {
  return addon ? addon.isRunning() : false;
}

/** One record of a batch as an object (for tests and logs; the hot path indexes the array). */
export interface InputRecord {
  seq: number;
  device: number;
  type: number;
  code: number;
  value: number;
  timeMs: number;
  held: boolean;
}

export function recordAt(batch: Int32Array, i: number): InputRecord {
  const at = i * RECORD_INTS;
  return {
    seq: batch[at + REC_SEQ],
    device: batch[at + REC_DEVICE],
    type: batch[at + REC_TYPE],
    code: batch[at + REC_CODE],
    value: batch[at + REC_VALUE],
    timeMs: batch[at + REC_TIME_MS],
    held: (batch[at + REC_FLAGS] & FLAG_HELD) !== 0,
  };
}

export function recordCount(batch: Int32Array): number {
  return batch.length / RECORD_INTS;
}
