import { KEY, isPointerButton } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import { MOD, Role } from '../keymap/key-roles.js';
import { WORD_END_CHARS, isSpace } from './chars.js';
import { composeDead } from '../keymap/dead.js';
import { KeyboardState } from './key-state.js';

/** What one key event did to the text being tracked. */
export const Step = {
  /** Nothing the engine acts on (a release, a modifier, a harmless key). */
  None: 0,
  /** A character was added to the current word. */
  Char: 1,
  /** A character that ends the word: `tracker.token` is the token before it. */
  WordEnd: 2,
  Backspace: 3,
  /** The word was forgotten: the cursor may have moved or the text is unknown. */
  Reset: 4,
} as const;
export type Step = (typeof Step)[keyof typeof Step];

// Keys that neither type nor move the cursor (volume, media, brightness, lock
// toggles): they must not cost the user a correction.
const HARMLESS = new Set<number>([
  KEY.NUMLOCK, KEY.SCROLLLOCK,
  113, 114, 115, // mute, volume down/up
  163, 164, 165, 166, // next, play/pause, previous, stop
  224, 225, // brightness
]);

function isKeypadKey(code: number): boolean {
  return (code >= KEY.KP7 && code <= KEY.KPDOT) || code === KEY.KPASTERISK;
}

// The longest text kept; older text is dropped from the front.
const MAX_LINE = 512;

export interface TrackerOptions {
  /** Forget the word after this long without a key press (ms). */
  idleResetMs?: number;
}

/**
 * The text typed since the last reset, rebuilt from key presses and repeats
 * only: a release never types, so rollover cannot reorder letters.
 * Pure state machine: no I/O, no timers (time comes with each event).
 */
/** Text kept before a token for context (the previous word): longer words are rare. */
const CONTEXT_CHARS = 40;
const CLOSERS = '"\')]\u2019\u201d\u00bb';

export class WordTracker {
  /** The text typed since the last reset (bounded). */
  private line = '';
  /** Index in `line` where the current whitespace-delimited token starts. */
  private tokenStart = 0;
  /** True when the token's start is unknown (Backspace went past what we saw). */
  private tainted = false;
  /** Modifiers, Caps Lock and group, from the roles the layout gives each key. */
  private readonly state: KeyboardState;
  private lastPressMs = Number.NEGATIVE_INFINITY;
  private readonly idleResetMs: number;
  /** The mark of a dead key pressed last: the next key composes with it. */
  private dead: string | null = null;

  /** The character of the last Char / WordEnd step. */
  lastChar = '';
  /** Set by a WordEnd step: the token typed before the word-end character ('' if unknown). */
  token = '';
  /**
   * Set by a WordEnd step: whether that token begins a sentence (after . ! ?
   * or a line break), or nothing is known before it (the start, a reset).
   */
  tokenStartsSentence = true;
  /** Set by a WordEnd step: up to CONTEXT_CHARS of the text before that token ('' if unknown). */
  tokenBefore = '';

  constructor(private readonly keymap: Keymap, opts: TrackerOptions = {}) {
    this.idleResetMs = opts.idleResetMs ?? 10_000;
    this.state = new KeyboardState(keymap);
  }

  /** Caps Lock as the tracker believes it (the daemon sets it from the keyboard's LED). */
  get capsLock(): boolean {
    return this.state.capsLock;
  }

  set capsLock(on: boolean) {
    this.state.capsLock = on;
  }

  /** The active group (layout) of a multi-layout keymap: 0 for the first. */
  get group(): number {
    return this.state.group;
  }

  /** Feed one EV_KEY event (value 1 press, 2 repeat, 0 release). */
  key(code: number, value: number, timeMs: number): Step {
    if (isPointerButton(code)) return value === 0 ? Step.None : this.reset();
    const role = this.state.key(code, value);
    if (value === 0) return Step.None;
    const idle = timeMs - this.lastPressMs > this.idleResetMs;
    this.lastPressMs = timeMs;
    if (idle) this.reset();
    // Modifiers, locks and group switches change how keys decode, not the text.
    if (role !== Role.None && role !== Role.Backspace) return Step.None;
    if (HARMLESS.has(code)) return Step.None;
    // Any chord with Ctrl/Alt/Super edits or moves in ways we cannot follow.
    if ((this.state.mods & (MOD.CONTROL | MOD.ALT | MOD.SUPER)) !== 0) return this.reset();
    if (role === Role.Backspace) {
      // Backspace during a dead-key sequence cancels it in some applications and not in others.
      if (this.dead !== null) return this.reset();
      return this.backspace();
    }

    const levels = this.state.levels;
    const mark = this.keymap.deadKey?.(code, levels) ?? null;
    if (mark !== null) {
      // A dead key types nothing yet and ends nothing: the word goes on with what it composes.
      if (this.dead !== null) {
        // Two dead keys in a row: applications disagree on the result.
        this.dead = null;
        this.tainted = true;
      } else {
        this.dead = mark;
      }
      return Step.None;
    }
    const ch = this.keymap.decode(code, levels);
    if (ch !== null && this.dead !== null) {
      const composed = composeDead(this.dead, ch);
      this.dead = null;
      if (composed.kind === 'char') return this.typed(composed.ch);
      // No such accented character: what is on screen now is not known, so the word is no plain word.
      this.tainted = true;
    }
    if (ch === null) {
      this.reset();
      // Keypad keys type digits or move the cursor depending on Num Lock: either way
      // the token around them is not a plain word.
      if (isKeypadKey(code)) this.tainted = true;
      return Step.Reset;
    }
    return this.typed(ch);
  }

