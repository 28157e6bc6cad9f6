import { EV_KEY } from '../keymap/keycodes.js';
import { modifierKeysOf, pushStroke, type EventTriples } from '../inject/keystrokes.js';
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
 * Shift held only around the characters that need it; a dead key first where
 * the layout needs one. Types in the first group. A character the layout
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
  const mods = modifierKeysOf(keymap, 0);
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const stroke = keymap.encode(ch, false);
    if (stroke === null) {
      out.push({ opaque: ch });
      continue;
    }
    const events: EventTriples = [];
    pushStroke(events, stroke, mods);
    for (let i = 0; i + 2 < events.length; i += 3) if (events[i] === EV_KEY) ev(events[i + 1], events[i + 2] as 0 | 1);
  }
  return out;
}
