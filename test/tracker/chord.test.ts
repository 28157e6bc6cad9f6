import { describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { ChordMatcher } from '../../src/tracker/chord.js';
import { keys } from '../support/keys.js';

const CTRL_ALT_SHIFT_C = {
  modifiers: [[KEY.LEFTCTRL, KEY.RIGHTCTRL], [KEY.LEFTALT, KEY.RIGHTALT], [KEY.LEFTSHIFT, KEY.RIGHTSHIFT]],
  key: KEY.C,
};

function fires(stream: string): number {
  const m = new ChordMatcher(CTRL_ALT_SHIFT_C);
  let n = 0;
  for (const ev of keys(stream)) if (!('click' in ev) && m.key(ev.code, ev.value)) n++;
  return n;
}

describe('ChordMatcher', () => {
  it('fires on the key with exactly the chord modifiers, either side', () => {
    expect(fires('d:lctrl d:lalt d:lshift c u:lshift u:lalt u:lctrl')).toBe(1);
    expect(fires('d:rctrl d:ralt d:rshift c')).toBe(1);
  });
  it('does not fire with a modifier missing, an extra one, or after release', () => {
    expect(fires('d:lctrl d:lshift c')).toBe(0);
    expect(fires('d:lctrl d:lalt d:lshift d:lmeta c')).toBe(0);
    expect(fires('d:lctrl d:lalt d:lshift u:lalt c')).toBe(0);
    expect(fires('"c"')).toBe(0);
  });
  it('fires once per press, not on autorepeat', () => {
    expect(fires('d:lctrl d:lalt d:lshift d:c r:c r:c u:c')).toBe(1);
  });
});
