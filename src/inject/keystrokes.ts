import { EV_KEY, EV_SYN, KEY, SYN_REPORT } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
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

/**
 * Turns an edit into key events for the virtual keyboard. Modifiers the user
 * holds are released first and pressed again after, so the fix cannot turn
 * into shortcuts (Shift held for `!` would otherwise type capitals).
 * Returns null when the layout cannot type some character of the fix: the
 * edit is skipped rather than garbled.
 */
export function editKeystrokes(
  edit: Edit,
  keymap: Keymap,
  capsLock: boolean,
  heldModifiers: readonly number[],
): EventTriples | null {
  const out: EventTriples = [];
  for (const code of heldModifiers) push(out, code, 0);
  for (let i = 0; i < edit.erase; i++) tap(out, KEY.BACKSPACE);
  for (const ch of edit.text) {
    const stroke = keymap.encode(ch, capsLock);
    if (stroke === null) return null;
    if (stroke.altGr) push(out, KEY.RIGHTALT, 1);
    if (stroke.shift) push(out, KEY.LEFTSHIFT, 1);
    tap(out, stroke.code);
    if (stroke.shift) push(out, KEY.LEFTSHIFT, 0);
    if (stroke.altGr) push(out, KEY.RIGHTALT, 0);
  }
  for (const code of heldModifiers) push(out, code, 1);
  return out;
}
