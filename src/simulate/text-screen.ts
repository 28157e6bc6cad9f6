import { EV_KEY } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import { MOD, Role } from '../keymap/key-roles.js';
import { KeyboardState } from '../tracker/key-state.js';
import type { EventTriples } from '../inject/keystrokes.js';
import { composeDead } from '../keymap/dead.js';

/**
 * A stand-in application: receives key events (typed and injected alike) and
 * keeps the text they produce, as a text field or the VT would. It is the
 * injector backend of `try` and of the engine tests.
 */
export class TextScreen {
  /** The last SCROLLBACK UTF-16 units at least: a long run (the memory bench's million keys) must not grow without bound. */
  static readonly SCROLLBACK = 1 << 16;
  /**
   * The text as UTF-16 units, the first `used` of them: no string per
   * character in the JS heap (on the memory bench's million keys, the
   * stand-in application's text was most of the garbage the daemon itself
   * never makes). Doubles as needed up to 2 x SCROLLBACK, never shrinks.
   */
  private units = new Uint16Array(256);
  private used = 0;
  /** Its own keyboard state, as an application's xkb state is its own. */
  private readonly state: KeyboardState;
  private dead: string | null = null;
  /** Key presses that arrived as shortcuts (with Ctrl, Alt or Super): what an application would act on. */
  shortcuts = 0;

  constructor(private readonly keymap: Keymap) {
    this.state = new KeyboardState(keymap);
  }

  get text(): string {
    let out = '';
    for (let at = 0; at < this.used; at += 4096) {
      out += String.fromCharCode(...this.units.subarray(at, Math.min(this.used, at + 4096)));
    }
    return out;
  }

  /** Text that arrived without a key (a character the keymap cannot type). */
  insert(ch: string): void {
    this.push(ch);
  }

  private push(ch: string): void {
    if (this.used + ch.length > this.units.length) {
      if (this.units.length < 2 * TextScreen.SCROLLBACK) {
        const grown = new Uint16Array(Math.min(2 * this.units.length, 2 * TextScreen.SCROLLBACK));
        grown.set(this.units.subarray(0, this.used));
        this.units = grown;
      } else {
        // Keep the last SCROLLBACK units, not starting inside a surrogate pair.
        let from = this.used - TextScreen.SCROLLBACK;
        if (isLowSurrogate(this.units[from])) from--;
        this.units.copyWithin(0, from, this.used);
        this.used -= from;
      }
    }
    for (let i = 0; i < ch.length; i++) this.units[this.used++] = ch.charCodeAt(i);
  }

  /** Backspace: the last character goes (both halves of a surrogate pair). */
  private pop(): void {
    if (this.used === 0) return;
    this.used--;
    if (this.used > 0 && isLowSurrogate(this.units[this.used]) && isHighSurrogate(this.units[this.used - 1])) this.used--;
  }

  key(code: number, value: number): void {
    const role = this.state.key(code, value);
    if (value === 0) return;
    if (role === Role.Backspace) {
      this.pop();
      return;
    }
    if (role !== Role.None) return;
    // Chords with Ctrl/Alt/Super are shortcuts, not text (AltGr is a level, not Alt).
    if ((this.state.mods & (MOD.CONTROL | MOD.ALT | MOD.SUPER)) !== 0) {
      this.shortcuts++;
      return;
    }
    const levels = this.state.levels;
    const deadMark = this.keymap.deadKey?.(code, levels) ?? null;
    if (deadMark !== null) {
      this.dead = deadMark;
      return;
    }
    const ch = this.keymap.decode(code, levels);
    if (ch === null) return;
    const mark = this.dead;
    this.dead = null;
    if (mark !== null) {
      const composed = composeDead(mark, ch);
      if (composed.kind === 'char') {
        this.push(composed.ch);
        return;
      }
      // Like the Linux VT: no composition shows the accent, then the character.
      const accent = composeDead(mark, ' ');
      if (accent.kind === 'char') this.push(accent.ch);
    }
    this.push(ch);
  }

  apply(events: EventTriples): void {
    for (let i = 0; i + 2 < events.length; i += 3) {
      if (events[i] === EV_KEY) this.key(events[i + 1], events[i + 2]);
    }
  }
}

const isHighSurrogate = (u: number): boolean => u >= 0xd800 && u <= 0xdbff;
const isLowSurrogate = (u: number): boolean => u >= 0xdc00 && u <= 0xdfff;
