// List mode's speller (src/lists/list-speller.ts) must answer as the full
// speller does, for every question list mode asks and for any other word.
import { beforeAll, describe, expect, it } from 'vitest';
import { CorrectionLists } from '../../src/lists/load.js';
import { buildListWords, loadListSpeller } from '../../src/lists/list-speller.js';
import { PackedList, packList } from '../../src/lists/packed-list.js';
import { loadSpelling, readDictionary, snapshotSource, type LoadedSpeller } from '../../src/lists/spelling.js';

let defaults: ReadonlyMap<string, string>;
let full: LoadedSpeller;
let list: LoadedSpeller;

const forms = (w: string) => [w, w.charAt(0).toUpperCase() + w.slice(1), w.toUpperCase()];

beforeAll(async () => {
  const lists = new CorrectionLists({ userPath: '/nonexistent/autocorrector-test/corrections.toml' });
  expect(lists.loadDefault().errors).toEqual([]);
  defaults = lists.defaults;
  full = await loadSpelling();
  const loaded = loadListSpeller(defaults);
  expect(loaded, 'dist/precomputed/list-words.bin (npm run build)').not.toBeNull();
  list = loaded!;
}, 60_000);

describe('list mode speller', () => {
  it('answers as the full speller for each default-list key, lower case, Capitalised and in capitals', () => {
    const differ: string[] = [];
    for (const key of defaults.keys()) {
      for (const w of forms(key)) if (list.isCorrect(w) !== full.isCorrect(w)) differ.push(w);
    }
    expect(differ).toEqual([]);
    // Both answers occur: the bits are not all one value.
    expect(list.isCorrect('teh')).toBe(false);
    expect(list.isCorrect('Arond')).toBe(false);
  });

  it('has the contractions, and answers as the full speller for them without their apostrophe', () => {
    expect([...list.contractions!]).toEqual([...full.contractions!]);
    for (const lower of full.contractions!.keys()) {
      for (const w of forms(lower.replace("'", ''))) expect(list.isCorrect(w), w).toBe(full.isCorrect(w));
    }
  });

  it('answers any other word from the full speller', () => {
    for (const w of ['tHe', 'iPod', 'McDonald', 'house', 'Xyzzyq', 'the', 'Paris', 'pARIS']) {
      expect(list.isCorrect(w), w).toBe(full.isCorrect(w));
    }
  });

  it('is not used for another list or without the precomputed answers', () => {
    expect(loadListSpeller(new Map([['teh', 'the']]))).toBeNull();
    const other = new PackedList(packList(new Map([['teh', 'the']]), 1));
    expect(loadListSpeller(other)).toBeNull();
  });

  it('builds one byte an entry after its header', () => {
    const bytes = buildListWords(['teh', 'house'], full, snapshotSource(readDictionary('en')));
    expect(bytes[bytes.length - 2]).toBe(0); // teh: no form is a word
    expect(bytes[bytes.length - 1]).toBe(7); // house, House, HOUSE
  });
});
