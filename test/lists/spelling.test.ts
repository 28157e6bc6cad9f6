import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpelling, type LoadedSpeller } from '../../src/lists/spelling.js';

let s: LoadedSpeller;
beforeAll(async () => {
  s = await loadSpelling();
});

describe('loadSpelling (nspell + dictionary-en)', () => {
  it('accepts words and rejects typos; timings are printed, not asserted', () => {
    console.log(`spelling: load ${s.loadMs.toFixed(0)} ms`);
    expect(s.isCorrect('the')).toBe(true);
    expect(s.isCorrect('teh')).toBe(false);
    expect(s.isCorrect('recieve')).toBe(false);

    const words = ['the', 'teh', 'Teh', 'THE', "don't", 'receive', 'recieve', 'antidisestablishmentarianism', 'xyzzyq'];
    const n = 20_000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) s.isCorrect(words[i % words.length]);
    console.log(`spelling: isCorrect mean ${(((performance.now() - t0) / n) * 1000).toFixed(2)} µs`);
  });

  it('follows hunspell case rules: capitalised and ALL-CAPS forms of a word pass', () => {
    expect(s.isCorrect('The')).toBe(true);
    expect(s.isCorrect('THE')).toBe(true);
    expect(s.isCorrect('Teh')).toBe(false);
    expect(s.isCorrect('TEH')).toBe(false);
    // proper nouns and acronyms need their case
    expect(s.isCorrect('Paris')).toBe(true);
    expect(s.isCorrect('paris')).toBe(false);
    expect(s.isCorrect('NASA')).toBe(true);
  });

  it('knows contractions and the pronoun I', () => {
    expect(s.isCorrect("don't")).toBe(true);
    expect(s.isCorrect("it's")).toBe(true);
    expect(s.isCorrect('its')).toBe(true);
    expect(s.isCorrect('dont')).toBe(false);
    expect(s.isCorrect('I')).toBe(true);
    expect(s.isCorrect("I'm")).toBe(true);
    expect(s.isCorrect("i'm")).toBe(false);
  });

  it('rejects the empty string and absurdly long input cheaply', () => {
    expect(s.isCorrect('')).toBe(false);
    expect(s.isCorrect('a'.repeat(10_000))).toBe(false);
  });
});
