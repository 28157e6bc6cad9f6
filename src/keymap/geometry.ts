// Where the keys are: the physical rows of a PC keyboard by evdev code, and
// the characters the active layout puts on them. The slip model
// (src/policy/slip-model.ts) reads neighbours and hands from this, so a
// finger's slip is judged on the board the user has (de, fr, dvorak), not
// on a QWERTY picture. Pure: the keymap is handed in.
import { KEY } from './keycodes.js';
import type { Keymap } from './keymap.js';

/** A key's centre in key widths (x to the right, y down) and the hand that types it. */
export interface KeyPosition {
  x: number;
  y: number;
  /** 0 left hand, 1 right hand (touch typing). */
  hand: 0 | 1;
}

/** The characters of one layout and where their keys are. */
export type KeyLayout = ReadonlyMap<string, KeyPosition>;

export type BoardShape = 'ansi' | 'iso';

// Each row's keys left to right and the x of its first key. The stagger
// (0, 1.5, 1.75, 2.25 from the Tab edge) is the same on ANSI and ISO boards;
// they differ in where the backslash key sits and in ISO's extra key left of Z.
const NUMBER_ROW = { y: 0, x0: 0, codes: [KEY.GRAVE, KEY.N1, KEY.N2, KEY.N3, KEY.N4, KEY.N5, KEY.N6, KEY.N7, KEY.N8, KEY.N9, KEY.N0, KEY.MINUS, KEY.EQUAL] };
const TOP_ROW = { y: 1, x0: 1.5, codes: [KEY.Q, KEY.W, KEY.E, KEY.R, KEY.T, KEY.Y, KEY.U, KEY.I, KEY.O, KEY.P, KEY.LEFTBRACE, KEY.RIGHTBRACE] };
const HOME_ROW = { y: 2, x0: 1.75, codes: [KEY.A, KEY.S, KEY.D, KEY.F, KEY.G, KEY.H, KEY.J, KEY.K, KEY.L, KEY.SEMICOLON, KEY.APOSTROPHE] };
const BOTTOM_ROW = { y: 3, x0: 2.25, codes: [KEY.Z, KEY.X, KEY.C, KEY.V, KEY.B, KEY.N, KEY.M, KEY.COMMA, KEY.DOT, KEY.SLASH] };

/** Touch typing: the first five keys of each row (1–5, Q–T, A–G, Z–B) are the left hand's; the number row's grave too. */
const LEFT_HAND_KEYS = 5;

/** Key centres by evdev code for a board shape. */
export function keyPositions(shape: BoardShape = 'ansi'): Map<number, KeyPosition> {
  const out = new Map<number, KeyPosition>();
  for (const row of [NUMBER_ROW, TOP_ROW, HOME_ROW, BOTTOM_ROW]) {
    // The number row's grave key is column -1 of the letter columns.
    const firstColumn = row === NUMBER_ROW ? -1 : 0;
    row.codes.forEach((code, i) => {
      out.set(code, { x: row.x0 + i, y: row.y, hand: i + firstColumn < LEFT_HAND_KEYS ? 0 : 1 });
    });
  }
  if (shape === 'ansi') {
    out.set(KEY.BACKSLASH, { x: TOP_ROW.x0 + TOP_ROW.codes.length, y: 1, hand: 1 });
  } else {
    out.set(KEY.BACKSLASH, { x: HOME_ROW.x0 + HOME_ROW.codes.length, y: 2, hand: 1 });
    out.set(KEY.KEY_102ND, { x: BOTTOM_ROW.x0 - 1, y: 3, hand: 0 });
  }
  return out;
}

/**
 * The lower-case characters the layout types without modifiers (group
 * `group`), each at its key. A character on two keys keeps the first found.
 */
export function keyLayout(keymap: Keymap, shape: BoardShape = 'ansi', group = 0): KeyLayout {
  const out = new Map<string, KeyPosition>();
  const levels = { shift: false, capsLock: false, altGr: false, group };
  for (const [code, pos] of keyPositions(shape)) {
    const ch = keymap.decode(code, levels);
    if (ch === null || ch.length !== 1) continue;
    const lower = ch.toLowerCase();
    if (!out.has(lower)) out.set(lower, pos);
  }
  return out;
}

/** Distance between two key centres, in key widths. */
export function keyDistance(a: KeyPosition, b: KeyPosition): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** US layouts are mostly typed on ANSI boards; the rest of the world's on ISO boards. */
export function boardShapeFor(layoutName: string): BoardShape {
  return /^us\b/.test(layoutName) || layoutName === '' ? 'ansi' : 'iso';
}
