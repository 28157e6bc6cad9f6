/** The modifier levels a layout needs to turn a key into a character. */
export interface Levels {
  shift: boolean;
  capsLock: boolean;
  /** Level 3 (AltGr); the US table has none, xkbcommon layouts will. */
  altGr: boolean;
  /** The active group (0: the first layout of "us,de"); absent means 0. */
  group?: number;
}

/** How to type one character: the key and the modifiers that must be down. */
export interface Stroke {
  code: number;
  shift: boolean;
  altGr: boolean;
  /** A dead key to press first: the character is this key composed with it (é as ´ then e). */
  dead?: Stroke;
}

/** Keys the injector presses for Shift and level 3 in a group. */
export interface ModifierKeys {
  shift: number;
  /** 0 when the group has no level-3 key. */
  level3: number;
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
  /** How to type `ch` in `group` (default 0) given the Caps Lock state, or null when it cannot. */
  encode(ch: string, capsLock: boolean, group?: number): Stroke | null;
  /** Every key code that can type `ch` at some level (used to pick keys to hold). */
  codesTyping(chars: Iterable<string>): number[];
  /**
   * Dead keys (xkb layouts): the combining mark (U+0300…) a press of `code`
   * starts a sequence with at these levels, or null. Absent: no dead keys.
   */
  deadKey?(code: number, levels: Levels): string | null;
  /** Keys that select level 3 (AltGr) instead of acting as Alt. Absent or empty: none. */
  readonly levelThreeKeys?: readonly number[];
  /** Groups (layouts) the keymap has; absent means 1. */
  readonly groupCount?: number;
  /**
   * What `code` does (key-roles.ts Role) in `group` with the MOD bits `mods`
   * held. Absent: the usual PC keys by code (defaultRole).
   */
  role?(code: number, group: number, mods: number): number;
  /** The keys to press for Shift and level 3 in `group`. Absent: Left Shift, Right Alt. */
  modifierKeys?(group: number): ModifierKeys;
}
