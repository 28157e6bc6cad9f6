// `autocorrector run`: the imperative shell around the engine. The engine
// comes from the factory `try` uses too, keys come through a keyboard port
// (the native addon + uinput keyboard, or the simulated one for tests), and
// the one drive loop joins them.
import { setPriority } from 'node:os';
// The engine's modules are imported after the grab (see startDaemon).
import type { BuiltEngine } from '../engine-factory.js';
import type { Settings } from '../config/settings.js';
import type { DriveLoop } from '../drive/drive-loop.js';
import { EarlyKeys } from '../drive/early-keys.js';
import type { KeyboardPort } from '../drive/keyboard-port.js';
import { UinputError } from '../inject/uinput.js';
import { NativeKeyboardPort } from '../input/native-port.js';
import { FLAG_HELD, RECORD_INTS, REC_CODE, REC_FLAGS, REC_SEQ, REC_TIME_MS, REC_VALUE, type DeviceEvent, type DeviceInfo } from '../input/records.js';
import type { Edit } from '../engine/types.js';
import { sinceMs } from './clock.js';
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
  /** Makes the keyboard side (before the engine is built); default the native one (addon + uinput keyboard). */
  port?: () => KeyboardPort;
  /** Told of every edit that reached the screen and every device change (control plane, stats). */
  hooks?: { applied?(edit: Edit): void; device?(ev: DeviceEvent): void; toggle?(): void };
  /** config.toml's settings (toggle hotkey, idle reset, correction, layout): the engine is built from them. */
  settings: Settings;
}

const LED_CAPSL = 1 << 1;

export class DaemonError extends Error {}

export interface Daemon {
  stop(): void;
  /** The engine sees every key read so far (they wait in batches): call before acting on what was typed. */
  drain(): void;
  /**
   * Corrections begin: word ends are held for the engine's answer from now on. Until
   * then every key goes out as typed; the caller arms once its own start-up work is
   * done, since a held key waits only holdTimeoutMs for a JS thread that is busy.
   */
  arm(): void;
  readonly done: Promise<number>;
  readonly built: BuiltEngine;
  /** The devices found at start. */
  readonly devices: DeviceInfo[];
  /**
   * Another session is in front (logind): let go of every keyboard and read
   * nothing; resume() grabs them again. Both idempotent.
   */
  suspend(letGo?: () => void): void;
  resume(): void;
}

