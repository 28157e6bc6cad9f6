import { KEY } from '../keymap/keycodes.js';
import type { Keymap } from '../keymap/keymap.js';
import type { KeyInput } from '../engine/types.js';

/** One step of typing text: a key event, or a character no key of the layout types. */
export type TypedStep = KeyInput | { opaque: string };

export interface TypistOptions {
  /** Milliseconds between consecutive events (default 30). */
  msPerEvent?: number;
  startMs?: number;
}

/**
 * Turns text into the key events a person would make typing it on `keymap`:
 * Shift held only around the characters that need it. A character the layout
 * cannot type becomes an opaque step (it reaches the screen, it ends the word).
 */
export function typeText(text: string, keymap: Keymap, opts: TypistOptions = {}): TypedStep[] {
  const step = opts.msPerEvent ?? 30;
  let t = opts.startMs ?? 0;
  const out: TypedStep[] = [];
  const ev = (code: number, value: 0 | 1): void => {
    out.push({ code, value, timeMs: t });
    t += step;
  };
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const stroke = keymap.encode(ch, false);
    if (stroke === null) {
      out.push({ opaque: ch });
      continue;
    }
    if (stroke.altGr) ev(KEY.RIGHTALT, 1);
    if (stroke.shift) ev(KEY.LEFTSHIFT, 1);
    ev(stroke.code, 1);
    ev(stroke.code, 0);
    if (stroke.shift) ev(KEY.LEFTSHIFT, 0);
    if (stroke.altGr) ev(KEY.RIGHTALT, 0);
  }
  return out;
}
