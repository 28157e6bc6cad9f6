// What a key does besides typing: the modifier, lock or group switch the
// layout compiled onto it. xkb's actions come from the keysyms (its compat
// rules map Shift_L to SetMods(Shift), ISO_Next_Group to LockGroup(+1), …),
// so a keysym is enough to know the action. Pure.
import { KEY } from './keycodes.js';

export const Role = {
  /** Types (or not) by the char table: letters, Escape, arrows. */
  None: 0,
  Shift: 1,
  Control: 2,
  Alt: 3,
  /** Super, Hyper, Level 5: chords with them are shortcuts. */
  Super: 4,
  /** ISO_Level3_Shift (AltGr): a level, not a shortcut modifier. */
  Level3: 5,
  /** Caps_Lock / Shift_Lock: toggles the Lock state on press. */
  CapsLock: 6,
  GroupNext: 7,
  GroupPrev: 8,
  GroupFirst: 9,
  GroupLast: 10,
  /** Mode_switch / ISO_Group_Shift: the next group while held. */
  GroupShift: 11,
  /** BackSpace wherever the layout puts it (caps:backspace). */
  Backspace: 12,
  /** VoidSymbol (caps:none): the key does nothing at all. */
  Inert: 13,
} as const;
export type Role = (typeof Role)[keyof typeof Role];

/** Modifier state bits the tracker keeps; a key's role is looked up by them. */
export const MOD = { SHIFT: 1, CONTROL: 2, ALT: 4, SUPER: 8, LEVEL3: 16 } as const;

/**
 * The modifier sets a key's role is flattened for: none, then each one alone.
 * Group-switch options are two-key chords (Alt+Shift, Super+Space), so one
 * held modifier is what decides them; with several held, the lowest bit rules.
 */
export const ROLE_MODS: readonly number[] = [0, MOD.SHIFT, MOD.CONTROL, MOD.ALT, MOD.SUPER, MOD.LEVEL3];
export const ROLE_SLOTS = ROLE_MODS.length;

/** ROLE_SLOT[mods]: the slot of ROLE_MODS a held-modifier set reads. */
export const ROLE_SLOT: Uint8Array = (() => {
  const slots = new Uint8Array(32);
  for (let mods = 1; mods < 32; mods++) slots[mods] = ROLE_MODS.indexOf(mods & -mods);
  return slots;
})();

/** The modifier bit a role sets while its key is held, or 0. */
export function roleMod(role: Role): number {
  switch (role) {
    case Role.Shift: return MOD.SHIFT;
    case Role.Control: return MOD.CONTROL;
    case Role.Alt: return MOD.ALT;
    case Role.Super: return MOD.SUPER;
    case Role.Level3: return MOD.LEVEL3;
    default: return 0;
  }
}

/** Keysym (xkbcommon-keysyms.h) to role. */
export function keysymRole(sym: number): Role {
  switch (sym) {
    case 0xffe1: case 0xffe2: return Role.Shift; // Shift_L/R
    case 0xffe3: case 0xffe4: return Role.Control;
    case 0xffe5: case 0xffe6: return Role.CapsLock; // Caps_Lock, Shift_Lock
    case 0xffe7: case 0xffe8: case 0xffe9: case 0xffea: return Role.Alt; // Meta_L/R, Alt_L/R
    case 0xffeb: case 0xffec: case 0xffed: case 0xffee: return Role.Super; // Super, Hyper
    case 0xfe11: return Role.Super; // ISO_Level5_Shift: levels we do not flatten, so treat as a shortcut
    case 0xfe03: return Role.Level3; // ISO_Level3_Shift
    case 0xff7e: case 0xfe06: return Role.GroupShift; // Mode_switch (= ISO_Group_Shift), ISO_Group_Latch
    case 0xfe07: case 0xfe08: case 0xfe09: return Role.GroupNext; // ISO_Group_Lock, ISO_Next_Group(_Lock)
    case 0xfe0a: case 0xfe0b: return Role.GroupPrev;
    case 0xfe0c: case 0xfe0d: return Role.GroupFirst;
    case 0xfe0e: case 0xfe0f: return Role.GroupLast;
    case 0xff08: return Role.Backspace;
    case 0xffffff: return Role.Inert; // VoidSymbol
    default: return Role.None;
  }
}

/** Roles by key code, for layouts that carry none (the built-in US table): the usual PC keys. */
export function defaultRole(code: number): Role {
  switch (code) {
    case KEY.LEFTSHIFT: case KEY.RIGHTSHIFT: return Role.Shift;
    case KEY.LEFTCTRL: case KEY.RIGHTCTRL: return Role.Control;
    case KEY.LEFTALT: case KEY.RIGHTALT: return Role.Alt;
    case KEY.LEFTMETA: case KEY.RIGHTMETA: return Role.Super;
    case KEY.CAPSLOCK: return Role.CapsLock;
    case KEY.BACKSPACE: return Role.Backspace;
    default: return Role.None;
  }
}
