import { describe, expect, it } from 'vitest';
import { KEY } from '../../src/keymap/keycodes.js';
import { boardShapeFor, keyLayout, keyPositions } from '../../src/keymap/geometry.js';
import type { Keymap, Levels } from '../../src/keymap/keymap.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { ErrorModel, unpackErrorModel } from '../../src/policy/error-model.js';
import { loadFallbackData } from '../../src/lists/fallback-data.js';
import { SlipModel } from '../../src/policy/slip-model.js';

/** The US table with some keys typing other letters: enough to stand for de (QWERTZ) or a swapped board. */
function remapped(name: string, swaps: Record<number, string>): Keymap {
  const us = new UsKeymap();
  return {
    name,
    decode: (code: number, levels: Levels) => swaps[code] ?? us.decode(code, levels),
    encode: (ch, caps, group) => us.encode(ch, caps, group),
    codesTyping: (chars) => us.codesTyping(chars),
  };
}

const sorted = (xs: string[]) => [...xs].sort();

describe('key geometry', () => {
  it('puts the letter rows with their stagger, and the hands split between t/y, g/h, b/n', () => {
    const at = keyPositions('ansi');
    expect(at.get(KEY.A)!.x - at.get(KEY.Q)!.x).toBeCloseTo(0.25);
    expect(at.get(KEY.Z)!.x - at.get(KEY.A)!.x).toBeCloseTo(0.5);
    expect([KEY.T, KEY.G, KEY.B].map((c) => at.get(c)!.hand)).toEqual([0, 0, 0]);
    expect([KEY.Y, KEY.H, KEY.N].map((c) => at.get(c)!.hand)).toEqual([1, 1, 1]);
    // ISO: an extra key left of Z, and the backslash key on the home row.
    expect(keyPositions('iso').has(KEY.KEY_102ND)).toBe(true);
    expect(keyPositions('ansi').has(KEY.KEY_102ND)).toBe(false);
    expect(keyPositions('iso').get(KEY.BACKSLASH)!.y).toBe(2);
    expect(boardShapeFor('us')).toBe('ansi');
    expect(boardShapeFor('de')).toBe('iso');
  });

  it('reads the neighbours of a letter through the layout', () => {
    const us = new SlipModel(keyLayout(new UsKeymap()));
    expect(sorted(us.neighbours('u').filter((c) => /[a-z]/.test(c)))).toEqual(['h', 'i', 'j', 'y']);
    expect(sorted(us.neighbours('a').filter((c) => /[a-z]/.test(c)))).toEqual(['q', 's', 'w', 'z']);
    // QWERTZ: z sits where y is on a US board, so its neighbours are t, u, g, h.
    const de = new SlipModel(keyLayout(remapped('de', { [KEY.Y]: 'z', [KEY.Z]: 'y' }), 'iso'));
    expect(sorted(de.neighbours('z').filter((c) => /[a-z]/.test(c)))).toEqual(['g', 'h', 't', 'u']);
    expect(de.neighbours('y')).toContain('x');
    expect(de.neighbours('y')).not.toContain('t');
  });

  it('makes the nearest key the likeliest slip, and swaps likelier across hands', () => {
    const m = new SlipModel(keyLayout(new UsKeymap()));
    expect(m.substitute('u', 'y')).toBeGreaterThan(m.substitute('u', 'h'));
    expect(m.substitute('u', 'p')).toBe(0);
    expect(m.swap('t', 'h')).toBeGreaterThan(m.swap('t', 'r'));
    expect(m.insertAfter('s', 's')).toBeGreaterThan(0); // doubling
    expect(m.omit('l', 'l')).toBeGreaterThan(m.omit('a', 'l')); // undoubling
  });
});

describe('the error model with slips', () => {
  // The model the build learnt from the default list's spelling mistakes (npm test builds first).
  const data = loadFallbackData();
  if (data === null) throw new Error('dist/precomputed/fallback.bin missing: run npm run build');
  const spelling = unpackErrorModel(data.errorModel);
  const layout = keyLayout(new UsKeymap());

  it('makes a neighbouring key far cheaper than the spelling model alone', () => {
    const plain = new ErrorModel(spelling);
    const slips = new ErrorModel(spelling, new SlipModel(layout), 4);
    expect(slips.cost('cojnterpart', 'counterpart')).toBeLessThan(plain.cost('cojnterpart', 'counterpart') - 2);
    // A key far from the intended one gains nothing.
    expect(slips.cost('cobnterpart', 'counterpart')).toBeCloseTo(plain.cost('cobnterpart', 'counterpart'), 1);
  });

  it('follows the layout: the same slip costs less where the keys are neighbours', () => {
    const de = keyLayout(remapped('de', { [KEY.Y]: 'z', [KEY.Z]: 'y' }), 'iso');
    const onUs = new ErrorModel(spelling, new SlipModel(layout), 4);
    const onDe = new ErrorModel(spelling, new SlipModel(de), 4);
    // "wrize" for "write": z is beside t on QWERTZ, a board away on QWERTY.
    expect(onDe.cost('wrize', 'write')).toBeLessThan(onUs.cost('wrize', 'write') - 2);
  });

  it('prices a neighbour inserted before a key, which the spelling model cannot see', () => {
    const slips = new ErrorModel(spelling, new SlipModel(layout), 4);
    // f brushed on the way to d: a neighbour of the next key, not of the n before it.
    expect(slips.cost('kinfd', 'kind')).toBeLessThan(new ErrorModel(spelling).cost('kinfd', 'kind') - 1);
  });
});
