// `autocorrector run`: the imperative shell around the engine. Devices come
// from the native addon, key events go through the same engine `try` uses,
// and edits go out through the uinput virtual keyboard.
import { setPriority } from 'node:os';
import { EV_KEY, EV_SYN, SYN_REPORT, isPointerButton } from '../keymap/keycodes.js';
import { setupEngine, type EngineSetup } from '../engine-setup.js';
import type { Keymap } from '../keymap/keymap.js';
import { feedKey } from '../inject/edit-events.js';
import { editAfterKey } from '../inject/after-key.js';
import { editKeystrokes } from '../inject/keystrokes.js';
import { UinputError, UinputKeyboard } from '../inject/uinput.js';
import * as input from '../input/native.js';
import type { InputSource } from '../input/fake-source.js';
import type { Edit } from '../engine/types.js';
import { ChordMatcher, type ChordKeys } from '../tracker/chord.js';
import { explainUnreadable } from './explain.js';

export interface DaemonOptions {
  mode: 'grab' | 'snoop';
  configDir?: string;
  devices?: string[];
  verbose: boolean;
  /** Print typed words and fixes to the terminal (never to a log or file). */
  debugKeys: boolean;
  /** Test-only hooks (SIGUSR2 blocks the JS thread for 2 s). */
  testHooks: boolean;
  log: (line: string) => void;
  /** A stand-in for the addon (tests without /dev/input); no virtual keyboard is made then. */
  input?: InputSource;
  /** Told of every edit that reached the screen and every device change (control plane, stats). */
  hooks?: { applied?(edit: Edit): void; device?(ev: input.DeviceEvent): void; toggle?(): void };
  /** The chord that toggles corrections; in grab mode it never reaches applications. */
  toggleChord?: ChordKeys;
  /** Forget the word after this long without a key press. */
  idleResetMs?: number;
  /** The keyboard layout (default: the built-in US table). */
  keymap?: Keymap;
  /** config.toml `correction`: lists only, or also the dictionary fallback. */
  correction?: 'list' | 'dictionary';
}

const LED_CAPSL = 1 << 1;

export class DaemonError extends Error {}

export interface Daemon {
  stop(): void;
  readonly done: Promise<number>;
  readonly setup: EngineSetup;
  /** The devices found at start. */
  readonly devices: input.DeviceInfo[];
}

