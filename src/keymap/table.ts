// A layout as a plain table of what each key types at each level. The xkb
// shell module (src/layout/xkb-library.ts) fills it from libxkbcommon; the table itself is pure,
// so the engine and its tests never touch the library.
import { KEY } from './keycodes.js';
import type { Keymap, Levels, ModifierKeys, Stroke } from './keymap.js';
import { ROLE_SLOT, ROLE_SLOTS, Role, defaultRole } from './key-roles.js';
import { composeDead } from './dead.js';

/** Index into a key's row: Shift, Caps Lock and AltGr as bits. */
export function levelIndex(shift: boolean, capsLock: boolean, altGr: boolean): number {
  return (shift ? 1 : 0) | (capsLock ? 2 : 0) | (altGr ? 4 : 0);
}
export const LEVEL_COUNT = 8;

/** One group (layout) of a keymap: "de" in "us,de". */
export interface GroupTable {
  /** chars[code][levelIndex(...)]: the character typed, or null. */
  chars: Record<number, ReadonlyArray<string | null>>;
  /** dead[code][levelIndex(...)]: the combining mark of a dead key, or null. */
  dead: Record<number, ReadonlyArray<string | null>>;
}

export interface KeymapTable extends GroupTable {
  /** Shown to the user: "de", "us(dvorak)", "us,de". */
  name: string;
  /** Keys that give level 3 in the first group (empty: none). */
  levelThreeKeys: number[];
  /** The groups after the first, in order ("us,de": de). */
  moreGroups?: GroupTable[];
  /**
   * roles[group][code]: the key's Role (key-roles.ts) for each ROLE_MODS slot;
   * keys absent do nothing but type. Absent: the usual PC keys by code.
   */
  roles?: Array<Record<number, ReadonlyArray<number>>>;
}

const MAX_CODE = 256;
const KEYPAD = new Set<number>([
  KEY.KPASTERISK, KEY.KPMINUS, KEY.KPPLUS, KEY.KPENTER, KEY.KPSLASH,
  71, 72, 73, 75, 76, 77, 79, 80, 81, 82, 83, 117, 118, 121,
]);
/** Added to a rank when a dead key is pressed first: any single stroke wins over it. */
const DEAD_RANK = 32;

type Row = ReadonlyArray<string | null>;
interface Ranked { stroke: Stroke; rank: number }

export class TableKeymap implements Keymap {
  readonly name: string;
  readonly levelThreeKeys: readonly number[];
  readonly groupCount: number;
  /** [group][code]: the key's row of characters / dead-key marks. */
  private readonly chars: Array<Array<Row | undefined>>;
  private readonly deads: Array<Array<Row | undefined>>;
  /** roles[((group * MAX_CODE) + code) * ROLE_SLOTS + slot], or null: by key code. */
  private readonly roles: Uint8Array | null;
  /** [group][caps]: character -> how to type it. */
  private readonly strokes: Array<[Map<string, Stroke>, Map<string, Stroke>]> = [];
  private readonly modKeys: ModifierKeys[] = [];

  constructor(table: KeymapTable) {
    this.name = table.name;
    this.levelThreeKeys = [...table.levelThreeKeys];
    const groups: GroupTable[] = [table, ...(table.moreGroups ?? [])];
    this.groupCount = groups.length;
    this.chars = groups.map((g) => byCode(g.chars));
    this.deads = groups.map((g) => byCode(g.dead));
    this.roles = table.roles ? flattenRoles(table.roles, groups.length) : null;
    for (let g = 0; g < groups.length; g++) {
      const keys = this.findModifierKeys(g);
      this.modKeys.push(keys);
      this.strokes.push([this.reverseMap(g, false, keys.level3 !== 0), this.reverseMap(g, true, keys.level3 !== 0)]);
    }
  }

  decode(code: number, levels: Levels): string | null {
    return this.chars[levels.group ?? 0]?.[code]?.[levelIndex(levels.shift, levels.capsLock, levels.altGr)] ?? null;
  }

  deadKey(code: number, levels: Levels): string | null {
    return this.deads[levels.group ?? 0]?.[code]?.[levelIndex(levels.shift, levels.capsLock, levels.altGr)] ?? null;
  }

  encode(ch: string, capsLock: boolean, group = 0): Stroke | null {
    return this.strokes[group]?.[capsLock ? 1 : 0].get(ch) ?? null;
  }

