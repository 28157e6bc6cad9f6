import type { KeyValue } from '../keymap/keycodes.js';

/** One EV_KEY event from a keyboard, in the order the kernel delivered it. */
export interface KeyInput {
  code: number;
  value: KeyValue;
  /** Milliseconds on any monotonic clock; only differences matter (idle reset). */
  timeMs: number;
}

/** Where a replacement came from. */
export type CorrectionSource = 'user' | 'default' | 'dictionary';

/**
 * What the engine wants done to the text on screen, *before* the key it was
 * returned for reaches the application: erase `erase` characters (Backspace),
 * then type `text`. The key itself is always delivered afterwards.
 */
export interface Edit {
  kind: 'correction' | 'undo';
  erase: number;
  text: string;
  /** The word as the user typed it, and the word it became. */
  typed: string;
  fix: string;
  source: CorrectionSource;
  /** Which rule made a correction (see Decision.explain). */
  explain?: string;
}
