#!/usr/bin/env node
// Builds dictionaries/default.toml from @cspell/dict-en-common-misspellings
// (a devDependency), keeping only entries that are safe to apply while the
// user types. Run: npm run dict:build   (or: node dictionaries/build.mjs --check)
//
// The counts of every filter step are printed and written into README.md
// between the counts markers, so the README can never drift from the data.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nspell from 'nspell';
import dictionaryEn from 'dictionary-en';
import { parse } from 'smol-toml';

const here = dirname(fileURLToPath(import.meta.url));
const SOURCE_PKG = '@cspell/dict-en-common-misspellings';
// dictionary-en is en_US, so the US supplement is the one whose values it can
// check; the en-GB file would lose nearly every entry at the value check.
const SOURCE_FILES = ['dict-en.json', 'dict-en-us.json'];

// What the word tracker can produce on the US layout: ASCII letters, with
// apostrophes only between letters (don't, o'clock).
const TRACKABLE = /^[A-Za-z]+(?:'[A-Za-z]+)*$/;

// Word counts (SymSpell's list: Google Books Ngram counts intersected with
// SCOWL; MIT, see frequency/README.md), for the safety filters below.
const FREQUENCY_FILE = join(here, 'frequency', 'frequency_dictionary_en_82_765.txt');
// A key this short is one edit from many words: only a fix among the very
// commonest words (teh -> the, adn -> and) is likely what was meant.
const SHORT_KEY = 3;
const SHORT_KEY_MIN_COUNT = 1e8;

export function readFrequencies(path = FREQUENCY_FILE) {
  const counts = new Map();
  for (const line of readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\n')) {
    const [w, c] = line.trim().split(/\s+/);
    if (w && Number(c) > 0 && !counts.has(w)) counts.set(w, Number(c));
  }
  return counts;
}

export function readSource() {
  const require = createRequire(import.meta.url);
  // The package exports only cspell-ext.json; its dict files sit beside it.
  const root = dirname(require.resolve(`${SOURCE_PKG}/cspell-ext.json`));
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pairs = [];
  for (const file of SOURCE_FILES) {
    const json = JSON.parse(readFileSync(join(root, 'dict', file), 'utf8'));
    for (const def of json.dictionaryDefinitions) {
      for (const line of [...(def.flagWords ?? []), ...(def.suggestWords ?? [])]) {
        const at = line.indexOf('->');
        if (at < 0) continue; // a bare flag word has no suggestion to apply
        pairs.push({ key: line.slice(0, at).trim(), value: line.slice(at + 2).trim(), file });
      }
    }
  }
  return { version: pkg.version, license: pkg.license, pairs };
}

/** Applies the filters in order; returns the kept map and a count per step. */
/**
 * `likelier(key, value)`: a word more likely meant by `key` than `value` and
 * fewer edits from it (see likelierWordFinder), or null; absent: no such step.
 */
export function filterPairs(pairs, speller, frequencies = new Map(), likelier = null) {
  const steps = [];
  let cur = pairs;
  const step = (name, keep) => {
    const before = cur.length;
    cur = cur.filter(keep);
    steps.push({ name, before, after: cur.length });
  };
  const correct = (w) => speller.correct(w);
  // A multi-word fix ("a lot") is fine if every word in it is spelt right.
  const valueCorrect = (v) => v.split(' ').every((w) => w !== '' && correct(w));

  steps.push({ name: 'source entries (' + SOURCE_FILES.join(' + ') + ')', before: pairs.length, after: pairs.length });
  step('single suggestion only (drop "a, b")', (p) => !p.value.includes(','));
  step('key is letters + inner apostrophes', (p) => TRACKABLE.test(p.key));
  step('key not a correct word (as typed or lowercased)', (p) => !correct(p.key) && !correct(p.key.toLowerCase()));
  step('value spelt correctly', (p) => valueCorrect(p.value));

  // Keys are stored lowercase; the engine carries the typed case over.
  cur = cur.map((p) => ({ ...p, key: p.key.toLowerCase() }));
  step('not identity or case-only (key != lowercased value)', (p) => p.key !== p.value.toLowerCase());

  // The same key may come from both files or in two cases; differing fixes
  // make it ambiguous, so the key is dropped entirely.
  const byKey = new Map();
  for (const p of cur) {
    const set = byKey.get(p.key) ?? new Set();
    set.add(p.value);
    byKey.set(p.key, set);
  }
  const before = cur.length;
  const out = new Map();
  for (const [k, vals] of byKey) if (vals.size === 1) out.set(k, [...vals][0]);
  steps.push({ name: 'one fix per lowercased key (duplicates merged, conflicts dropped)', before, after: out.size });

  // Safety filters, checked on clean prose with `npm run eval` (issue 7).
  cur = [...out].map(([key, value]) => ({ key, value }));
  // A key found in a frequency list of real words (SCOWL ∩ Google Books) is
  // a word the en_US speller lacks (sur, nam, chanel, handel): never fix it.
  step('key not in the word-frequency list (a real word the speller lacks)', (p) => !frequencies.has(p.key));
  // A key that is a name when capitalised (Pont, Enver...) is typed as a name.
  const capital = (w) => w[0].toUpperCase() + w.slice(1);
  step('key not a name (capitalised key not accepted by the speller)', (p) => !correct(capital(p.key)));
  // A contraction typed without its apostrophe (youre) must be fixed to that
  // contraction (you're), not to another word (your).
  const contractions = (k) => {
    const out = [];
    for (let i = 1; i < k.length; i++) {
      const c = k.slice(0, i) + "'" + k.slice(i);
      if (correct(c)) out.push(c);
    }
    return out;
  };
  step('apostrophe-less contraction fixed to that contraction', (p) => {
    const cs = contractions(p.key);
    return cs.length === 0 || cs.some((c) => c === p.value.toLowerCase());
  });
  // A dropped g (goin, nothin', runnin) is how people write speech on purpose.
  step('not a dropped g (key + "g" = fix)', (p) => !(p.key.endsWith('in') && p.value.toLowerCase() === p.key + 'g'));
  step(`key of ${SHORT_KEY} letters or fewer: fix among the commonest words (count >= ${SHORT_KEY_MIN_COUNT.toExponential(0)})`,
    (p) => p.key.length > SHORT_KEY || (frequencies.get(p.value.toLowerCase()) ?? 0) >= SHORT_KEY_MIN_COUNT);
  // Some fixes carry an inflection the typo lacks (conclussion -> conclusions,
  // enhanse -> enhances): when a more likely word is fewer edits away, the
  // entry is doubtful; the dictionary fallback may still fix the typo.
  if (likelier !== null) {
    step('no likelier word fewer edits from the key (error model x frequency)', (p) => likelier(p.key, p.value) === null);
  }
  const kept = new Map(cur.map((p) => [p.key, p.value]));
  return { entries: new Map([...kept].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), steps };

}

// Bare TOML keys allow letters but not apostrophes; literal strings cannot
// hold an apostrophe, so those use basic strings (no escapes needed: the
// text is letters, spaces and apostrophes only).
function tomlKey(k) {
  return /^[A-Za-z0-9_-]+$/.test(k) ? k : `"${k}"`;
}
function tomlValue(v) {
  return v.includes("'") ? `"${v}"` : `'${v}'`;
}

export function renderToml(entries, version) {
  const head = [
    '# autocorrector default corrections list: typo = \'correction\'',
    '# GENERATED by dictionaries/build.mjs (npm run dict:build). Do not edit by hand;',
    '# put your own fixes in ~/.config/autocorrector/corrections.toml instead.',
    `# Derived from ${SOURCE_PKG} ${version} (data: Wikipedia "Lists of common`,
    '# misspellings" and crate-ci/typos words.csv). Licence: CC BY-SA 4.0, see',
    '# dictionaries/LICENSE-default-list.',
    '',
  ];
  const body = [...entries].map(([k, v]) => `${tomlKey(k)} = ${tomlValue(v)}`);
  return head.concat(body).join('\n') + '\n';
}

export function renderCounts(steps, version) {
  const rows = steps.map((s) => `| ${s.name} | ${s.before} | ${s.after} |`);
  return [`Built from ${SOURCE_PKG} ${version}.`, '', '| step | before | after |', '| --- | ---: | ---: |', ...rows].join('\n');
}

/**
 * The dictionary fallback's ranking (dist/, so `npm run build` first), with
 * its error model learnt from the source pairs: for a key, the best-scoring
 * word at up to two edits, when that is not the value and is strictly fewer
 * edits from the key than the value is.
 */
export async function likelierWordFinder(pairs, speller) {
  const dist = join(here, '..', 'dist', 'src');
  const { buildFallbackData, parseFrequencyList } = await import(join(dist, 'lists', 'fallback-data.js'));
  const { DictionaryFallback, osaDistance } = await import(join(dist, 'policy', 'fallback.js'));
  const { words, counts } = parseFrequencyList(readFileSync(FREQUENCY_FILE, 'utf8'));
  const letters = /^[a-z]+$/;
  const typoPairs = pairs.map((p) => [p.key.toLowerCase(), p.value.toLowerCase()]).filter(([k, v]) => letters.test(k) && letters.test(v));
  const fallback = new DictionaryFallback(buildFallbackData(words, counts, { isCorrect: (w) => speller.correct(w) }, typoPairs));
  return (key, value) => {
    const v = value.toLowerCase();
    if (!letters.test(key) || !letters.test(v)) return null;
    const cands = fallback.candidates(key, 2);
    if (cands.length === 0) return null;
    const best = fallback.word(cands[0].index);
    return best !== v && cands[0].distance < osaDistance(key, v, 3) ? best : null;
  };
}

export async function build() {
  const src = readSource();
  const speller = nspell(dictionaryEn);
  const likelier = await likelierWordFinder(src.pairs, speller);
  const { entries, steps } = filterPairs(src.pairs, speller, readFrequencies(), likelier);
  const toml = renderToml(entries, src.version);
  // Round-trip through the parser the daemon uses: what we write must read
  // back as exactly what we meant.
  const back = parse(toml);
  if (Object.keys(back).length !== entries.size) throw new Error('round-trip lost entries');
  for (const [k, v] of entries) if (back[k] !== v) throw new Error(`round-trip changed ${k}`);
  return { toml, steps, version: src.version, license: src.license };
}

const START = '<!-- counts:start (written by build.mjs) -->';
const END = '<!-- counts:end -->';

async function main() {
  const check = process.argv.includes('--check');
  const { toml, steps, version, license } = await build();
  const counts = renderCounts(steps, version);
  console.log(`source: ${SOURCE_PKG} ${version} (${license})`);
  for (const s of steps) console.log(`${String(s.before).padStart(6)} -> ${String(s.after).padStart(6)}  ${s.name}`);

  const tomlPath = join(here, 'default.toml');
  const readmePath = join(here, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README.md lacks the counts markers');
  const newReadme = readme.slice(0, a + START.length) + '\n' + counts + '\n' + readme.slice(b);

  if (check) {
    let old = '';
    try { old = readFileSync(tomlPath, 'utf8'); } catch { /* missing counts as stale */ }
    const stale = [old !== toml && 'default.toml', readme !== newReadme && 'README.md counts'].filter(Boolean);
    if (stale.length) {
      console.error(`out of date: ${stale.join(', ')} (run npm run dict:build)`);
      process.exit(1);
    }
    console.log('default.toml and README counts are up to date');
    return;
  }
  writeFileSync(tomlPath, toml);
  writeFileSync(readmePath, newReadme);
  console.log(`wrote ${tomlPath}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
