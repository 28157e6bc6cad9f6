// The one loop that drives the engine from a keyboard port: grab mode, snoop
// mode, `try`, `eval` and the engine tests all run it. Each record goes to
// the engine in order; an edit becomes key events and goes out through the
// port, before the held key (grab) or after the key that caused it (snoop).
import type { Engine } from '../engine/engine.js';
import type { Edit } from '../engine/types.js';
import { EV_KEY, EV_SYN, SYN_REPORT, isPointerButton } from '../keymap/keycodes.js';
import { ChordMatcher, type ChordKeys } from '../tracker/chord.js';
import { editAfterKey } from '../inject/after-key.js';
import { feedKey } from '../inject/edit-events.js';
import { editKeystrokes } from '../inject/keystrokes.js';
import { FLAG_HELD, RECORD_INTS, REC_CODE, REC_DEVICE, REC_FLAGS, REC_SEQ, REC_TIME_MS, REC_TYPE, REC_VALUE, type DeviceEvent } from '../input/records.js';
import type { KeyboardPort } from './keyboard-port.js';

export interface DriveOptions {
  /** grab: held keys wait for the edit; snoop: the edit follows the key, or is dropped. */
  mode: 'grab' | 'snoop';
  /** The chord that toggles corrections; in grab mode it never reaches applications. */
  toggleChord?: ChordKeys;
  /** An edit reached the screen. */
  applied?(edit: Edit): void;
  /** An edit was dropped (snoop: typed on meanwhile or a modifier held; grab: answered too late). */
  dropped?(edit: Edit): void;
  /** The toggle chord was pressed. */
  toggle?(): void;
}

const LED_CAPSL = 1 << 1;
/** A held key's answer when there is no edit (one array for every key, not one each). */
const NO_EVENTS: readonly number[] = [];

export class DriveLoop {
  private readonly keysDown = new KeysDown();
  private readonly chord: ChordMatcher | null;
  private readonly ev = { code: 0, value: 0 as 0 | 1 | 2, timeMs: 0 };

  constructor(
    private readonly engine: Engine,
    private readonly port: KeyboardPort,
    private readonly opts: DriveOptions,
  ) {
    this.chord = opts.toggleChord ? new ChordMatcher(opts.toggleChord) : null;
  }

  /** A batch of records from the port, in the order they were read. */
  readonly events = (batch: Int32Array): void => {
    const grab = this.opts.mode === 'grab';
    for (let at = 0; at < batch.length; at += RECORD_INTS) {
      if (batch[at + REC_TYPE] !== EV_KEY) continue;
      const code = batch[at + REC_CODE];
      const value = batch[at + REC_VALUE];
      if (isPointerButton(code)) {
        if (value === 1) this.engine.pointer();
        continue;
      }
      const ev = this.ev;
      ev.code = code;
      ev.value = value as 0 | 1 | 2;
      ev.timeMs = batch[at + REC_TIME_MS];
      if (grab) this.grabKey(batch, at);
      else this.snoopKey(batch, at);
    }
  };

  /** A character reached the screen without a key the engine could decode. */
  readonly opaque = (ch: string): void => this.engine.opaque(ch);

  /** Keys went by that were never delivered (see early-keys.ts). */
  readonly unseen = (): void => this.engine.unseen();

  /**
   * A device changed. Keys may have gone by unseen (JS stalled, a keyboard
   * vanished) or a keyboard was just grabbed, which the addon does only when
   * none of its keys is down: forget the word, and release in the tracker the
   * modifiers that device held (none known after an ungrab), unless another
   * keyboard still holds them. Caps Lock may have been toggled while nobody
   * read: the LEDs at a grab say where it is.
   */
  readonly device = (ev: DeviceEvent): void => {
    if (ev.kind !== 'ungrabbed' && ev.kind !== 'grabbed' && ev.kind !== 'removed') return;
    const engine = this.engine;
    engine.pointer();
    if (ev.kind !== 'ungrabbed') {
      const was = this.keysDown.clear(ev.index);
      for (const code of [...engine.tracker.heldModifiers()]) {
        if (was.has(code) && !this.keysDown.isDown(code)) engine.key({ code, value: 0, timeMs: 0 });
      }
    }
    if (ev.kind === 'grabbed' && ev.leds !== undefined && ev.leds >= 0) engine.setCapsLock((ev.leds & LED_CAPSL) !== 0);
  };