export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const t0 = performance.now();
  const log = opts.log;
  const setup = await setupEngine({ keymap: opts.keymap, configDir: opts.configDir, idleResetMs: opts.idleResetMs, correction: opts.correction });
  for (const p of setup.problems) log(p);
  const { engine } = setup;

  const src = opts.input ?? input;
  let devices: input.DeviceInfo[];
  try {
    devices = src.listDevices();
  } catch (err) {
    throw new DaemonError((err as Error).message);
  }
  const wanted = (d: input.DeviceInfo) =>
    !opts.devices || opts.devices.some((w) => w === d.path || w === d.name);
  const keyboards = devices.filter((d) => d.isKeyboard && wanted(d));
  const unreadable = explainUnreadable(devices.filter(wanted));
  if (unreadable && keyboards.every((d) => d.error)) throw new DaemonError(unreadable);
  if (unreadable) log(unreadable);

  let vkbd: UinputKeyboard | null = null;
  try {
    if (!opts.input) vkbd = UinputKeyboard.create();
  } catch (err) {
    if (err instanceof UinputError) throw new DaemonError(err.hint);
    throw err;
  }
  // Caps Lock state at start comes from the keyboards' LEDs; later the tracker follows the key.
  engine.tracker.capsLock = keyboards.some((d) => d.leds > 0 && (d.leds & LED_CAPSL) !== 0);

  const keysDown = new KeysDown();
  const onEvents = opts.mode === 'grab' ? grabHandler(setup, keysDown, opts) : snoopHandler(setup, keysDown, vkbd, opts);
  let finish!: (code: number) => void;
  const done = new Promise<number>((r) => { finish = r; });
  let stopped = false;
  const stop = (code = 0): void => {
    if (stopped) return;
    stopped = true;
    src.stop(); // ungrabs every keyboard and releases keys the virtual keyboard holds
    vkbd?.destroy();
    finish(code);
  };

  try {
    src.start({
      mode: opts.mode,
      uinputFd: vkbd?.fd ?? -1,
      holdKeys: engine.editKeyCodes(),
      chordKeys: opts.toggleChord ? [opts.toggleChord.key] : [],
      devices: opts.devices,
      onEvents,
      onDevice: (ev) => {
        opts.hooks?.device?.(ev);
        // Keys may have gone by unseen: what the tracker believes is stale.
        if (ev.kind === 'ungrabbed' || ev.kind === 'grabbed' || ev.kind === 'removed') resync(engine, keysDown, ev.kind === 'ungrabbed' ? -1 : ev.index);
        // Caps Lock may have been toggled while we were not reading: the LEDs at grab say where it is.
        if (ev.kind === 'grabbed' && ev.leds !== undefined && ev.leds >= 0) engine.tracker.capsLock = (ev.leds & LED_CAPSL) !== 0;
        if (ev.kind === 'error' || ev.kind === 'skipped') log(`device ${ev.path} (${ev.name}): ${ev.message ?? ev.error ?? ev.kind}`);
        else if (opts.verbose || ev.kind === 'ungrabbed') {
          log(`device ${ev.kind}: ${ev.name} (${ev.path})${ev.message ? ` — ${ev.message}` : ''}`);
        }
      },
      onPanic: () => {
        log('panic chord (Backspace+Escape+Enter): keyboards released, exiting');
        stop(0);
      },
    });
  } catch (err) {
    vkbd?.destroy();
    throw new DaemonError(`cannot start reading input: ${(err as Error).message}`);
  }

  if (!opts.input) {
    // Off by default: a reniced JS thread lets the native forwarder win a shared CPU
    // (bench:kernel: p99 2.65x the floor instead of 8x), but on a busy desktop it starves
    // the engine so held word-enders wait out their 250 ms and go uncorrected (seen in the
    // kernel tests under load). AUTOCORRECTOR_JS_NICE=N renices only this (JS) thread: on
    // Linux setpriority(PRIO_PROCESS, 0) applies to the calling thread.
    const nice = Number(process.env.AUTOCORRECTOR_JS_NICE ?? 0);
    if (nice !== 0) try { setPriority(0, nice); } catch { /* not allowed: no matter */ }
  }
  const names = keyboards.filter((d) => !d.error).map((d) => d.name);
  const found = names.length === 0 ? 'no keyboard yet (waiting for one)' : `${names.length} keyboard(s): ${names.join(', ')}`;
  // From process start (performance.now()'s origin): Node's start-up and module loading count too.
  log(`ready in ${Math.round(performance.now())} ms (engine ${Math.round(performance.now() - t0)} ms) — ${found}; mode ${opts.mode}`);

  if (opts.testHooks) {
    // Lets kernel tests prove the native side copes with a stuck JS thread.
    process.on('SIGUSR2', () => {
      const until = Date.now() + 2000;
      while (Date.now() < until) { /* busy: the event loop is blocked on purpose */ }
    });
  }
  return { stop: () => stop(0), done, setup, devices };
}

/** Keys down per device index, as JS saw them. */
class KeysDown {
  private readonly byDevice = new Map<number, Set<number>>();

  key(dev: number, code: number, value: number): void {
    if (value === 2) return;
    let down = this.byDevice.get(dev);
    if (!down) this.byDevice.set(dev, (down = new Set()));
    if (value === 1) down.add(code);
    else down.delete(code);
  }

  /** Forgets what `dev` holds, and returns it. */
  clear(dev: number): Set<number> {
    const was = this.byDevice.get(dev) ?? new Set<number>();
    this.byDevice.delete(dev);
    return was;
  }

  isDown(code: number): boolean {
    for (const down of this.byDevice.values()) if (down.has(code)) return true;
    return false;
  }
}

/**
 * Keys went by unseen (JS stalled, a keyboard vanished) or a keyboard was just
 * grabbed, which the addon does only when none of its keys is down: forget the
 * word, and release in the tracker the modifiers that device (dev -1: none
 * known yet) held, unless another keyboard still holds them.
 */
function resync(engine: EngineSetup['engine'], keysDown: KeysDown, dev: number): void {
  engine.pointer();
  if (dev < 0) return;
  const was = keysDown.clear(dev);
  for (const code of [...engine.tracker.heldModifiers()]) {
    if (was.has(code) && !keysDown.isDown(code)) engine.key({ code, value: 0, timeMs: 0 });
  }
}

/**
 * With rollover the word's last letter is often still down when the key that
 * ends it goes down (its release is queued behind the held key). The kernel
 * drops a press of a key that is already down, so the fix would lose that
 * letter ("teh" -> "te"): release such keys first. Not pressed again after,
 * which would type them twice; the user's own release then changes nothing.
 * Held modifiers are left to editKeystrokes, which restores them.
 */
function releaseHeldFirst(events: number[], keysDown: KeysDown, modifiers: readonly number[]): number[] {
  const release: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i + 2 < events.length; i += 3) {
    const code = events[i + 1];
    if (events[i] !== EV_KEY || events[i + 2] !== 1 || seen.has(code)) continue;
    seen.add(code);
    if (keysDown.isDown(code) && !modifiers.includes(code)) release.push(EV_KEY, code, 0, EV_SYN, SYN_REPORT, 0);
  }
  return release.length === 0 ? events : [...release, ...events];
}

