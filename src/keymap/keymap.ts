/** The modifier levels a layout needs to turn a key into a character. */
export interface Levels {
  shift: boolean;
  capsLock: boolean;
  /** Level 3 (AltGr); the US table has none, xkbcommon layouts will. */
  altGr: boolean;
}

/** How to type one character: the key and the modifiers that must be down. */
export interface Stroke {
  code: number;
  shift: boolean;
  altGr: boolean;
}

/**
 * Key codes <-> characters for one layout. Pure and stateless: the word tracker
 * keeps the modifier state and passes it in, so an xkbcommon-backed layout can
 * replace the US table behind the same interface.
 */
export interface Keymap {
  readonly name: string;
  /** The character a press of `code` types with these levels, or null (non-printing). */
  decode(code: number, levels: Levels): string | null;
  /** How to type `ch` given the Caps Lock state, or null when this layout cannot. */
  encode(ch: string, capsLock: boolean): Stroke | null;
  /** Every key code that can type `ch` at some level (used to pick keys to hold). */
  codesTyping(chars: Iterable<string>): number[];
  /**
   * Dead keys (xkb layouts): the combining mark (U+0300…) a press of `code`
   * starts a sequence with at these levels, or null. Absent: no dead keys.
   */
  deadKey?(code: number, levels: Levels): string | null;
  /** Keys that select level 3 (AltGr) instead of acting as Alt. Absent or empty: none. */
  readonly levelThreeKeys?: readonly number[];
}
