// The German, French and Spanish spellers and fallbacks as the daemon loads
// them (the build's snapshots when present, else nspell built here).
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpelling, type LoadedSpeller } from '../../src/lists/spelling.js';
import { loadFallbackData } from '../../src/lists/fallback-data.js';
import { DictionaryFallback } from '../../src/policy/fallback.js';

let de: LoadedSpeller;
let fr: LoadedSpeller;
let es: LoadedSpeller;

beforeAll(async () => {
  [de, fr, es] = await Promise.all([loadSpelling({ language: 'de' }), loadSpelling({ language: 'fr' }), loadSpelling({ language: 'es' })]);
}, 120_000); // French without a snapshot expands 3 million forms

describe('German speller', () => {
  it('accepts words nspell alone would reject: a word also listed as a compound part (gehen)', () => {
    for (const w of ['gehen', 'nicht', 'und', 'Haus', 'Häuser', 'Straße', 'als', 'ein', 'im']) expect(de.isCorrect(w), w).toBe(true);
  });

  it('accepts compounds the dictionary does not list, part by part', () => {
    for (const w of ['Dateiname', 'Autobahnraststätte', 'Arbeitsplatz', 'Zeichenkette']) expect(de.isCorrect(w), w).toBe(true);
  });

  it('rejects typos, also inside a would-be compound', () => {
    for (const w of ['nciht', 'Hasu', 'Dateinmae', 'gehne', 'xyzzy']) expect(de.isCorrect(w), w).toBe(false);
  });
});

describe('French and Spanish spellers', () => {
  it('accept their words, elisions included, and reject typos', () => {
    for (const w of ['dont', 'listes', 'adresse', 'été', "l'homme", "aujourd'hui", 'fenêtre']) expect(fr.isCorrect(w), w).toBe(true);
    for (const w of ['tema', 'posible', 'niño', 'está', 'él']) expect(es.isCorrect(w), w).toBe(true);
    expect(fr.isCorrect('fenêtte')).toBe(false);
    expect(es.isCorrect('posibel')).toBe(false);
  });
});

const built = loadFallbackData('de') !== null;

describe.skipIf(!built)('German fallback (needs npm run build)', () => {
  it('fixes German typos, nouns with their capital', () => {
    const fb = new DictionaryFallback(loadFallbackData('de')!);
    expect(fb.suggest('nciht')).toBe('nicht');
    expect(fb.suggest('gehne')).toBe('gehen');
    expect(fb.suggest('hasu')).toBe('Haus');
    expect(fb.suggest('nicht')).toBeNull(); // a listed word is never "fixed"
  });
});
