// The pure side of xkb layouts, on a hand-made table (no libxkbcommon needed):
// the reverse map's choice of keys, AltGr as a level, dead keys composed.
// (The tracker on the same table: test/tracker/word-tracker.test.ts.)
import { describe, expect, it } from 'vitest';
import { composeDead } from '../../src/keymap/dead.js';
import { KEY } from '../../src/keymap/keycodes.js';
import { levelIndex } from '../../src/keymap/table.js';
import { toyTable as table } from '../support/toy-keymap.js';

describe('TableKeymap', () => {
  it('decodes by level and picks the stroke with fewest modifiers, never the keypad over the main block', () => {
    expect(table.decode(KEY.Q, { shift: false, capsLock: false, altGr: true })).toBe('@');
    expect(table.decode(KEY.Q, { shift: true, capsLock: true, altGr: false })).toBe('q');
    expect(table.encode('@', false)).toEqual({ code: KEY.Q, shift: false, altGr: true });
    expect(table.encode('Q', true)).toEqual({ code: KEY.Q, shift: false, altGr: false });
    expect(table.encode('q', true)).toEqual({ code: KEY.Q, shift: true, altGr: false });
    expect(table.encode('1', false)).toEqual({ code: KEY.N1, shift: false, altGr: false });
    // é only through the dead key: ´ (the = key) then e; ñ not at all (no ~ dead key here).
    expect(table.encode('é', false)).toEqual({ code: KEY.E, shift: false, altGr: false, dead: { code: KEY.EQUAL, shift: false, altGr: false } });
    expect(table.encode('È', false)).toEqual({ code: KEY.E, shift: true, altGr: false, dead: { code: KEY.EQUAL, shift: true, altGr: false } });
    expect(table.encode('ñ', false)).toBeNull();
    expect(table.codesTyping([' ', '!'])).toEqual([KEY.N1, KEY.SPACE]);
    expect(levelIndex(true, false, true)).toBe(5);
  });

  it('composes dead keys by Unicode: ´e = é, `E = È, ´ Space = ´, ´q has no composition', () => {
    expect(composeDead('\u0301', 'e')).toEqual({ kind: 'char', ch: 'é' });
    expect(composeDead('\u0300', 'E')).toEqual({ kind: 'char', ch: 'È' });
    expect(composeDead('\u0301', ' ')).toEqual({ kind: 'char', ch: '´' });
    expect(composeDead('\u0301', 'q')).toEqual({ kind: 'unknown' });
  });
});
