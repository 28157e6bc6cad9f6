// What crosses between the keyboard side and the engine's driver: the event
// records the native addon (or a simulated keyboard) delivers, the devices it
// reports, and the options it starts with. Types and constants only: the drive
// loop and `try` import this without loading the addon.

/**
 * Events arrive as one Int32Array of fixed-size records, RECORD_INTS ints
 * each. Only EV_KEY events are reported (keys and mouse/touchpad buttons).
 * They come in batches, in order: at once after a key JS must decide (a
 * hold key, the toggle chord's key), else when 256 wait or batchMs after the
 * first of them; drain() hands over what waits.
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
  /**
   * How long a held key waits for resolve before going out as typed. Default
   * 250; up to 4 times that while JS answers, but slowly (native/README.md).
   */
  holdTimeoutMs?: number;
  /**
   * JS not taking events for this long: ungrab all until it does. Default 1500:
   * a handover makes the tracker forget the word and the last correction (an
   * undo then fails), so a busy machine's pause (GC, CPU taken by the
   * compositor) must not pass for a blocked JS; held keys wait out only
   * holdTimeoutMs meanwhile.
   */
  stallMs?: number;
  /**
   * The longest a record waits for a batch to fill before JS is woken for
   * it. Default half of stallMs, at most 1000: letters alone need no
   * answer, and a JS blocked while they are typed is still noticed within
   * this bound plus stallMs.
   */
  batchMs?: number;
  /** After the panic chord (Backspace+Escape+Enter), _exit(3) if still alive after this; 0 never. Default 1000. */
  panicExitMs?: number;
  /**
   * Pace of everything written to the virtual keyboard: whole packets, at
   * most chunkEvents (default 32) at once and chunkEvents per chunkPauseMs
   * (default 64) on average, so that a long correction never overflows a
   * reader's evdev buffer (128 events for ours; libinput then drops keys)
   * even when the reader pauses for ~190 ms (a compositor busy drawing).
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
