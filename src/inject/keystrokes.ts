import { EV_KEY, EV_SYN, KEY, SYN_REPORT } from '../keymap/keycodes.js';
import type { Keymap, ModifierKeys, Stroke } from '../keymap/keymap.js';
import type { Edit } from '../engine/types.js';

/** Flat [type, code, value, type, code, value, …] as written to a uinput device. */
export type EventTriples = number[];

function push(out: EventTriples, code: number, value: number): void {
  out.push(EV_KEY, code, value, EV_SYN, SYN_REPORT, 0);
}

function tap(out: EventTriples, code: number): void {
  push(out, code, 1);
  push(out, code, 0);
}

const PC_MODIFIERS: ModifierKeys = { shift: KEY.LEFTSHIFT, level3: KEY.RIGHTALT };

/** The keys a layout presses for Shift and level 3 in `group`. */
export function modifierKeysOf(keymap: Keymap, group: number): ModifierKeys {
  return keymap.modifierKeys?.(group) ?? PC_MODIFIERS;
}

/** One stroke (a dead key first if it has one), Shift and level 3 held around each key as needed. */
export function pushStroke(out: EventTriples, stroke: Stroke, mods: ModifierKeys): void {
  if (stroke.dead) pushStroke(out, stroke.dead, mods);
  if (stroke.altGr) push(out, mods.level3, 1);
  if (stroke.shift) push(out, mods.shift, 1);
  tap(out, stroke.code);
  if (stroke.shift) push(out, mods.shift, 0);
  if (stroke.altGr) push(out, mods.level3, 0);
}

/**
 * Turns an edit into key events for the virtual keyboard. Modifiers the user
 * holds are released first and pressed again after, so the fix cannot turn
 * into shortcuts (Shift held for `!` would otherwise type capitals).
 * Strokes are those of the active `group`: the virtual keyboard goes through
 * the same xkb state as the physical one, so its keys are read in that group.
 * Returns null when the layout cannot type some character of the fix: the
 * edit is skipped rather than garbled.
 */
export function editKeystrokes(
  edit: Edit,
  keymap: Keymap,
  capsLock: boolean,
  heldModifiers: readonly number[],
  group = 0,
): EventTriples | null {
  const out: EventTriples = [];
  const mods = modifierKeysOf(keymap, group);
  for (const code of heldModifiers) push(out, code, 0);
  for (let i = 0; i < edit.erase; i++) tap(out, KEY.BACKSPACE);
  for (const ch of edit.text) {
    const stroke = keymap.encode(ch, capsLock, group);
    if (stroke === null) return null;
    pushStroke(out, stroke, mods);
  }
  for (const code of heldModifiers) push(out, code, 1);
  return out;
}
