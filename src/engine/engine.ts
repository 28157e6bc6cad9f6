import { KEY } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import type { CorrectionData, Policy } from '../policy/policy.js';
import type { Scope } from '../policy/focus-rule.js';
import { WORD_END_CHARS } from '../tracker/chars.js';
import { Step, WordTracker, type TrackerOptions } from '../tracker/word-tracker.js';
import type { CorrectionSource, Edit, KeyInput } from './types.js';

/** The correction just made, kept until the next key so Backspace can revert it. */
interface LastCorrection {
  typed: string;
  replacement: string;
  boundary: string;
  source: CorrectionSource;
}

export interface EngineOptions extends TrackerOptions {
  enabled?: boolean;
}

/**
 * The correction engine: word tracker + policy + undo. Fed every key event of
 * the keyboards in order; answers with the edit to apply *before* that key
 * reaches the application. The daemon and `try` drive this same class.
 */
export class Engine {
  readonly tracker: WordTracker;
  private on: boolean;
  /** How often each typo's correction was reverted by Backspace (lower case). */
  readonly reverts = new Map<string, number>();
  /** Words finished so far: a count for stats, never the words themselves. */
  wordsSeen = 0;
  private last: LastCorrection | null = null;
  /** A token the user reverted: not corrected again while it is unchanged. */
  private spared: string | null = null;
  /** What the focused widget allows (focus-rule.ts); 'all' where nothing follows the focus. */
  private focusScope: Scope = 'all';

  constructor(
    readonly keymap: Keymap,
    readonly policy: Policy,
    opts: EngineOptions = {},
  ) {
    this.tracker = new WordTracker(keymap, opts);
    this.on = opts.enabled ?? true;
  }

  get enabled(): boolean {
    return this.on;
  }

  /** Corrections on or off; a word half typed meanwhile is never corrected (or undone). */
  setEnabled(on: boolean): void {
    this.on = on;
    this.forget();
  }

  get scope(): Scope {
    return this.focusScope;
  }

  /**
   * The focus moved to where another rule applies. The word in progress is
   * forgotten either way: typed in a password field, it must not become the
   * next field's context, nor be corrected or learnt.
   */
  setScope(scope: Scope): void {
    if (scope === this.focusScope) return;
    this.focusScope = scope;
    this.policy.listOnly = scope === 'list-only';
    this.forget();
  }

  /** Caps Lock as the keyboard's LED shows it (at start, and at each grab). */
  setCapsLock(on: boolean): void {
    this.tracker.capsLock = on;
  }

  /** The lists the policy reads now. */
  get lists(): CorrectionData {
    return this.policy.data;
  }

  /** New list data (a reload, an ignored word): in force from the next word. */
  updateLists(change: Partial<CorrectionData>): void {
    this.policy.data = { ...this.policy.data, ...change };
  }

  /** Key codes whose press may produce an edit: the daemon holds only these back. */
  editKeyCodes(): number[] {
    const codes = new Set(this.keymap.codesTyping(WORD_END_CHARS));
    codes.add(KEY.BACKSPACE);
    return [...codes].sort((a, b) => a - b);
  }

  key(ev: KeyInput): Edit | null {
    const step = this.tracker.key(ev.code, ev.value, ev.timeMs);
    if (step === Step.None) return null;
    const last = this.last;
    this.last = null;
    switch (step) {
      case Step.WordEnd:
        return this.wordEnd();
      case Step.Backspace:
        return last !== null && this.enabled ? this.revert(last) : null;
      case Step.Reset:
        this.spared = null;
        return null;
      default:
        return null;
    }
  }

  /** A mouse button or touchpad click. */
  pointer(): void {
    this.tracker.pointer();
    this.last = null;
    this.spared = null;
  }

  /** A character that reached the screen without a key we could decode. */
  opaque(ch: string): void {
    this.tracker.opaque(ch);
    this.last = null;
  }

  /**
   * The edit last returned never reached the screen (answered too late, or
   * dropped in snoop mode): put the tracker back as the user typed, and make
   * sure Backspace will not "undo" what never happened.
   */
  dropped(edit: Edit): void {
    this.last = null;
    if (edit.kind === 'correction') {
      const boundary = this.tracker.lastChar;
      this.tracker.replaceTail(edit.text.length + 1, edit.typed + boundary);
    } else {
      this.spared = null;
      this.tracker.replaceTail(edit.typed.length, edit.fix);
    }
  }

  /** Forget the current word (e.g. corrections were toggled). */
  forget(): void {
    this.tracker.forget();
    this.policy.forget();
    this.last = null;
    this.spared = null;
  }

  /** Keys went by that the engine never saw: forget, and the token they were part of is not judged. */
  unseen(): void {
    this.forget();
    this.tracker.unseen();
  }

  private wordEnd(): Edit | null {
    const tracker = this.tracker;
    const token = tracker.token;
    const boundary = tracker.lastChar;
    const spared = this.spared;
    if (boundary === ' ' || boundary === '\n' || boundary === '\t') this.spared = null;
    const scope = this.focusScope;
    if (scope === 'password') return null;
    if (token.length > 0) this.wordsSeen++;
    if (!this.enabled || scope === 'off' || token.length === 0 || token === spared) {
      return null;
    }
    const decision = this.policy.decide(token, tracker.tokenStartsSentence, tracker.tokenBefore);
    if (decision === null || !this.canType(decision.replacement)) return null;
    const typed = token.slice(decision.start);
    // The boundary character is already in the tracker's text: fix what precedes it.
    tracker.replaceTail(typed.length + 1, decision.replacement + boundary);
    // Enter and Tab may have sent the line or moved focus: no undo across them.
    if (boundary !== '\n' && boundary !== '\t') {
      this.last = { typed, replacement: decision.replacement, boundary, source: decision.source };
    }
    return {
      kind: 'correction',
      erase: typed.length,
      text: decision.replacement,
      typed,
      fix: decision.fix,
      source: decision.source,
      explain: decision.explain,
    };
  }

  /** A fix the layout cannot type is skipped, never garbled. */
  private canType(text: string): boolean {
    for (const ch of text) {
      if (this.keymap.encode(ch, this.tracker.capsLock, this.tracker.group) === null) return false;
    }
    return true;
  }

  private revert(last: LastCorrection): Edit {
    const key = last.typed.toLowerCase();
    this.reverts.set(key, (this.reverts.get(key) ?? 0) + 1);
    // The Backspace itself still arrives and removes the boundary character.
    const erase = last.replacement.length + 1;
    const text = last.typed + last.boundary;
    // The tracker has already applied the Backspace: its text ends with the replacement.
    this.tracker.replaceTail(last.replacement.length, last.typed);
    this.spared = this.tracker.currentToken();
    return { kind: 'undo', erase, text, typed: last.typed, fix: last.replacement, source: last.source };
  }
}
