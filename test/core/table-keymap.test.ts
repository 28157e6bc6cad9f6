// The pure side of xkb layouts, on a hand-made table (no libxkbcommon needed):
// the reverse map's choice of keys, AltGr as a level, dead keys in the tracker.
import { describe, expect, it } from 'vitest';
import { composeDead } from '../../src/keymap/dead.js';
import { KEY } from '../../src/keymap/keycodes.js';
import { TableKeymap, levelIndex } from '../../src/keymap/table.js';
import { Step, WordTracker } from '../../src/tracker/word-tracker.js';

/** A row: [plain, Shift, Caps, Shift+Caps, AltGr, AltGr+Shift, AltGr+Caps, AltGr+Shift+Caps]. */
const letter = (lo: string, hi: string, alt: string | null = null) => [lo, hi, hi, lo, alt, alt, alt, alt];
const table = new TableKeymap({
  name: 'toy',
  chars: {
    [KEY.Q]: letter('q', 'Q', '@'),
    [KEY.E]: letter('e', 'E', '€'),
    [KEY.T]: letter('t', 'T'),
    [KEY.H]: letter('h', 'H'),
    [KEY.N1]: ['1', '!', '1', '!', null, null, null, null],
    [KEY.KP1]: ['1', '1', '1', '1', null, null, null, null],
    [KEY.SPACE]: new Array(8).fill(' '),
  },
  dead: { [KEY.EQUAL]: ['\u0301', '\u0300', '\u0301', '\u0300', null, null, null, null] },
  levelThreeKeys: [KEY.RIGHTALT],
});

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

describe('WordTracker on a layout with AltGr and dead keys', () => {
  const feed = (tr: WordTracker, codes: Array<number | [number, 0 | 1]>) => {
    let t = 0;
    const steps: Step[] = [];
    for (const c of codes) {
      if (Array.isArray(c)) steps.push(tr.key(c[0], c[1], t += 10));
      else { steps.push(tr.key(c, 1, t += 10)); tr.key(c, 0, t += 10); }
    }
    return steps;
  };

  it('AltGr is a level, not Alt: q with AltGr adds @ to the word instead of resetting it', () => {
    const tr = new WordTracker(table);
    feed(tr, [KEY.T, [KEY.RIGHTALT, 1], KEY.Q, [KEY.RIGHTALT, 0], KEY.E]);
    expect(tr.currentToken()).toBe('t@e');
    expect(tr.heldModifiers()).toEqual([]);
  });

  it('a dead key ends nothing and the letter it composes joins the word', () => {
    const tr = new WordTracker(table);
    const steps = feed(tr, [KEY.T, KEY.H, KEY.EQUAL, KEY.E]);
    expect(steps).toEqual([Step.Char, Step.Char, Step.None, Step.Char]);
    expect(tr.currentToken()).toBe('thé');
    // Dead key + Space types the accent: no word end.
    expect(feed(tr, [KEY.EQUAL, KEY.SPACE])).toEqual([Step.None, Step.Char]);
    expect(tr.currentToken()).toBe('thé´');
  });

  it('a dead key with no composition leaves the word unjudged; Backspace mid-sequence forgets it', () => {
    const tr = new WordTracker(table);
    feed(tr, [KEY.T, KEY.EQUAL, KEY.Q, KEY.H]);
    expect(feed(tr, [KEY.SPACE])).toEqual([Step.WordEnd]);
    expect(tr.token).toBe('');
    feed(tr, [KEY.T, KEY.H, KEY.EQUAL, KEY.BACKSPACE, KEY.E]);
    expect(feed(tr, [KEY.SPACE])).toEqual([Step.WordEnd]);
    expect(tr.token).toBe('');
  });
});
