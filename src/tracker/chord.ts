import { KEY } from '../keymap/keycodes.js';

/** A key chord: modifiers (each satisfied by either side) plus one key. */
export interface ChordKeys {
  modifiers: number[][];
  key: number;
}

const MODIFIER_CODES: readonly number[] = [
  KEY.LEFTCTRL, KEY.RIGHTCTRL, KEY.LEFTALT, KEY.RIGHTALT,
  KEY.LEFTSHIFT, KEY.RIGHTSHIFT, KEY.LEFTMETA, KEY.RIGHTMETA,
];

/**
 * Recognises a chord in the key stream. It fires on the press of the chord's
 * key while exactly the chord's modifiers are down (an extra modifier means
 * some other shortcut), so the daemon can swallow that press and its release.
 */
export class ChordMatcher {
  private readonly down = new Set<number>();

  constructor(private readonly chord: ChordKeys) {}

  /** Feed every key event in order; true when this press completes the chord. */
  key(code: number, value: number): boolean {
    if (MODIFIER_CODES.includes(code)) {
      if (value === 0) this.down.delete(code);
      else this.down.add(code);
      return false;
    }
    if (value !== 1 || code !== this.chord.key) return false;
    let satisfied = 0;
    for (const group of this.chord.modifiers) {
      if (group.some((c) => this.down.has(c))) satisfied++;
    }
    if (satisfied !== this.chord.modifiers.length) return false;
    // Every modifier down must belong to the chord.
    for (const c of this.down) {
      if (!this.chord.modifiers.some((g) => g.includes(c))) return false;
    }
    return true;
  }
}
