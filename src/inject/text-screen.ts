import { EV_KEY, KEY } from '../keymap/keycodes.js';
import type { Keymap, Levels } from '../keymap/keymap.js';
import type { EventTriples } from './keystrokes.js';
import { composeDead } from '../keymap/dead.js';

/**
 * A stand-in application: receives key events (typed and injected alike) and
 * keeps the text they produce, as a text field or the VT would. It is the
 * injector backend of `try` and of the engine tests.
 */
export class TextScreen {
  private chars: string[] = [];
  private readonly held = new Set<number>();
  private capsLock = false;
  private readonly levels: Levels = { shift: false, capsLock: false, altGr: false };
  private dead: string | null = null;

  constructor(private readonly keymap: Keymap) {}

  get text(): string {
    return this.chars.join('');
  }

  /** Text that arrived without a key (a character the keymap cannot type). */
  insert(ch: string): void {
    this.chars.push(ch);
  }

  key(code: number, value: number): void {
    if (value === 0) {
      this.held.delete(code);
      return;
    }
    if (value === 1) this.held.add(code);
    if (code === KEY.CAPSLOCK) {
      if (value === 1) this.capsLock = !this.capsLock;
      return;
    }
    if (code === KEY.BACKSPACE) {
      this.chars.pop();
      return;
    }
    const levelThree = this.keymap.levelThreeKeys ?? [];
    if (levelThree.includes(code)) return;
    const altGr = levelThree.some((k) => this.held.has(k));
    // Chords with Ctrl/Alt/Meta are shortcuts, not text (AltGr is a level, not Alt).
    const alt = [KEY.LEFTALT, KEY.RIGHTALT].some((k) => this.held.has(k) && !levelThree.includes(k));
    if (this.isHeld(KEY.LEFTCTRL, KEY.RIGHTCTRL) || alt || this.isHeld(KEY.LEFTMETA, KEY.RIGHTMETA)) return;
    this.levels.shift = this.isHeld(KEY.LEFTSHIFT, KEY.RIGHTSHIFT);
    this.levels.capsLock = this.capsLock;
    this.levels.altGr = altGr;
    const deadMark = this.keymap.deadKey?.(code, this.levels) ?? null;
    if (deadMark !== null) {
      this.dead = deadMark;
      return;
    }
    const ch = this.keymap.decode(code, this.levels);
    if (ch === null) return;
    const mark = this.dead;
    this.dead = null;
    if (mark !== null) {
      const composed = composeDead(mark, ch);
      if (composed.kind === 'char') {
        this.chars.push(composed.ch);
        return;
      }
      // Like the Linux VT: no composition shows the accent, then the character.
      const accent = composeDead(mark, ' ');
      if (accent.kind === 'char') this.chars.push(accent.ch);
    }
    this.chars.push(ch);
  }

  apply(events: EventTriples): void {
    for (let i = 0; i + 2 < events.length; i += 3) {
      if (events[i] === EV_KEY) this.key(events[i + 1], events[i + 2]);
    }
  }

  private isHeld(a: number, b: number): boolean {
    return this.held.has(a) || this.held.has(b);
  }
}
