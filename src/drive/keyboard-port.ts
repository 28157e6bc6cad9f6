// The one seam between the engine's driver and the keyboard side, as keyd's
// vkbd.h is for its output: key events come in as batches of records, and the
// driver answers held keys, injects, or stops. Two backends implement it: the
// native one (src/input/native-port.ts: the addon + the uinput keyboard) for
// `run`, and the simulated one (src/simulate/simulated-keyboard.ts: a typist
// and a stand-in screen) for `try`, `eval` and the engine tests.
import type { DeviceInfo, Injection, StartOptions } from '../input/records.js';

export interface PortStartOptions extends Omit<StartOptions, 'uinputFd'> {
  /** A character that reached the screen without a key (simulated backend only). */
  onOpaque?(ch: string): void;
}

export interface KeyboardPort {
  /** Input devices now; [] when there are none. */
  listDevices(): DeviceInfo[];
  /** Starts delivering batches to opts.onEvents. */
  start(opts: PortStartOptions): void;
  /** From now on, the keys held back for an answer (and the toggle chord's): start() may have had none yet. */
  setKeys(holdKeys: readonly number[], chordKeys: readonly number[]): void;
  /**
   * Grab mode: the answer for a held record: `injection` goes out first, then
   * the held key (unless `drop`), then what queued behind it. False when the
   * answer came too late and the key already went out as typed.
   */
  resolve(seq: number, injection?: Injection, drop?: boolean): boolean;
  /** Snoop mode: types `injection` only if no key was pressed since record `afterSeq`. */
  injectIfIdle(injection: Injection, afterSeq: number): boolean;
  /**
   * Delivers now, in order, every record read so far (records wait in
   * batches until a key the engine must decide): before acting on what was
   * typed from outside the key path (a focus change, `disable`).
   */
  drain(): void;
  /** Lets go of every keyboard and releases every key the output holds. Idempotent. */
  stop(): void;
  /** Where it helps: the keyboards let go first, and the output taken down by the stop() after. */
  release?(): void;
}
