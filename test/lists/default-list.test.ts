import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CorrectionLists, packageRoot } from '../../src/lists/load.js';
import { loadSpelling, type Speller } from '../../src/lists/spelling.js';

let defaults: ReadonlyMap<string, string>;
let speller: Speller;

beforeAll(async () => {
  const lists = new CorrectionLists({ userPath: '/nonexistent/autocorrector-test/corrections.toml' });
  const r = lists.loadDefault();
  expect(r.errors).toEqual([]);
  defaults = lists.defaults;
  speller = await loadSpelling();
}, 60_000); // parsing 80k entries and loading hunspell data: seconds on a busy CI box

describe('dictionaries/default.toml', () => {
  it('loads without errors and is large', () => {
    expect(defaults.size).toBeGreaterThan(50_000);
  });

  it('has the classic typos, from the source data', () => {
    expect(defaults.get('teh')).toBe('the');
    expect(defaults.get('recieve')).toBe('receive');
    expect(defaults.get('adn')).toBe('and');
    expect(defaults.get('thier')).toBe('their');
    expect(defaults.get('definately')).toBe('definitely');
    expect(defaults.get('doesnt')).toBe("doesn't");
  });

  it('never has a real word as key, nor a misspelt or ambiguous fix', () => {
    const bad: string[] = [];
    for (const [k, v] of defaults) {
      if (speller.isCorrect(k)) bad.push(`key ${k}`);
      if (v.includes(',')) bad.push(`ambiguous ${k} = ${v}`);
      if (!v.split(' ').every((w) => speller.isCorrect(w))) bad.push(`fix ${k} = ${v}`);
      if (k === v.toLowerCase()) bad.push(`identity ${k}`);
    }
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('has only lowercase keys the tracker can produce', () => {
    const bad = [...defaults.keys()].filter((k) => !/^[a-z]+(?:'[a-z]+)*$/.test(k));
    expect(bad.slice(0, 20)).toEqual([]);
  });

  it('leaves out the real words joshuar/autocorrector wrongly corrected', () => {
    for (const w of ['lead', 'cant', 'loose', 'ant', 'its', 'were', 'well']) expect(defaults.has(w)).toBe(false);
  });

  it('is up to date with dictionaries/build.mjs and its source package', () => {
    // Rebuilds in memory and compares; exits non-zero when stale.
    const out = execFileSync(process.execPath, [join(packageRoot(), 'dictionaries', 'build.mjs'), '--check'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/up to date/);
    // A full rebuild (~20 s alone, longer beside the rest of the suite on a
    // small CI machine): a freshness check, so no tight timeout.
  }, 300_000);
});
