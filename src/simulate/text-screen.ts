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
  /** The last SCROLLBACK characters at least: a long run (the memory bench's million keys) must not grow without bound. */
  static readonly SCROLLBACK = 1 << 16;
  /** The text, a character a slot; only the first `used` slots count. */
  private readonly chars: string[] = [];
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
    return this.chars.slice(0, this.used).join('');
  }

  /** Text that arrived without a key (a character the keymap cannot type). */
  insert(ch: string): void {
    this.push(ch);
  }

  private push(ch: string): void {
    // In place, and the array never shrinks: a splice() would allocate an array
    // of what it drops, and growing back a fresh backing store (on a million keys
    // of the memory bench, megabytes of garbage the daemon itself never makes).
    if (this.used >= 2 * TextScreen.SCROLLBACK) {
      this.chars.copyWithin(0, this.used - TextScreen.SCROLLBACK, this.used);
      this.used = TextScreen.SCROLLBACK;
    }
    this.chars[this.used++] = ch;
  }

  key(code: number, value: number): void {
    const role = this.state.key(code, value);
    if (value === 0) return;
    if (role === Role.Backspace) {
      if (this.used > 0) this.used--;
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
