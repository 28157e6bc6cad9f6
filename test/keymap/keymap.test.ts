import { describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { UsKeymap } from '../../src/keymap/us.js';

const us = new UsKeymap();
const lv = (shift = false, capsLock = false) => ({ shift, capsLock, altGr: false });

describe('US keymap', () => {
  it('decodes letters with Shift and Caps Lock', () => {
    expect(us.decode(KEY.A, lv())).toBe('a');
    expect(us.decode(KEY.A, lv(true))).toBe('A');
    expect(us.decode(KEY.A, lv(false, true))).toBe('A');
    expect(us.decode(KEY.A, lv(true, true))).toBe('a');
  });
  it('Caps Lock does not shift digits or punctuation', () => {
    expect(us.decode(KEY.N1, lv(false, true))).toBe('1');
    expect(us.decode(KEY.N1, lv(true, true))).toBe('!');
    expect(us.decode(KEY.APOSTROPHE, lv(false, true))).toBe("'");
  });
  it('non-printing keys decode to null', () => {
    expect(us.decode(KEY.LEFT, lv())).toBeNull();
    expect(us.decode(KEY.F1, lv())).toBeNull();
    expect(us.decode(999, lv())).toBeNull();
  });
  it('round-trips every printable ASCII character', () => {
    for (let c = 32; c < 127; c++) {
      const ch = String.fromCharCode(c);
      for (const caps of [false, true]) {
        const s = us.encode(ch, caps);
        expect(s, ch).not.toBeNull();
        expect(us.decode(s!.code, lv(s!.shift, caps)), ch).toBe(ch);
      }
    }
  });
  it('cannot type é or emoji', () => {
    expect(us.encode('é', false)).toBeNull();
    expect(us.encode('😀', false)).toBeNull();
  });
  it('lists the keys that type given characters', () => {
    expect(us.codesTyping(['!', ' '])).toEqual([KEY.N1, KEY.SPACE]);
  });
});
