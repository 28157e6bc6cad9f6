// Layouts from libxkbcommon (Debian: libxkbcommon0 + xkb-data) through
// ffi-rs. Shell module: it asks the library once what every key types at
// every level and hands the pure core a TableKeymap.
import type { JsExternal } from 'ffi-rs';
import { DataType, isNullPointer, load, open as ffiOpen } from '../inject/ffi.js';
import { KEY } from '../keymap/keycodes.js';
import { LEVEL_COUNT, TableKeymap, type GroupTable, type KeymapTable } from '../keymap/table.js';
import { ROLE_SLOTS, Role, keysymRole } from '../keymap/key-roles.js';
import { layoutLabel, type XkbNames } from '../keymap/layout-names.js';

export class XkbError extends Error {}

const LIB = 'autocorrector-xkbcommon';
// Overridable so a test can show the fallback when the library is missing.
const libraryPath = process.env.AUTOCORRECTOR_XKBCOMMON || 'libxkbcommon.so.0';
let opened: true | string | undefined;
function openLibrary(): void {
  if (opened === true) return;
  if (opened === undefined) {
    try {
      ffiOpen({ library: LIB, path: libraryPath });
      opened = true;
      return;
    } catch (err) {
      opened = `${libraryPath} cannot be loaded (${(err as Error).message.split('\n')[0]}); install libxkbcommon0 and xkb-data`;
    }
  }
  throw new XkbError(opened);
}

function call<T>(funcName: string, retType: DataType, paramsType: unknown[], paramsValue: unknown[]): T {
  return load({ library: LIB, funcName, retType, paramsType, paramsValue } as never) as T;
}
const P = DataType.External;
const U = DataType.U32;
const NAMES_STRUCT = { rules: DataType.String, model: DataType.String, layout: DataType.String, variant: DataType.String, options: DataType.String };

const XKB_KEYCODE_OFFSET = 8; // xkb keycode = evdev code + 8
const XKB_KEY_DOWN = 1;
const XKB_LOG_LEVEL_CRITICAL = 10;
const XKB_STATE_MODS_DEPRESSED = 1;
const XKB_MOD_INVALID = 0xffffffff;
const MAX_CODE = 256;
// xkb allows 4 groups (XKB_MAX_GROUPS).
const MAX_GROUPS = 4;

// Dead keysyms (xkbcommon-keysyms.h, 0xfe50…) as the combining marks they add.
const DEAD_MARKS: Record<number, string> = {
  0xfe50: '\u0300', 0xfe51: '\u0301', 0xfe52: '\u0302', 0xfe53: '\u0303', 0xfe54: '\u0304',
  0xfe55: '\u0306', 0xfe56: '\u0307', 0xfe57: '\u0308', 0xfe58: '\u030a', 0xfe59: '\u030b',
  0xfe5a: '\u030c', 0xfe5b: '\u0327', 0xfe5c: '\u0328', 0xfe60: '\u0323',
};
const isDeadKeysym = (sym: number) => sym >= 0xfe50 && sym <= 0xfe8f;
// A dead key with no mark here still starts a sequence; U+034F never composes, so the word is left alone.
const UNKNOWN_MARK = '\u034f';

// ffi-rs hands back NULL as an External too.
const isNull = (p: JsExternal): boolean => p === null || p === undefined || isNullPointer(p);

/** Asks libxkbcommon what each key types with Shift, Caps Lock and AltGr. Throws XkbError. */
export function xkbTable(names: XkbNames): KeymapTable {
  openLibrary();
  const ctx = call<JsExternal>('xkb_context_new', P, [DataType.I32], [0]);
  if (isNull(ctx)) throw new XkbError('xkb_context_new failed');
  try {
    // The library's own log would go to stderr; a missing layout is reported once, below.
    call('xkb_context_set_log_level', DataType.Void, [P, DataType.I32], [ctx, XKB_LOG_LEVEL_CRITICAL]);
    const keymap = call<JsExternal>('xkb_keymap_new_from_names', P, [P, NAMES_STRUCT, DataType.I32], [ctx, names, 0]);
    if (isNull(keymap)) {
      throw new XkbError(`no such keyboard layout: ${layoutLabel(names)}${names.model ? ` model ${names.model}` : ''}${names.options ? ` options ${names.options}` : ''} (is xkb-data installed?)`);
    }
    try {
      return readKeymap(keymap, names);
    } finally {
      call('xkb_keymap_unref', DataType.Void, [P], [keymap]);
    }
  } finally {
    call('xkb_context_unref', DataType.Void, [P], [ctx]);
  }
}

