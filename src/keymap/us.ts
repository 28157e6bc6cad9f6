import { KEY } from './keycodes.js';
import type { Keymap, Levels, Stroke } from './keymap.js';

// [key, unshifted, shifted] for the US ANSI layout.
const ROWS: ReadonlyArray<readonly [number, string, string]> = [
  [KEY.GRAVE, '`', '~'], [KEY.N1, '1', '!'], [KEY.N2, '2', '@'], [KEY.N3, '3', '#'],
  [KEY.N4, '4', '$'], [KEY.N5, '5', '%'], [KEY.N6, '6', '^'], [KEY.N7, '7', '&'],
  [KEY.N8, '8', '*'], [KEY.N9, '9', '('], [KEY.N0, '0', ')'], [KEY.MINUS, '-', '_'],
  [KEY.EQUAL, '=', '+'],
  [KEY.Q, 'q', 'Q'], [KEY.W, 'w', 'W'], [KEY.E, 'e', 'E'], [KEY.R, 'r', 'R'],
  [KEY.T, 't', 'T'], [KEY.Y, 'y', 'Y'], [KEY.U, 'u', 'U'], [KEY.I, 'i', 'I'],
  [KEY.O, 'o', 'O'], [KEY.P, 'p', 'P'], [KEY.LEFTBRACE, '[', '{'],
  [KEY.RIGHTBRACE, ']', '}'], [KEY.BACKSLASH, '\\', '|'],
  [KEY.A, 'a', 'A'], [KEY.S, 's', 'S'], [KEY.D, 'd', 'D'], [KEY.F, 'f', 'F'],
  [KEY.G, 'g', 'G'], [KEY.H, 'h', 'H'], [KEY.J, 'j', 'J'], [KEY.K, 'k', 'K'],
  [KEY.L, 'l', 'L'], [KEY.SEMICOLON, ';', ':'], [KEY.APOSTROPHE, "'", '"'],
  [KEY.Z, 'z', 'Z'], [KEY.X, 'x', 'X'], [KEY.C, 'c', 'C'], [KEY.V, 'v', 'V'],
  [KEY.B, 'b', 'B'], [KEY.N, 'n', 'N'], [KEY.M, 'm', 'M'], [KEY.COMMA, ',', '<'],
  [KEY.DOT, '.', '>'], [KEY.SLASH, '/', '?'],
  [KEY.SPACE, ' ', ' '], [KEY.TAB, '\t', '\t'], [KEY.ENTER, '\n', '\n'],
  [KEY.KPENTER, '\n', '\n'], [KEY.KPSLASH, '/', '/'], [KEY.KPASTERISK, '*', '*'],
  [KEY.KPMINUS, '-', '-'], [KEY.KPPLUS, '+', '+'],
];

const MAX_CODE = 256;

function isLetter(ch: string): boolean {
  return ch >= 'a' && ch <= 'z';
}

/** The US layout as a table: what a Linux console or a default xkb "us" map types. */
export class UsKeymap implements Keymap {
  readonly name = 'us';
  private readonly plain: Array<string | null> = new Array(MAX_CODE).fill(null);
  private readonly shifted: Array<string | null> = new Array(MAX_CODE).fill(null);
  private readonly letter: boolean[] = new Array(MAX_CODE).fill(false);
  private readonly strokes = new Map<string, Stroke>();

  constructor() {
    for (const [code, lo, hi] of ROWS) {
      this.plain[code] = lo;
      this.shifted[code] = hi;
      this.letter[code] = isLetter(lo);
      // Main-block keys win over keypad duplicates: first entry is kept.
      if (!this.strokes.has(lo)) this.strokes.set(lo, { code, shift: false, altGr: false });
      if (!this.strokes.has(hi)) this.strokes.set(hi, { code, shift: true, altGr: false });
    }
  }

  decode(code: number, levels: Levels): string | null {
    if (code < 0 || code >= MAX_CODE) return null;
    // Caps Lock inverts Shift for letters only, as both the VT and xkb do.
    const upper = this.letter[code] ? levels.shift !== levels.capsLock : levels.shift;
    return upper ? this.shifted[code] : this.plain[code];
  }

  encode(ch: string, capsLock: boolean): Stroke | null {
    const stroke = this.strokes.get(ch);
    if (!stroke) return null;
    if (capsLock && this.letter[stroke.code]) {
      return { code: stroke.code, shift: !stroke.shift, altGr: false };
    }
    return stroke;
  }

  codesTyping(chars: Iterable<string>): number[] {
    const wanted = new Set(chars);
    const codes: number[] = [];
    for (let code = 0; code < MAX_CODE; code++) {
      const lo = this.plain[code];
      const hi = this.shifted[code];
      if ((lo !== null && wanted.has(lo)) || (hi !== null && wanted.has(hi))) codes.push(code);
    }
    return codes;
  }
}
