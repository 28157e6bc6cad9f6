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
  /** Bit i: MODIFIER_CODES[i] is down (a bit mask: a key event allocates nothing). */
  private down = 0;

  constructor(private readonly chord: ChordKeys) {}

  /** Feed every key event in order; true when this press completes the chord. */
  key(code: number, value: number): boolean {
    const bit = MODIFIER_CODES.indexOf(code);
    if (bit >= 0) {
      if (value === 0) this.down &= ~(1 << bit);
      else this.down |= 1 << bit;
      return false;
    }
    if (value !== 1 || code !== this.chord.key) return false;
    const isDown = (c: number) => {
      const i = MODIFIER_CODES.indexOf(c);
      return i >= 0 && (this.down & (1 << i)) !== 0;
    };
    let satisfied = 0;
    for (const group of this.chord.modifiers) {
      if (group.some(isDown)) satisfied++;
    }
    if (satisfied !== this.chord.modifiers.length) return false;
    // Every modifier down must belong to the chord.
    for (let i = 0; i < MODIFIER_CODES.length; i++) {
      if ((this.down & (1 << i)) !== 0 && !this.chord.modifiers.some((g) => g.includes(MODIFIER_CODES[i]))) return false;
    }
    return true;
  }
}
