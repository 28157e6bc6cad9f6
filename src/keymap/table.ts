// A layout as a plain table of what each key types at each level. The xkb
// shell module (xkb.ts) fills it from libxkbcommon; the table itself is pure,
// so the engine and its tests never touch the library.
import { KEY } from './keycodes.js';
import type { Keymap, Levels, Stroke } from './keymap.js';

/** Index into a key's row: Shift, Caps Lock and AltGr as bits. */
export function levelIndex(shift: boolean, capsLock: boolean, altGr: boolean): number {
  return (shift ? 1 : 0) | (capsLock ? 2 : 0) | (altGr ? 4 : 0);
}
export const LEVEL_COUNT = 8;

export interface KeymapTable {
  /** Shown to the user: "de", "us(dvorak)". */
  name: string;
  /** chars[code][levelIndex(...)]: the character typed, or null. */
  chars: Record<number, ReadonlyArray<string | null>>;
  /** dead[code][levelIndex(...)]: the combining mark of a dead key, or null. */
  dead: Record<number, ReadonlyArray<string | null>>;
  levelThreeKeys: number[];
}

const KEYPAD = new Set<number>([
  KEY.KPASTERISK, KEY.KPMINUS, KEY.KPPLUS, KEY.KPENTER, KEY.KPSLASH,
  71, 72, 73, 75, 76, 77, 79, 80, 81, 82, 83, 117, 118, 121,
]);

export class TableKeymap implements Keymap {
  readonly name: string;
  readonly levelThreeKeys: readonly number[];
  private readonly chars: Map<number, ReadonlyArray<string | null>>;
  private readonly deads: Map<number, ReadonlyArray<string | null>>;
  /** Reverse maps for Caps Lock off [0] and on [1]. */
  private readonly strokes: [Map<string, Stroke>, Map<string, Stroke>] = [new Map(), new Map()];

  constructor(table: KeymapTable) {
    this.name = table.name;
    this.levelThreeKeys = [...table.levelThreeKeys];
    this.chars = new Map(Object.entries(table.chars).map(([c, row]) => [Number(c), row]));
    this.deads = new Map(Object.entries(table.dead).map(([c, row]) => [Number(c), row]));
    const altGrs = this.levelThreeKeys.length > 0 ? [false, true] : [false];
    for (const caps of [false, true]) {
      const best = new Map<string, { stroke: Stroke; rank: number }>();
      for (const [code, row] of [...this.chars].sort((a, b) => a[0] - b[0])) {
        for (const altGr of altGrs) {
          for (const shift of [false, true]) {
            const ch = row[levelIndex(shift, caps, altGr)];
            if (ch === null || ch === undefined) continue;
            // Fewest modifiers first; keypad keys only when nothing else types it (they depend on Num Lock).
            const rank = (KEYPAD.has(code) ? 8 : 0) + (altGr ? 2 : 0) + (shift ? 1 : 0);
            const had = best.get(ch);
            if (!had || rank < had.rank) best.set(ch, { stroke: { code, shift, altGr }, rank });
          }
        }
      }
      for (const [ch, { stroke }] of best) this.strokes[caps ? 1 : 0].set(ch, stroke);
    }
  }

  decode(code: number, levels: Levels): string | null {
    return this.chars.get(code)?.[levelIndex(levels.shift, levels.capsLock, levels.altGr)] ?? null;
  }

  deadKey(code: number, levels: Levels): string | null {
    return this.deads.get(code)?.[levelIndex(levels.shift, levels.capsLock, levels.altGr)] ?? null;
  }

  encode(ch: string, capsLock: boolean): Stroke | null {
    return this.strokes[capsLock ? 1 : 0].get(ch) ?? null;
  }

  codesTyping(chars: Iterable<string>): number[] {
    const wanted = new Set(chars);
    const codes: number[] = [];
    for (const [code, row] of this.chars) {
      if (row.some((ch) => ch !== null && wanted.has(ch))) codes.push(code);
    }
    return codes.sort((a, b) => a - b);
  }
}