export async function startDaemon(opts: DaemonOptions): Promise<Daemon> {
  const log = opts.log;
  // Grab first, load after (issue 17: ready fast): until the engine is there every key
  // goes out as typed (nothing is held back) and what was read waits in `early`.
  const port = opts.port ? opts.port() : new NativeKeyboardPort();
  // (Only the native port's record times are the kernel's clock.)
  const lag = opts.verbose && !opts.port ? new LagReport(log) : null;
  let devices: DeviceInfo[];
  try {
    devices = port.listDevices();
  } catch (err) {
    throw new DaemonError((err as Error).message);
  }
  const wanted = (d: DeviceInfo) =>
    !opts.devices || opts.devices.some((w) => w === d.path || w === d.name);
  const keyboards = devices.filter((d) => d.isKeyboard && wanted(d));
  const unreadable = explainUnreadable(devices.filter(wanted));
  if (unreadable && keyboards.every((d) => d.error)) throw new DaemonError(unreadable);
  if (unreadable) log(unreadable);

  const early = new EarlyKeys();
  let loop: DriveLoop | null = null;
  let finish!: (code: number) => void;
  const done = new Promise<number>((r) => { finish = r; });
  let stopped = false;
  const stop = (code = 0): void => {
    if (stopped) return;
    stopped = true;
    port.stop(); // ungrabs every keyboard and releases keys the virtual keyboard holds
    finish(code);
  };

  const portOpts = {
    mode: opts.mode,
    holdKeys: [] as number[],
    chordKeys: [] as number[],
    devices: opts.devices,
    onEvents: (batch: Int32Array) => {
      lag?.batch(batch);
      if (loop) loop.events(batch);
      else early.events(batch);
    },
    onOpaque: (ch: string) => (loop ? loop.opaque(ch) : early.opaque(ch)),
    onDevice: (ev: DeviceEvent) => {
      opts.hooks?.device?.(ev);
      if (loop) loop.device(ev);
      else early.device(ev);
      if (ev.kind === 'error' || ev.kind === 'skipped') log(`device ${ev.path} (${ev.name}): ${ev.message ?? ev.error ?? ev.kind}`);
      else if (opts.verbose || ev.kind === 'ungrabbed') {
        log(`device ${ev.kind}: ${ev.name} (${ev.path})${ev.message ? ` — ${ev.message}` : ''}`);
      }
    },
    onPanic: () => {
      log('panic chord (Backspace+Escape+Enter): keyboards released, exiting');
      stop(0);
    },
  };
  const startPort = (): void => {
    try {
      port.start(portOpts);
    } catch (err) {
      if (err instanceof UinputError) throw new DaemonError(err.hint);
      throw new DaemonError(`cannot start reading input: ${(err as Error).message}`);
    }
  };
  startPort();
  const names = keyboards.filter((d) => !d.error).map((d) => d.name);
  const found = names.length === 0 ? 'no keyboard yet (waiting for one)' : `${names.length} keyboard(s): ${names.join(', ')}`;
  // From process start (performance.now()'s origin): Node's start-up and module loading count too.
  const tEngine = performance.now();
  log(`${found}; mode ${opts.mode}; at ${Math.round(tEngine)} ms, engine loading`);

  // Notices waiting meanwhile are taken between load steps (the addon lets the keyboards
  // go when JS leaves them unanswered for its stall bound).
  const [{ buildEngine, problemsOf }, { DriveLoop: Loop }, { warmUp }, { describeLanguages }] = await Promise.all([
    import('../engine-factory.js'), import('../drive/drive-loop.js'), import('../drive/warm-up.js'), import('../config/languages.js'),
  ]);
  let built: BuiltEngine;
  try {
    built = await buildEngine({ configDir: opts.configDir, settings: opts.settings, learn: opts.settings.learn, log, yieldBetweenSteps: true });
  } catch (err) {
    stop(1);
    throw err;
  }
  for (const p of problemsOf(built)) log(p);
  // config.toml's layout, else the system's; the US table only when libxkbcommon is missing.
  if (built.layout.warning) log(built.layout.warning);
  else if (opts.verbose) log(`keyboard layout: ${built.layout.layout} (from ${built.layout.source})`);
  // config.toml's languages, else the session's locale.
  if (opts.verbose) log(`languages: ${describeLanguages(built.languages)}`);
  const { engine } = built;
  // Before any key is held for it: the first typo after this must not meet a cold engine.
  const tw = performance.now();
  warmUp(engine);
  if (opts.verbose) log(`engine warmed up in ${Math.round(performance.now() - tw)} ms`);

  // Caps Lock state at start comes from the keyboards' LEDs; later the tracker follows the key.
  engine.setCapsLock(keyboards.some((d) => d.leds > 0 && (d.leds & LED_CAPSL) !== 0));
  const toggleChord = opts.settings.toggleHotkey;
  const holdKeys = engine.editKeyCodes();
  const chordKeys = toggleChord ? [toggleChord.key] : [];
  const newLoop = () => new Loop(engine, port, {
    mode: opts.mode,
    toggleChord,
    applied: (edit) => report(edit, opts),
    dropped: (edit) => {
      if (!opts.verbose || replaying) return; // (typed while loading: nothing was held for it)
      if (opts.mode === 'snoop') log(`${edit.kind} dropped: other keys were typed meanwhile`);
      else log(`${edit.kind} dropped: its key went out as typed (the answer came too late, or would have left a key down)`);
    },
    toggle: () => opts.hooks?.toggle?.(),
  });
  // What was typed while loading goes through the engine now; keys are held for it once armed.
  port.drain();
  loop = newLoop();
  let replaying = true;
  early.replay(loop);
  replaying = false;
  let armed = false;
  const arm = (): void => {
    if (armed || stopped) return;
    armed = true;
    lag?.holding(port, new Set(holdKeys));
    portOpts.holdKeys = holdKeys;
    portOpts.chordKeys = chordKeys;
    port.setKeys(holdKeys, chordKeys);
    log(`ready in ${Math.round(performance.now())} ms (engine ${Math.round(performance.now() - tEngine)} ms); keyboards taken at ${Math.round(tEngine)} ms`);
  };

  let suspended = false;
  /** `letGo`: told once the keyboards are free, before the virtual keyboard is taken down. */
  const suspend = (letGo?: () => void): void => {
    if (stopped || suspended) return;
    suspended = true;
    port.drain(); // what was typed in this session is decided here, not after it comes back
    port.release?.();
    letGo?.();
    port.stop(); // (ungrabs every keyboard and releases keys the virtual keyboard holds)
    engine.forget();
  };
  const resume = (): void => {
    if (stopped || !suspended) return;
    suspended = false;
    // A fresh loop: what it knew of held keys is stale.
    loop = newLoop();
    try {
      startPort();
    } catch (err) {
      log(`cannot take the keyboards back: ${(err as Error).message}`);
      stop(1);
    }
  };

  if (!opts.port) {
    // Off by default: a reniced JS thread lets the native forwarder win a shared CPU
    // (bench:kernel: p99 2.65x the floor instead of 8x), but on a busy desktop it starves
    // the engine so held word-enders wait out their 250 ms and go uncorrected (seen in the
    // kernel tests under load). AUTOCORRECTOR_JS_NICE=N renices only this (JS) thread: on
    // Linux setpriority(PRIO_PROCESS, 0) applies to the calling thread.
    const nice = Number(process.env.AUTOCORRECTOR_JS_NICE ?? 0);
    if (nice !== 0) try { setPriority(0, nice); } catch { /* not allowed: no matter */ }
  }

  if (opts.testHooks) {
    // Lets kernel tests prove the native side copes with a stuck JS thread.
    process.on('SIGUSR2', () => {
      const until = Date.now() + 4000; // past the addon's stallMs (1.5 s) with room for a slow emulator
      while (Date.now() < until) { /* busy: the event loop is blocked on purpose */ }
    });
  }
  return { stop: () => stop(0), drain: () => port.drain(), arm, done, built, devices, suspend, resume };
}