/** Grab mode: every held key gets its answer, the edit's key events or nothing. */
function grabHandler(setup: EngineSetup, keysDown: KeysDown, opts: DaemonOptions) {
  const { engine } = setup;
  const chord = opts.toggleChord ? new ChordMatcher(opts.toggleChord) : null;
  const ev = { code: 0, value: 0 as 0 | 1 | 2, timeMs: 0 };
  return (batch: Int32Array): void => {
    for (let at = 0; at < batch.length; at += input.RECORD_INTS) {
      const code = batch[at + input.REC_CODE];
      const value = batch[at + input.REC_VALUE];
      const held = (batch[at + input.REC_FLAGS] & input.FLAG_HELD) !== 0;
      if (batch[at + input.REC_TYPE] !== EV_KEY) continue;
      if (isPointerButton(code)) {
        if (value === 1) engine.pointer();
        continue;
      }
      if (chord !== null && chord.key(code, value)) {
        // The toggle chord: its key is swallowed (press, repeats, release) when the addon held it.
        if (held) (opts.input ?? input).resolve(batch[at + input.REC_SEQ], [], true);
        engine.forget();
        opts.hooks?.toggle?.();
        continue;
      }
      ev.code = code;
      ev.value = value as 0 | 1 | 2;
      ev.timeMs = batch[at + input.REC_TIME_MS];
      const out = feedKey(engine, ev);
      // Records come in the order they are forwarded: keysDown is the virtual keyboard's
      // state just before this key, i.e. where an injection for it would go.
      const events = out === null ? [] : releaseHeldFirst(out.events, keysDown, engine.tracker.heldModifiers());
      keysDown.key(batch[at + input.REC_DEVICE], code, value);
      // A late answer (past the native hold timeout) is dropped: the key went out as typed.
      const inTime = held ? (opts.input ?? input).resolve(batch[at + input.REC_SEQ], events) : true;
      if (out === null) continue;
      if (held && inTime) report(out.edit, opts);
      else engine.dropped(out.edit);
    }
  };
}

/** Snoop mode: the key already went out; the edit follows it, or is dropped if anything else was typed. */
function snoopHandler(setup: EngineSetup, keysDown: KeysDown, vkbd: UinputKeyboard | null, opts: DaemonOptions) {
  const { engine } = setup;
  // In snoop mode the chord toggles too, but applications also see it.
  const chord = opts.toggleChord ? new ChordMatcher(opts.toggleChord) : null;
  void vkbd; // injection goes through the addon so "nothing typed since" is judged on its thread
  const ev = { code: 0, value: 0 as 0 | 1 | 2, timeMs: 0 };
  return (batch: Int32Array): void => {
    for (let at = 0; at < batch.length; at += input.RECORD_INTS) {
      const code = batch[at + input.REC_CODE];
      const value = batch[at + input.REC_VALUE];
      if (batch[at + input.REC_TYPE] !== EV_KEY) continue;
      if (isPointerButton(code)) {
        if (value === 1) engine.pointer();
        continue;
      }
      ev.code = code;
      ev.value = value as 0 | 1 | 2;
      ev.timeMs = batch[at + input.REC_TIME_MS];
      keysDown.key(batch[at + input.REC_DEVICE], code, value); // (the physical keyboard's state: not the virtual one's)
      if (chord !== null && chord.key(code, value)) {
        engine.forget();
        opts.hooks?.toggle?.();
        continue;
      }
      const edit = engine.key(ev);
      if (edit === null) continue;
      const tracker = engine.tracker;
      // A held modifier would turn the injection into shortcuts: drop it.
      const after = tracker.heldModifiers().length === 0 ? editAfterKey(edit, edit.kind === 'undo' ? '' : tracker.lastChar) : null;
      const events = after && editKeystrokes(after, engine.keymap, tracker.capsLock, [], tracker.group);
      const typed = events !== null && (opts.input ?? input).injectIfIdle(events, batch[at + input.REC_SEQ]);
      if (typed) {
        report(edit, opts);
      } else {
        engine.dropped(edit);
        if (opts.verbose) opts.log('correction dropped: other keys were typed meanwhile');
      }
    }
  };
}

function report(edit: Edit, opts: DaemonOptions): void {
  opts.hooks?.applied?.(edit);
  if (opts.debugKeys) opts.log(`[debug-keys] ${edit.kind}: ${edit.typed} -> ${edit.fix} (${edit.source})`);
  else if (opts.verbose) opts.log(`${edit.kind} (${edit.source} list)`);
}
