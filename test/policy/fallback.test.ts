import { describe, expect, it } from 'vitest';
import { Policy } from '../../src/policy/policy.js';
import { DictionaryFallback, deletes, osaDistance } from '../../src/policy/fallback.js';
import { EditKind, ErrorModel, alignEdits, learnErrorModel, packErrorModel, unpackErrorModel } from '../../src/policy/error-model.js';
import { buildFallbackData, deserializeFallbackData, parseFrequencyList, serializeFallbackData } from '../../src/lists/fallback-data.js';

// A tiny frequency list: word count (counts like the Google Books ones).
const LIST = `the 23135851162
their 2400000000
they 3000000000
receive 30000000
recipe 9000000
house 200000000
horse 60000000
hose 5000000
language 90000000
goal 60000000
coal 40000000
zyzzyva 2000000
separate 40000000
seaport 2000000
fulton 3000000
`;
const NOT_WORDS = new Set(['fulton']); // in the list, but not a word the speller takes

function fallback(): DictionaryFallback {
  const { words, counts } = parseFrequencyList(LIST);
  const data = buildFallbackData(words, counts, { isCorrect: (w) => !NOT_WORDS.has(w) });
  // Through the build's file format, as the daemon loads it.
  return new DictionaryFallback(deserializeFallbackData(serializeFallbackData(data)));
}

describe('edit distance', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(osaDistance('langauge', 'language', 2)).toBe(1);
    expect(osaDistance('hte', 'the', 2)).toBe(1);
    expect(osaDistance('abc', 'xyz', 2)).toBe(3);
    expect(osaDistance('seperate', 'separate', 2)).toBe(1);
  });
  it('deletes reach distance 2', () => {
    expect([...deletes('abc', 2)].sort()).toEqual(['a', 'ab', 'abc', 'ac', 'b', 'bc', 'c']);
  });
});

describe('error model', () => {
  // People swap i and e far more often than they swap, say, b and r.
  const model = new ErrorModel(learnErrorModel([
    ['recieve', 'receive'], ['beleive', 'believe'], ['acheive', 'achieve'], ['peice', 'piece'],
    ['seperate', 'separate'], ['definately', 'definitely'], ['adress', 'address'], ['untill', 'until'],
  ]));
  it('finds the edits of a pair', () => {
    expect(alignEdits('recieve', 'receive').map((e) => e.kind)).toEqual([EditKind.Swap]);
    expect(alignEdits('adress', 'address').map((e) => e.kind)).toEqual([EditKind.Del]);
    expect(alignEdits('untill', 'until').map((e) => e.kind)).toEqual([EditKind.Ins]);
    expect(alignEdits('seperate', 'separate').map((e) => e.kind)).toEqual([EditKind.Sub]);
    expect(alignEdits('same', 'same')).toEqual([]);
  });
  it('costs a learnt edit less than one never seen', () => {
    expect(model.cost('same', 'same')).toBe(0);
    expect(model.cost('thier', 'their')).toBeLessThan(model.cost('tehir', 'their'));
    expect(model.cost('seperate', 'separate')).toBeLessThan(model.cost('soparate', 'separate'));
    // Two edits cost more than either alone.
    expect(model.cost('seperete', 'separate')).toBeGreaterThan(model.cost('seperate', 'separate'));
  });
  it('survives the packed form', () => {
    const packed = packErrorModel(model.data);
    expect(new ErrorModel(unpackErrorModel(packed)).cost('thier', 'their')).toBe(model.cost('thier', 'their'));
  });
});

describe('dictionary fallback', () => {
  it('corrects when one candidate clearly wins', () => {
    const f = fallback();
    expect(f.suggest('langauge')).toBe('language');
    expect(f.lastExplain).toMatch(/distance 1/);
    expect(f.suggest('hpuse')).toBe('house');
    expect(f.suggest('seperate')).toBe('separate');
  });
  it('leaves close calls alone', () => {
    const f = fallback();
    // goal and coal are both one edit from "hoal", with counts too close.
    expect(f.suggest('hoal')).toBeNull();
    expect(f.lastExplain).toMatch(/best goal with [\d.]+% of the probability \(need 90%\), runner-up coal/);
  });
  it('its packed delete index finds every word within the distance, as a scan of all words does', () => {
    // Words up to PREFIX letters, where symmetric delete is exact; enough of
    // them for many index buckets. Equal counts: no candidate is pruned.
    let seed = 1;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n);
    const word = () => Array.from({ length: 3 + rand(5) }, () => 'abcdefgh'[rand(8)]).join('');
    const words = [...new Set(Array.from({ length: 3000 }, word))];
    const data = buildFallbackData(words, words.map(() => 1000), { isCorrect: () => true });
    const f = new DictionaryFallback(deserializeFallbackData(serializeFallbackData(data)));
    let found = 0;
    for (let t = 0; t < 300; t++) {
      const typed = word();
      const max = typed.length >= 4 ? 2 : 1;
      const want = words.flatMap((w, i) => { const d = osaDistance(typed, w, max); return d > 0 && d <= max ? [i] : []; });
      expect(f.candidates(typed, max).map((c) => c.index).sort((a, b) => a - b), typed).toEqual(want);
      found += want.length;
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('never proposes for short words or for words the list knows', () => {
    const f = fallback();
    expect(f.suggest('th')).toBeNull(); // too short to guess
    expect(f.suggest('fulton')).toBeNull(); // a known word the speller lacks
  });
  it('leaves deliberate forms alone: a plural of a known word, a dropped g', () => {
    const { words, counts } = parseFrequencyList('market 90000000\nmarketing 80000000\ngoing 900000000\ngoon 3000000\n');
    const f = new DictionaryFallback(buildFallbackData(words, counts, { isCorrect: () => true }));
    expect(f.suggest('marketings')).toBeNull();
    expect(f.suggest('goin')).toBeNull();
    expect(f.suggest('markting')).toBe('marketing');
  });
  it('does not take distance 2 for shorter words', () => {
    const f = fallback();
    expect(f.suggest('hsr')).toBeNull(); // hose and horse are two edits away
    f.suggest('hsre'); // four letters: two edits are looked at
    expect(f.lastExplain).toMatch(/distance 2/);
  });
  it('the policy asks it only for lower-case words the speller rejects', () => {
    const words = new Set(['the', 'language', 'receive']);
    const p = new Policy({ user: new Map(), defaults: new Map(), ignored: new Set(['langauge']) }, { isCorrect: (w) => words.has(w.toLowerCase()) }, fallback());
    expect(p.decide('langauge')).toBeNull(); // ignored
    expect(p.decide('LANGAUGE')).toBeNull(); // ALL CAPS
    expect(p.decide('Langauge')).toBeNull(); // a capitalised unknown is more often a name
    const ok = fallback();
    const q = new Policy({ user: new Map(), defaults: new Map(), ignored: new Set() }, { isCorrect: (w) => words.has(w) }, ok);
    expect(q.decide('langauge')).toMatchObject({ replacement: 'language', source: 'dictionary' });
    expect(q.decide('langauge')?.explain).toMatch(/dictionary: distance 1/);
  });
});