/**
 * Verbose: says when keys reached the engine late (a busy machine, a GC
 * pause), since held keys wait only holdTimeoutMs for their answer and a
 * longer silence makes the addon let the keyboards go; and how old a held
 * key was when its answer was not taken (late, or refused in time).
 */
class LagReport {
  private readonly heldAt = new Map<number, number>();
  private urgent: ReadonlySet<number> = new Set();

  constructor(private readonly log: (line: string) => void) {}

  /** From when the engine is there: `urgent` keys are held for it. */
  holding(port: KeyboardPort, urgent: ReadonlySet<number>): void {
    this.urgent = urgent;
    const resolve = port.resolve.bind(port);
    port.resolve = (seq, injection, drop) => {
      const ok = resolve(seq, injection, drop);
      const at = this.heldAt.get(seq);
      this.heldAt.delete(seq);
      if (!ok && at !== undefined) this.log(`a held key's answer was not taken, ${sinceMs(at)} ms after the key`);
      return ok;
    };
  }

  batch(batch: Int32Array): void {
    if (batch.length === 0) return;
    // Other keys wait in a batch on purpose; a batch ending with a word end was sent at that key.
    const last = batch.length - RECORD_INTS;
    const lag = sinceMs(batch[last + REC_TIME_MS]);
    const urgent = batch[last + REC_VALUE] !== 0 && this.urgent.has(batch[last + REC_CODE]);
    if (urgent && lag >= LAG_REPORT_MS) this.log(`keys reached the engine ${lag} ms after they were typed`);
    for (let at = 0; at < batch.length; at += RECORD_INTS) {
      if (batch[at + REC_FLAGS] & FLAG_HELD) this.heldAt.set(batch[at + REC_SEQ], batch[at + REC_TIME_MS]);
    }
  }
}

const LAG_REPORT_MS = 200;

function report(edit: Edit, opts: DaemonOptions): void {
  opts.hooks?.applied?.(edit);
  if (opts.debugKeys) opts.log(`[debug-keys] ${edit.kind}: ${edit.typed} -> ${edit.fix} (${edit.source})`);
  else if (opts.verbose) opts.log(`${edit.kind} (${edit.source} list)`);
}
