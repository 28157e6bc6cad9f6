import { describe, expect, it } from 'vitest';
import { Casing, applyCasing, findPlainWord } from '../../src/policy/plain-word.js';
import { Policy } from '../../src/policy/policy.js';
import { TEST_WORDS, testData, wordSpeller } from '../support/replay.js';

describe('findPlainWord', () => {
  const plain: Array<[string, number, number, Casing]> = [
    ['teh', 0, 3, Casing.Lower], ['Teh', 0, 3, Casing.Capitalized], ['TEH', 0, 3, Casing.AllCaps],
    ["don't", 0, 5, Casing.Lower], ["'teh'", 1, 4, Casing.Lower], ['(teh', 1, 4, Casing.Lower],
    ['"Teh', 1, 4, Casing.Capitalized], ['I', 0, 1, Casing.Capitalized], ["students'", 0, 8, Casing.Lower],
    ['café', 0, 4, Casing.Lower],
  ];
  for (const [token, start, end, casing] of plain) {
    it(`${token} is plain`, () => expect(findPlainWord(token)).toEqual({ start, end, casing }));
  }
  // Identifiers: an underscore anywhere, leading or trailing too (_teh is a private name, teh_ a Python keyword dodge).
  for (const token of ['teh2', 'user_teh', '_teh', 'teh_', '__teh__', '(_teh', 'http://teh', 'www.teh', 'a@teh', 'iPhone', 'tEH', "'", "''teh", "te''h", '((teh', 'teh-teh', '']) {
    it(`${JSON.stringify(token)} is not plain`, () => expect(findPlainWord(token)).toBeNull());
  }
});

describe('applyCasing', () => {
  it('carries the typed case over', () => {
    expect(applyCasing('the', Casing.Lower)).toBe('the');
    expect(applyCasing('the', Casing.Capitalized)).toBe('The');
    expect(applyCasing('the', Casing.AllCaps)).toBe('THE');
    expect(applyCasing("don't", Casing.AllCaps)).toBe("DON'T");
  });
});

describe('Policy', () => {
  const policy = (user: Record<string, string> = {}, fallback: string | null = null) =>
    new Policy(testData(user), wordSpeller(TEST_WORDS), fallback === null ? null : { suggest: () => fallback });

  it('leaves words with a leading or trailing underscore alone, whatever the lists say', () => {
    for (const t of ['_teh', 'teh_', '_Teh', '"_teh']) expect(policy({ teh: 'the' }, 'the').decide(t), t).toBeNull();
  });
  it('corrects from the default list with case', () => {
    expect(policy().decide('Teh')).toMatchObject({ start: 0, replacement: 'The', source: 'default' });
    expect(policy().decide('TEH')).toMatchObject({ replacement: 'THE' });
  });
  it('keeps the opening quote and trailing apostrophe in place', () => {
    expect(policy().decide("'teh'")).toMatchObject({ start: 1, replacement: "the'" });
  });
  it('the user list wins, even over correct words', () => {
    expect(policy({ teh: 'ten' }).decide('teh')).toMatchObject({ replacement: 'ten', source: 'user' });
    expect(policy({ cat: 'cow' }).decide('cat')).toMatchObject({ replacement: 'cow', source: 'user' });
  });
  it('a correct word is never changed by the lists', () => {
    const p = new Policy({ user: new Map(), defaults: new Map([['cat', 'cot']]), ignored: new Set() }, wordSpeller('cat'));
    expect(p.decide('cat')).toBeNull();
  });
  it('ignored words are not corrected', () => {
    const p = new Policy({ ...testData(), ignored: new Set(['teh']) }, wordSpeller(TEST_WORDS));
    expect(p.decide('teh')).toBeNull();
  });
  it('the fallback seam is asked for unknown lower-case words, never for ALL CAPS or Capitalised', () => {
    expect(policy({}, 'zebra').decide('zebar')).toMatchObject({ replacement: 'zebra', source: 'dictionary' });
    expect(policy({}, 'zebra').decide('ZEBAR')).toBeNull();
    // A capitalised unknown word is more often a name than a typo: lists only (issue 7's eval).
    expect(policy({}, 'zebra').decide('Zebar')).toBeNull();
  });
  it('mid-sentence, a Capitalised word fixed to a common word is taken for a name; a proper-noun fix still applies', () => {
    const p = new Policy({ user: new Map([['pont', 'point']]), defaults: new Map([['enver', 'never'], ['britian', 'Britain']]), ignored: new Set() }, wordSpeller('never point'));
    expect(p.decide('Enver', false)).toBeNull();
    expect(p.decide('Enver', true)).toMatchObject({ replacement: 'Never' });
    expect(p.decide('enver', false)).toMatchObject({ replacement: 'never' });
    expect(p.decide('Britian', false)).toMatchObject({ replacement: 'Britain' });
    expect(p.decide('Pont', false)).toMatchObject({ replacement: 'Point', source: 'user' }); // the user's own list always applies
  });
  it('three capitals or fewer are an acronym unless only the letter order is wrong', () => {
    const p = new Policy({ user: new Map(), defaults: new Map([['lso', 'also'], ['teh', 'the'], ['adress', 'address']]), ignored: new Set() }, wordSpeller('also the address'));
    expect(p.decide('LSO')).toBeNull();
    expect(p.decide('lso')).toMatchObject({ replacement: 'also' });
    expect(p.decide('TEH')).toMatchObject({ replacement: 'THE' });
    expect(p.decide('ADRESS')).toMatchObject({ replacement: 'ADDRESS' });
  });
  it('unknown word without a fallback is left alone', () => {
    expect(policy().decide('zebar')).toBeNull();
  });
});