  /** Grab mode: every held key gets its answer, the edit's key events or nothing. */
  private grabKey(batch: Int32Array, at: number): void {
    const { engine, port, ev } = this;
    const held = (batch[at + REC_FLAGS] & FLAG_HELD) !== 0;
    const seq = batch[at + REC_SEQ];
    if (this.chord !== null && this.chord.key(ev.code, ev.value)) {
      // The toggle chord: its key is swallowed (press, repeats, release) when the port held it.
      if (held) port.resolve(seq, [], true);
      engine.forget();
      this.opts.toggle?.();
      return;
    }
    const out = feedKey(engine, ev);
    // Records come in the order they are forwarded: keysDown is the virtual keyboard's
    // state just before this key, i.e. where an injection for it would go.
    const events = out === null ? NO_EVENTS : releaseHeldFirst(out.events, this.keysDown, engine.tracker.heldModifiers());
    this.keysDown.key(batch[at + REC_DEVICE], ev.code, ev.value);
    // A late answer (past the hold timeout) is dropped: the key went out as typed.
    const inTime = held ? port.resolve(seq, events) : true;
    if (out === null) return;
    if (held && inTime) this.opts.applied?.(out.edit);
    else this.drop(out.edit);
  }

  /** Snoop mode: the key already went out; the edit follows it, or is dropped if anything else was typed. */
  private snoopKey(batch: Int32Array, at: number): void {
    const { engine, ev } = this;
    this.keysDown.key(batch[at + REC_DEVICE], ev.code, ev.value); // (the physical keyboard's state)
    // The chord toggles here too, but applications also see it.
    if (this.chord !== null && this.chord.key(ev.code, ev.value)) {
      engine.forget();
      this.opts.toggle?.();
      return;
    }
    const edit = engine.key(ev);
    if (edit === null) return;
    const tracker = engine.tracker;
    // A held modifier would turn the injection into shortcuts: drop it.
    const after = tracker.heldModifiers().length === 0 ? editAfterKey(edit, edit.kind === 'undo' ? '' : tracker.lastChar) : null;
    const events = after && editKeystrokes(after, engine.keymap, tracker.capsLock, [], tracker.group);
    if (events !== null && this.port.injectIfIdle(events, batch[at + REC_SEQ])) this.opts.applied?.(edit);
    else this.drop(edit);
  }

  private drop(edit: Edit): void {
    this.engine.dropped(edit);
    this.opts.dropped?.(edit);
  }
}

/** Key codes run up to KEY_MAX (0x2ff, linux/input-event-codes.h). */
const KEY_CNT = 0x300;

/**
 * Keys down per device index, as the loop saw them: a flag per key code, so
 * a key's press and release change a byte and allocate nothing (a Set's
 * delete leaves a hole that a later add pays for with a new table).
 */
class KeysDown {
  private readonly byDevice = new Map<number, Uint8Array>();

  key(dev: number, code: number, value: number): void {
    if (value === 2 || code < 0 || code >= KEY_CNT) return;
    let down = this.byDevice.get(dev);
    if (!down) this.byDevice.set(dev, (down = new Uint8Array(KEY_CNT)));
    down[code] = value === 1 ? 1 : 0;
  }

  /** Forgets what `dev` holds, and returns it. */
  clear(dev: number): Set<number> {
    const was = new Set<number>();
    const down = this.byDevice.get(dev);
    if (down) for (let code = 0; code < KEY_CNT; code++) if (down[code] !== 0) was.add(code);
    this.byDevice.delete(dev);
    return was;
  }

  isDown(code: number): boolean {
    for (const down of this.byDevice.values()) if (down[code] === 1) return true;
    return false;
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
