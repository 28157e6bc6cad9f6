// The build's speller snapshot (see src/lists/spelling.ts) must answer exactly
// like a freshly built nspell, on every word we can think of.
import dictionary from 'dictionary-en';
import nspell from 'nspell';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultListPath, loadCorrectionsFile } from '../../src/lists/load.js';
import {
  buildSpellerSnapshot,
  deserializeSpellerSnapshot,
  loadSpelling,
  serializeSpellerSnapshot,
  restoreSpeller,
  spellerSnapshotPath,
  type SpellerSnapshot,
} from '../../src/lists/spelling.js';

let fresh: ReturnType<typeof nspell>;
let snap: SpellerSnapshot;
let restored: ReturnType<typeof nspell>;
let words: string[];

function variants(w: string): string[] {
  const lower = w.toLowerCase();
  const alt = [...lower].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join(''); // tHe
  return [w, lower, w.toUpperCase(), lower.charAt(0).toUpperCase() + lower.slice(1), alt, w.replace(/'/g, '\u2019')];
}

beforeAll(() => {
  fresh = nspell(dictionary);
  snap = buildSpellerSnapshot(dictionary);
  // Round-trip through the file format, as the build writes it to disk.
  restored = restoreSpeller(deserializeSpellerSnapshot(serializeSpellerSnapshot(snap)), dictionary);

  const set = new Set<string>();
  const add = (w: string) => variants(w).forEach((v) => set.add(v));
  const list = loadCorrectionsFile(defaultListPath());
  expect(list.errors).toEqual([]);
  for (const [k, v] of list.entries) {
    add(k);
    add(v);
    for (const part of v.split(' ')) add(part);
  }
  // Every word nspell's table holds, plus the neighbours of a few.
  for (const w of Object.keys((fresh as unknown as { data: object }).data)) add(w);
  for (const w of [
    'teh', 'the', "don't", "it's", 'its', 'dont', "I'm", "i'm", 'I', 'i', 'a', 'A', 'Paris', 'paris', 'NASA', 'nasa',
    '1st', '2nd', '11th', '21st', '112th', '1th', '2th', '3th', '101st', 'x1th', '0', '00', 'th',
    '', ' ', ' the ', 'the ', '\tthe', "'", "''", "the'", "'the", 'e\u0301', 'café', 'naïve',
    'constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'length',
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'zzzz', 'ZZZ', '\uffff',
  ]) add(w);
  words = [...set];
}, 120_000); // two dictionary builds and ~1M words: seconds on a busy CI box

describe('speller snapshot', () => {
  it('gives the same isCorrect answer as a fresh nspell on every word tried', () => {
    expect(words.length).toBeGreaterThan(500_000);
    const diff: string[] = [];
    let yes = 0;
    for (const w of words) {
      const a = fresh.correct(w);
      if (a) yes++;
      if (restored.correct(w) !== a) diff.push(`${JSON.stringify(w)}: fresh ${a}`);
    }
    expect(diff.slice(0, 20)).toEqual([]);
    expect(yes).toBeGreaterThan(100_000); // the set is not all typos
  });

  it('is refused when built from another dictionary or nspell', async () => {
    expect(snap.source).toMatch(/^nspell@\d+\.\d+\.\d+ dictionary-sha256:[0-9a-f]{64}$/);
    const other = buildSpellerSnapshot({ aff: dictionary.aff, dic: new TextEncoder().encode('1\nfoo\n') });
    expect(other.source).not.toBe(snap.source);
  });

  it('rejects a damaged snapshot file rather than answering from it', () => {
    const bytes = serializeSpellerSnapshot(snap);
    expect(() => deserializeSpellerSnapshot(bytes.subarray(0, 8))).toThrow(/wrong format/);
    expect(() => deserializeSpellerSnapshot(Buffer.from('{"format":2}'))).toThrow(/wrong format/);
    expect(() => deserializeSpellerSnapshot(bytes.subarray(0, 12 + bytes.readUInt32LE(4) + 100))).toThrow(/truncated/);
    // Words cut short: restore counts them against the codes.
    expect(() => restoreSpeller(deserializeSpellerSnapshot(bytes.subarray(0, bytes.length - 1000)), dictionary)).toThrow(/fewer words/);
  });

  it('rejects a damaged snapshot rather than answering from it', () => {
    expect(() => restoreSpeller({ ...snap, codes: snap.codes.slice(1) }, dictionary)).toThrow(/more words/);
    expect(() => restoreSpeller({ ...snap, codes: snap.codes + 'x' }, dictionary)).toThrow(/fewer words/);
  });

  // Without a build this cannot run: a named skip locally, a failure under CI.
  const built = existsSync(spellerSnapshotPath());
  it.skipIf(!built && !process.env.CI)(`the built snapshot (dist/) is current and agrees with nspell${built ? '' : ' (SKIPPED: no dist/precomputed; npm run build)'}`, async () => {
    expect(built, `${spellerSnapshotPath()} is missing: npm run build`).toBe(true);
    const fast = await loadSpelling();
    const slow = await loadSpelling({ snapshot: false });
    console.log(`speller: snapshot load ${fast.loadMs.toFixed(0)} ms, full nspell build ${slow.loadMs.toFixed(0)} ms`);
    const diff = words.filter((w) => fast.isCorrect(w) !== slow.isCorrect(w));
    expect(diff.slice(0, 20)).toEqual([]);
  });
});