  /** A mouse button or touchpad click: the cursor may be anywhere now. */
  pointer(): Step {
    return this.reset();
  }

  /** A character typed by other means (e.g. one the keymap cannot type): the token is no plain word. */
  opaque(ch: string): Step {
    const step = this.typed(ch);
    if (!isSpace(ch)) this.tainted = true;
    return step;
  }

  /** Replace the last `count` characters of the text (an edit reached the screen). */
  replaceTail(count: number, text: string): void {
    const cut = Math.max(0, this.line.length - count);
    this.line = this.line.slice(0, cut) + text;
    // A replacement with spaces in it ('be right back ') moves the token start past its last space;
    // one without (an undo) may join the token that ends at the cut.
    let ws = text.length - 1;
    while (ws >= 0 && !isSpace(text[ws])) ws--;
    if (ws >= 0) {
      this.tokenStart = cut + ws + 1;
    } else if (this.tokenStart > cut) {
      let i = cut;
      while (i > 0 && !isSpace(this.line[i - 1])) i--;
      this.tokenStart = i;
    }
  }

  /** The whitespace-delimited token typed so far. */
  currentToken(): string {
    return this.line.slice(this.tokenStart);
  }

  /** Key codes of the modifiers held now, in the order they were pressed. */
  heldModifiers(): readonly number[] {
    return this.state.held();
  }

  forget(): void {
    this.reset();
  }

  /** Keys went by unseen (e.g. before the engine was loaded): the token in progress is no plain word. */
  unseen(): void {
    this.reset();
    this.tainted = true;
  }

  private typed(ch: string): Step {
    this.lastChar = ch;
    let step: Step = Step.Char;
    if (WORD_END_CHARS.has(ch)) {
      // A token whose start we did not see cannot be judged a plain word.
      this.token = this.tainted ? '' : this.line.slice(this.tokenStart);
      this.tokenStartsSentence = this.sentenceStartsAt(this.tokenStart);
      this.tokenBefore = this.tainted ? '' : this.line.slice(Math.max(0, this.tokenStart - CONTEXT_CHARS), this.tokenStart);
      step = Step.WordEnd;
    }
    this.append(ch);
    if (isSpace(ch)) {
      this.tokenStart = this.line.length;
      this.tainted = false;
    }
    return step;
  }

  private sentenceStartsAt(at: number): boolean {
    let i = at - 1;
    while (i >= 0 && (this.line[i] === ' ' || this.line[i] === '\t')) i--;
    if (i < 0) return true;
    let c = this.line[i];
    // A closing quote or bracket after the full stop: ." .) .'
    if (i > 0 && CLOSERS.includes(c)) c = this.line[i - 1];
    return c === '\n' || c === '.' || c === '!' || c === '?';
  }

  private append(ch: string): void {
    this.line += ch;
    if (this.line.length > MAX_LINE) {
      const drop = this.line.length - MAX_LINE / 2;
      this.line = this.line.slice(drop);
      this.tokenStart = Math.max(0, this.tokenStart - drop);
      if (this.tokenStart === 0) this.tainted = true;
    }
  }

  private backspace(): Step {
    if (this.line.length === 0) {
      // Erasing text we never saw: whatever comes next joins an unknown token.
      this.tainted = true;
      return Step.Backspace;
    }
    this.line = this.line.slice(0, -1);
    if (this.tokenStart > this.line.length) {
      // Back into the previous token: find where it starts.
      let i = this.line.length;
      while (i > 0 && !isSpace(this.line[i - 1])) i--;
      this.tokenStart = i;
    }
    return Step.Backspace;
  }

  private reset(): Step {
    this.line = '';
    this.tokenStart = 0;
    // A dead key still pending in the application makes the next character unknown.
    this.tainted = this.dead !== null;
    this.dead = null;
    return Step.Reset;
  }
}
