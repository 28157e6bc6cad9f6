// Whether libxkbcommon can be loaded here: xkb tests skip without it, except in CI.
import { xkbKeymap } from '../../src/layout/xkb-library.js';

/** Why xkb cannot build `layout` here, or null; and whether to skip (never in CI: there it must fail). */
export function xkbAvailability(layout: string): { unavailable: string | null; skip: boolean } {
  let unavailable: string | null = null;
  try {
    xkbKeymap({ rules: '', model: '', layout, variant: '', options: '' });
  } catch (err) {
    unavailable = (err as Error).message;
  }
  return { unavailable, skip: unavailable !== null && !process.env.CI };
}

export const { unavailable, skip } = xkbAvailability('us');