  role(code: number, group: number, mods: number): number {
    if (code < 0 || code >= MAX_CODE) return Role.None;
    if (this.roles === null) return this.levelThreeKeys.includes(code) ? Role.Level3 : defaultRole(code);
    return this.roles[(group * MAX_CODE + code) * ROLE_SLOTS + ROLE_SLOT[mods & 31]];
  }

  modifierKeys(group: number): ModifierKeys {
    return this.modKeys[group] ?? this.modKeys[0];
  }

  codesTyping(chars: Iterable<string>): number[] {
    const wanted = new Set(chars);
    const codes = new Set<number>();
    for (const rows of this.chars) {
      rows.forEach((row, code) => {
        if (row?.some((ch) => ch !== null && wanted.has(ch))) codes.add(code);
      });
    }
    return [...codes].sort((a, b) => a - b);
  }

  /** Left Shift and Right Alt when they do that in the group, else the first key that does. */
  private findModifierKeys(g: number): ModifierKeys {
    const find = (role: number, preferred: number): number => {
      if (this.role(preferred, g, 0) === role) return preferred;
      for (let code = 1; code < MAX_CODE; code++) if (this.role(code, g, 0) === role) return code;
      return 0;
    };
    return { shift: find(Role.Shift, KEY.LEFTSHIFT) || KEY.LEFTSHIFT, level3: find(Role.Level3, KEY.RIGHTALT) };
  }

  /** The stroke with fewest modifiers for each character; a dead key then a base only when no single stroke types it. */
  private reverseMap(g: number, caps: boolean, hasLevel3: boolean): Map<string, Stroke> {
    const altGrs = hasLevel3 ? [false, true] : [false];
    const best = new Map<string, Ranked>();
    const deadBest = new Map<string, Ranked>();
    const consider = (into: Map<string, Ranked>, ch: string, stroke: Stroke, rank: number) => {
      const had = into.get(ch);
      if (!had || rank < had.rank) into.set(ch, { stroke, rank });
    };
    for (let code = 1; code < MAX_CODE; code++) {
      const row = this.chars[g][code];
      const deadRow = this.deads[g][code];
      if (!row && !deadRow) continue;
      for (const altGr of altGrs) {
        for (const shift of [false, true]) {
          const level = levelIndex(shift, caps, altGr);
          // Fewest modifiers first; keypad keys only when nothing else types it (they depend on Num Lock).
          const rank = (KEYPAD.has(code) ? 8 : 0) + (altGr ? 2 : 0) + (shift ? 1 : 0);
          const ch = row?.[level];
          if (ch !== null && ch !== undefined) consider(best, ch, { code, shift, altGr }, rank);
          const mark = deadRow?.[level];
          if (mark !== null && mark !== undefined) consider(deadBest, mark, { code, shift, altGr }, rank);
        }
      }
    }
    const out = new Map<string, Stroke>();
    for (const [ch, { stroke }] of best) out.set(ch, stroke);
    // Characters only a dead key reaches: composed as the tracker and TextScreen compose them (dead.ts).
    const composed = new Map<string, Ranked>();
    for (const [mark, dead] of deadBest) {
      for (const [base, plain] of best) {
        const c = composeDead(mark, base);
        if (c.kind !== 'char' || best.has(c.ch)) continue;
        consider(composed, c.ch, { ...plain.stroke, dead: dead.stroke }, DEAD_RANK + dead.rank + plain.rank);
      }
    }
    for (const [ch, { stroke }] of composed) out.set(ch, stroke);
    return out;
  }
}

function byCode(rows: Record<number, Row>): Array<Row | undefined> {
  const out = new Array<Row | undefined>(MAX_CODE);
  for (const [code, row] of Object.entries(rows)) if (Number(code) < MAX_CODE) out[Number(code)] = row;
  return out;
}

function flattenRoles(roles: Array<Record<number, ReadonlyArray<number>>>, groups: number): Uint8Array {
  const flat = new Uint8Array(groups * MAX_CODE * ROLE_SLOTS);
  for (let g = 0; g < groups; g++) {
    for (const [code, slots] of Object.entries(roles[g] ?? {})) {
      if (Number(code) >= MAX_CODE) continue;
      const at = (g * MAX_CODE + Number(code)) * ROLE_SLOTS;
      for (let i = 0; i < ROLE_SLOTS; i++) flat[at + i] = slots[i] ?? Role.None;
    }
  }
  return flat;
}
