// Typed wrapper of the native input addon (native/*.cc: a local node-gyp
// build or the package's prebuilt binary, found by load-addon.ts). Shell
// module: the pure core never imports it.
//
// The addon reads every keyboard and pointer on its own thread and, in grab
// mode, forwards grabbed keyboards to the virtual keyboard natively. Word
// ending keys ("hold keys") are held back until `resolve` answers, so a
// correction is typed before the key that ended the word; an answer that
// comes later than holdTimeoutMs is dropped and the key goes out as typed.
import { AddonLoadError, requireAddon, type AddonLocation } from './load-addon.js';

export * from './records.js';
export type { AddonLocation } from './load-addon.js';
import { FLAG_HELD, RECORD_INTS, REC_CODE, REC_DEVICE, REC_FLAGS, REC_SEQ, REC_TIME_MS, REC_TYPE, REC_VALUE, type DeviceInfo, type Injection, type StartOptions } from './records.js';

interface Addon {
  listDevices(dir?: string): DeviceInfo[];
  start(opts: StartOptions): void;
  resolve(seq: number, injection: Injection, drop?: boolean): boolean;
  injectIfIdle(injection: Injection, afterSeq: number): boolean;
  setHoldKeys(codes: readonly number[]): void;
  setChordKeys(codes: readonly number[]): void;
  drain(): void;
  stop(): void;
  isRunning(): boolean;
  RECORD_INTS: number;
  FLAG_HELD: number;
}

let addon: Addon | undefined;
let location: AddonLocation | undefined;

/** Loads the addon once (see load-addon.ts for where from); throws with a build hint when it cannot. */
export function loadAddon(): Addon {
  if (addon) return addon;
  const found = requireAddon();
  const loaded = found.exports as Addon;
  if (loaded.RECORD_INTS !== RECORD_INTS || loaded.FLAG_HELD !== FLAG_HELD) {
    throw new AddonLoadError(`native addon ${found.location.path} (${found.location.kind}) is out of date with src/input/native.ts`, 'rebuild it with `npx node-gyp rebuild` (a clone) or reinstall autocorrector');
  }
  addon = loaded;
  location = found.location;
  return addon;
}

/** Where the loaded addon came from (loads it first). */
export function addonLocation(): AddonLocation {
  loadAddon();
  return location!;
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

/**
 * Hands onEvents (and onDevice) everything the input thread has for JS,
 * now, on this thread, in order: records wait in batches until a key JS
 * must decide, so call this before acting on what was typed (a focus
 * change, `disable`). Inside one of those callbacks it does nothing: what
 * waits comes after the notice being handled.
 */
export function drain(): void {
  if (addon) addon.drain();
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
