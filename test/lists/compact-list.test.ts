// The build's compact copy of the default list (see src/lists/load.ts): used
// only while it matches the TOML, which stays the source of truth.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CorrectionLists,
  compactDefaultListPath,
  defaultListPath,
  formatCompactList,
  loadCorrectionsFile,
  readCompactList,
} from '../../src/lists/load.js';

let dir: string;
let toml: string;
let compact: string;
const TOML = "teh = 'the'\nadn = 'and'\nTHIER = 'their'\ndoesnt = \"doesn't\"\n";

function writeBoth(tomlText: string, entries: Map<string, string>, sourceBytes = Buffer.byteLength(tomlText)) {
  writeFileSync(toml, tomlText);
  writeFileSync(compact, formatCompactList(entries, sourceBytes));
  const t = Date.now() / 1000;
  utimesSync(toml, t - 10, t - 10);
  utimesSync(compact, t, t);
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ac-compact-'));
  toml = join(dir, 'default.toml');
  compact = join(dir, 'default-list.bin');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('compact default list', () => {
  it('round-trips the parsed TOML, order included', () => {
    writeFileSync(toml, TOML);
    const parsed = loadCorrectionsFile(toml).entries;
    writeBoth(TOML, parsed);
    const got = readCompactList(compact, toml);
    expect(got).not.toBeNull();
    expect([...got!]).toEqual([...parsed]);
    expect(got!.get('thier')).toBe('their');
  });

  it('round-trips an empty list', () => {
    writeBoth('# nothing\n', new Map());
    expect([...readCompactList(compact, toml)!]).toEqual([]);
  });

  it('is ignored when missing, older than the TOML, made from another size, or damaged', () => {
    writeFileSync(toml, TOML);
    expect(readCompactList(compact, toml)).toBeNull(); // missing

    const parsed = loadCorrectionsFile(toml).entries;
    writeBoth(TOML, parsed);
    const t = Date.now() / 1000;
    utimesSync(toml, t + 10, t + 10); // the TOML was edited after the build
    expect(readCompactList(compact, toml)).toBeNull();

    writeBoth(TOML, parsed, Buffer.byteLength(TOML) + 1);
    expect(readCompactList(compact, toml)).toBeNull();

    const good = Buffer.from(formatCompactList(parsed, Buffer.byteLength(TOML)));
    const tab = good.lastIndexOf('teh\t') + 3;
    const noTab = Buffer.from(good);
    noTab[tab] = 32; // 'teh the': an entry without its key
    const unsorted = Buffer.from(good);
    unsorted.writeUInt32LE(good.readUInt32LE(24 + 4 * 5), 24 + 4 * 6); // two index slots alike
    const badFix = Buffer.from(good);
    badFix[tab + 1] = 200; // 'teh' -> its first 200 bytes and more: longer than the key
    const badOffset = Buffer.from(good);
    badOffset.writeUInt32LE(1000, 24 + 4); // an entry past the text
    for (const bad of [good.subarray(0, good.length - 1), Buffer.concat([good, Buffer.from('extra\tline')]), noTab, badFix, unsorted, badOffset, Buffer.from('garbage')]) {
      writeFileSync(compact, bad);
      utimesSync(compact, t + 20, t + 20);
      expect(readCompactList(compact, toml)).toBeNull();
    }
    writeFileSync(compact, good);
    utimesSync(compact, t + 20, t + 20);
    expect(readCompactList(compact, toml)?.get('teh')).toBe('the'); // the cases above fail for their damage alone
    expect(readCompactList(compact, join(dir, 'missing.toml'))).toBeNull();
  });

  it('looks keys up by their bytes, non-ASCII and prefixes included', () => {
    const entries = new Map([['zz', '1'], ['über', '2'], ['a', '3'], ['ab', '4'], ['abc', 'fünf'], ['é', '6']]);
    writeBoth('x = 1\n', entries);
    const got = readCompactList(compact, toml)!;
    for (const [k, v] of entries) expect(got.get(k)).toBe(v);
    for (const k of ['', 'b', 'abcd', 'u', 'üb', 'zzz', 'e']) expect(got.has(k)).toBe(false);
    expect([...got.keys()]).toEqual([...entries.keys()]);
    expect(got.size).toBe(6);
  });

  it('refuses to write an entry it could not read back', () => {
    expect(() => formatCompactList(new Map([['a', 'b\tc']]), 1)).toThrow(/tab or newline/);
  });

  it('is never used for a list other than the shipped one', () => {
    // A compact file beside a custom defaultPath is not looked at.
    writeBoth(TOML, new Map([['zzz', 'wrong']]));
    const { lists } = CorrectionLists.load({ defaultPath: toml, userPath: join(dir, 'user.toml') });
    expect(lists.defaults.get('zzz')).toBeUndefined();
    expect(lists.defaults.get('teh')).toBe('the');
  });

  // Without a build this cannot run: a named skip locally, a failure under CI.
  const built = existsSync(compactDefaultListPath());
  it.skipIf(!built && !process.env.CI)(`the built copy (dist/) gives exactly the TOML's entries${built ? '' : ' (SKIPPED: no dist/precomputed; npm run build)'}`, () => {
    expect(built, `${compactDefaultListPath()} is missing: npm run build`).toBe(true);
    const t0 = performance.now();
    const { lists, errors } = CorrectionLists.load({ userPath: join(dir, 'user.toml') });
    const fastMs = performance.now() - t0;
    const t1 = performance.now();
    const slow = loadCorrectionsFile(defaultListPath());
    console.log(`default list: compact ${fastMs.toFixed(0)} ms, TOML ${(performance.now() - t1).toFixed(0)} ms`);
    expect(errors).toEqual([]);
    expect(slow.errors).toEqual([]);
    expect([...lists.defaults]).toEqual([...slow.entries]);
  });
});
