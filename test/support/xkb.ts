// Whether libxkbcommon can be loaded here: xkb tests skip without it, except in CI.
import { xkbKeymap } from '../../src/keymap/xkb.js';

function xkbUnavailable(): string | null {
  try {
    xkbKeymap({ rules: '', model: '', layout: 'us', variant: '', options: '' });
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

/** Why xkb cannot be used, or null. */
export const unavailable = xkbUnavailable();
/** Skip xkb tests when the library is missing, never in CI (there it must fail). */
export const skip = unavailable !== null && !process.env.CI;