function readKeymap(keymap: JsExternal, names: XkbNames): KeymapTable {
  const state = call<JsExternal>('xkb_state_new', P, [P], [keymap]);
  if (isNull(state)) throw new XkbError('xkb_state_new failed');
  try {
    const sym = (code: number) => call<number>('xkb_state_key_get_one_sym', U, [P, U], [state, code + XKB_KEYCODE_OFFSET]);
    const utf32 = (code: number) => call<number>('xkb_state_key_get_utf32', U, [P, U], [state, code + XKB_KEYCODE_OFFSET]);
    const setState = (depressed: number, locked: number, group: number) =>
      call('xkb_state_update_mask', U, [P, U, U, U, U, U, U], [state, depressed, 0, locked, 0, 0, group]);
    // A modifier's mask is whatever pressing its key sets (AltGr is Mod5 on pc105, Alt Mod1, …).
    const maskOf = (code: number) => {
      if (code === 0) return 0;
      setState(0, 0, 0);
      call('xkb_state_update_key', U, [P, U, U], [state, code + XKB_KEYCODE_OFFSET, XKB_KEY_DOWN]);
      return call<number>('xkb_state_serialize_mods', U, [P, U], [state, XKB_STATE_MODS_DEPRESSED]);
    };
    const groups = Math.max(1, Math.min(MAX_GROUPS, call<number>('xkb_keymap_num_layouts', U, [P], [keymap])));

    // Roles first: which key is Shift, Control, Alt, Super, level 3 in the first group, without modifiers.
    setState(0, 0, 0);
    const firstWith = (role: number) => {
      for (let code = 1; code < MAX_CODE; code++) if (keysymRole(sym(code)) === role) return code;
      return 0;
    };
    const levelThreeKeys: number[] = [];
    for (let code = 1; code < MAX_CODE; code++) if (keysymRole(sym(code)) === Role.Level3) levelThreeKeys.push(code);
    const mask = {
      shift: modMask(keymap, 'Shift'),
      lock: modMask(keymap, 'Lock'),
      control: modMask(keymap, 'Control'),
      alt: maskOf(firstWith(Role.Alt)),
      super: maskOf(firstWith(Role.Super)),
      level3: maskOf(levelThreeKeys[0] ?? 0),
    };
    // ROLE_MODS order: none, Shift, Control, Alt, Super, level 3.
    const slotMasks = [0, mask.shift, mask.control, mask.alt, mask.super, mask.level3];

    const tables: GroupTable[] = [];
    const roles: Array<Record<number, number[]>> = [];
    for (let g = 0; g < groups; g++) {
      const chars: Record<number, Array<string | null>> = {};
      const dead: Record<number, Array<string | null>> = {};
      const groupRoles: Record<number, number[]> = {};
      for (let level = 0; level < LEVEL_COUNT; level++) {
        const s = (level & 1) !== 0, c = (level & 2) !== 0, a = (level & 4) !== 0;
        if (a && mask.level3 === 0) continue;
        setState((s ? mask.shift : 0) | (a ? mask.level3 : 0), c ? mask.lock : 0, g);
        for (let code = 1; code < MAX_CODE; code++) {
          const ks = sym(code);
          if (isDeadKeysym(ks)) {
            (dead[code] ??= new Array(LEVEL_COUNT).fill(null))[level] = DEAD_MARKS[ks] ?? UNKNOWN_MARK;
            continue;
          }
          const ch = textOf(code, utf32(code));
          if (ch !== null) (chars[code] ??= new Array(LEVEL_COUNT).fill(null))[level] = ch;
        }
      }
      for (let slot = 0; slot < ROLE_SLOTS; slot++) {
        if (slot > 0 && slotMasks[slot] === 0) continue;
        setState(slotMasks[slot], 0, g);
        for (let code = 1; code < MAX_CODE; code++) {
          const role = keysymRole(sym(code));
          if (role !== Role.None) (groupRoles[code] ??= new Array(ROLE_SLOTS).fill(Role.None))[slot] = role;
        }
      }
      tables.push({ chars, dead });
      roles.push(groupRoles);
    }
    return { name: layoutLabel(names), ...tables[0], moreGroups: tables.slice(1), levelThreeKeys, roles };
  } finally {
    call('xkb_state_unref', DataType.Void, [P], [state]);
  }
}

function modMask(keymap: JsExternal, name: string): number {
  const i = call<number>('xkb_keymap_mod_get_index', U, [P, DataType.String], [keymap, name]);
  return i === XKB_MOD_INVALID ? 0 : (1 << i) >>> 0;
}

function textOf(code: number, cp: number): string | null {
  if (cp === 0) return null;
  // Enter is CR to xkb; the rest of the engine (and a VT line) knows it as \n.
  if (cp === 0x0d) return code === KEY.ENTER || code === KEY.KPENTER ? '\n' : null;
  if (cp === 0x09) return '\t';
  // Backspace, Escape, Delete: control characters, not text.
  if (cp < 0x20 || cp === 0x7f) return null;
  return String.fromCodePoint(cp);
}

/** The layout as a Keymap (throws XkbError when the library or the layout is missing). */
export function xkbKeymap(names: XkbNames): TableKeymap {
  return new TableKeymap(xkbTable(names));
}
