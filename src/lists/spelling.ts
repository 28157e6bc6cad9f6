// Loads a language's spelling check (nspell + wooorm's dictionary-en, -de,
// -fr or -es; see dictionaries/README.md for their licences). The returned
// checker is pure and cheap. Only the active languages are ever loaded.
//
// Why a snapshot: nspell's constructor expands every affix rule of
// dictionary-en into a 124k-word table, which costs 0.4–0.8 s at each start.
// The build (`npm run build` → precompute.js) runs that expansion once and
// saves the result, the word table plus the compound-rule word lists, in
// dist/precomputed/speller.bin (speller-de.bin, … for the others). At run time we build nspell from the affix
// file alone (3 KB, cheap), let nspell rebuild its compound regexps from the
// saved lists, and give it the saved table as `data`, so nspell's own
// correct() code answers from exactly the data it would have built. The table
// stays one sorted string searched by bisection behind a read-only Proxy:
// filling a 124k-key hash would cost 100–200 ms itself. The snapshot names
// the nspell version and a hash of the dictionary; on any mismatch, or if the
// file is missing or unreadable, we build nspell the slow way, without a
// warning. test/lists/speller-snapshot.test.ts checks both give the same
// answers.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type nspellFactory from 'nspell';
import type { Speller } from '../policy/speller.js';
import type { Language } from '../config/languages.js';
import { precomputedDir } from './load.js';
import { readWholeFile } from '../files/read-whole-file.js';
import { CompoundSpeller } from './compounds.js';

export type { Speller };

export interface LoadedSpeller extends Speller {
  /** Wall time the load took, for the daemon's startup log. */
  readonly loadMs: number;
}

// Measured on the 2-core dev machine: correct() costs ~1–3 µs through the
// snapshot (a few bisections of the sorted table), so no cache. suggest() is
// an edit-distance search costing milliseconds: never call it on the typing
// path (and the snapshot does not support it; see restoreSpeller).
const MAX_WORD = 64; // longer "words" are never in the dictionary; skip the work

type NSpell = ReturnType<typeof nspellFactory>;

/**
 * nspell's code, loaded when a speller is first built (CommonJS: at once):
 * list mode with its precomputed answers (list-speller.ts) never needs it.
 */
function nspell(dictionary: { aff: Uint8Array; dic?: Uint8Array }): NSpell {
  return (createRequire(import.meta.url)('nspell') as (d: typeof dictionary) => NSpell)(dictionary);
}
export interface Dictionary {
  aff: Uint8Array;
  dic: Uint8Array;
}

const PACKAGES: Record<Language, string> = { en: 'dictionary-en', de: 'dictionary-de', fr: 'dictionary-fr', es: 'dictionary-es' };

/**
 * The language's Hunspell dictionary, read from its package's files. Not
 * through the package's own module: that keeps both files in memory for
 * good, and the daemon needs the .dic only while it loads.
 */
export async function importDictionary(language: Language): Promise<Dictionary> {
  return readDictionary(language);
}

/** importDictionary, at once (list mode's speller loads the full one from inside a look-up). */
export function readDictionary(language: Language): Dictionary {
  const main = import.meta.resolve(PACKAGES[language]);
  return {
    aff: readFileSync(new URL('index.aff', main)),
    dic: readFileSync(new URL('index.dic', main)),
  };
}

/** The parts of an nspell instance that correct() reads and the snapshot replaces. */
interface NSpellInternals {
  data: Record<string, string[]>;
  compoundRuleCodes: Record<string, string[]>;
  flags: Record<string, string>;
}

/**
 * nspell merges the flags of a word the .dic lists twice; German lists many
 * words once as a word and once as a compound-only part (gehen/DIVXW and
 * gehen/Sozm), and the merged ONLYINCOMPOUND flag then rejects the plain word
 * (Hunspell keeps the two entries apart). Drops that flag from words that
 * have an entry without it. Single-character flags only (FLAG long
 * dictionaries, French, are left as nspell reads them).
 */
export function separateHomonyms(spell: NSpell, dictionary: Dictionary): void {
  const inner = spell as unknown as NSpellInternals;
  const only = inner.flags.ONLYINCOMPOUND;
  const need = inner.flags.NEEDAFFIX;
  const aff = Buffer.from(dictionary.aff.buffer, dictionary.aff.byteOffset, dictionary.aff.byteLength).toString('utf8');
  if (!only || /^FLAG\s+(long|num)/m.test(aff)) return;
  const dic = Buffer.from(dictionary.dic.buffer, dictionary.dic.byteOffset, dictionary.dic.byteLength).toString('utf8');
  const plain = new Set<string>();
  for (const line of dic.split('\n').slice(1)) {
    const slash = line.indexOf('/');
    if (slash <= 0) continue;
    const flags = line.slice(slash + 1).split(/\s/)[0];
    if (!flags.includes(only) && !(need && flags.includes(need))) plain.add(line.slice(0, slash));
  }
  for (const w of plain) {
    const codes = inner.data[w];
    if (codes && codes.includes(only)) inner.data[w] = codes.filter((c) => c !== only);
  }
}

class NspellSpeller implements LoadedSpeller {
  constructor(
    private readonly spell: NSpell,
    readonly contractions: ReadonlyMap<string, string>,
    readonly loadMs: number,
  ) {}

  isCorrect(word: string): boolean {
    if (word.length === 0 || word.length > MAX_WORD) return false;
    return this.spell.correct(word);
  }

  /** The exact form, or its lower case, is in the table: one or two bisections, no casing or affix rules. */
  isListed(word: string): boolean {
    if (word.length === 0 || word.length > MAX_WORD) return false;
    const data = (this.spell as unknown as NSpellInternals).data;
    if (data[word] !== undefined) return true;
    const lower = word.toLowerCase();
    return lower !== word && data[lower] !== undefined;
  }
}

export const SNAPSHOT_FORMAT = 2;
// Each word's flag list is one character of `codes`: this offset plus its
// index in `codeTable` (kept below the surrogate range, checked when built).
const CODE_BASE = 0x100;

export interface SpellerSnapshot {
  format: number;
  /** Identifies the nspell code and dictionary the snapshot was built from. */
  source: string;
  compoundRuleCodes: Record<string, string[]>;
  /** Distinct flag lists; words share them. */
  codeTable: string[][];
  /** Every word of nspell's table, sorted by UTF-16 code units, joined by "\n". */
  words: string;
  codes: string;
}

/** nspell version + dictionary hash: a snapshot is used only when these match. */
export function snapshotSource(dictionary: Dictionary): string {
  const require = createRequire(import.meta.url);
  const version = (require('nspell/package.json') as { version: string }).version;
  const hash = createHash('sha256').update(dictionary.aff).update('\0').update(dictionary.dic).digest('hex');
  return `nspell@${version} dictionary-sha256:${hash}`;
}

export function spellerSnapshotPath(language: Language = 'en'): string {
  return join(precomputedDir(), language === 'en' ? 'speller.bin' : `speller-${language}.bin`);
}

/** nspell built the slow way, with the fixes the snapshot also carries. */
export function buildNspell(dictionary: Dictionary): NSpell {
  const spell = nspell(dictionary);
  separateHomonyms(spell, dictionary);
  return spell;
}

/** Build time: the full nspell construction, saved. */
export function buildSpellerSnapshot(dictionary: Dictionary): SpellerSnapshot {
  const spell = buildNspell(dictionary) as unknown as NSpellInternals;
  const words = Object.keys(spell.data).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const codeTable: string[][] = [];
  const codeIndex = new Map<string, number>();
  let codes = '';
  for (const w of words) {
    if (w.includes('\n')) throw new Error(`speller snapshot: word ${JSON.stringify(w)} holds a newline`);
    const flags = spell.data[w];
    const key = JSON.stringify(flags);
    let i = codeIndex.get(key);
    if (i === undefined) {
      i = codeTable.length;
      codeTable.push(flags);
      codeIndex.set(key, i);
    }
    if (CODE_BASE + i >= 0xd800) throw new Error('speller snapshot: too many distinct flag lists');
    codes += String.fromCharCode(CODE_BASE + i);
  }
  return {
    format: SNAPSHOT_FORMAT,
    source: snapshotSource(dictionary),
    compoundRuleCodes: spell.compoundRuleCodes,
    codeTable,
    words: words.join('\n'),
    codes,
  };
}

/**
 * Run time: an nspell instance for correct() from a snapshot. Only reads
 * go to `data` (correct() never writes it); add(), remove(), personal() and
 * suggest() are not supported on the restored instance.
 */
export function restoreSpeller(snap: SpellerSnapshot, dictionary: Dictionary): NSpell {
  const spell = nspell({ aff: dictionary.aff }); // affix rules only: cheap
  const inner = spell as unknown as NSpellInternals;
  inner.compoundRuleCodes = snap.compoundRuleCodes;
  spell.dictionary(''); // adds no word; makes nspell compile its compound regexps from the lists
  // Word i is text[start[i], start[i + 1] - 1). Offsets instead of
  // split('\n'): no 124k string objects to allocate and keep.
  const { words: text, codes, codeTable } = snap;
  const n = codes.length;
  const start = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    if (at > text.length) throw new Error('speller snapshot: fewer words than codes');
    start[i] = at;
    const nl = text.indexOf('\n', at);
    at = nl < 0 ? text.length + 1 : nl + 1;
  }
  if (at !== text.length + 1) throw new Error('speller snapshot: more words than codes');
  start[n] = at;
  // Orders like the build's sort (UTF-16 code units): <0 when `word` sorts before word i.
  const compare = (word: string, i: number): number => {
    const from = start[i];
    const len = start[i + 1] - 1 - from;
    const common = Math.min(word.length, len);
    for (let k = 0; k < common; k++) {
      const d = word.charCodeAt(k) - text.charCodeAt(from + k);
      if (d !== 0) return d;
    }
    return word.length - len;
  };
  const lookup = (word: string): string[] | undefined => {
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = compare(word, mid);
      if (c === 0) return codeTable[codes.charCodeAt(mid) - CODE_BASE];
      if (c > 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  // correct() only reads `data[word]`: the word's flag list, or undefined
  // when unknown. `in` is answered too; writes are refused.
  inner.data = new Proxy(Object.create(null) as Record<string, string[]>, {
    get: (_t, key) => (typeof key === 'string' ? lookup(key) : undefined),
    has: (_t, key) => typeof key === 'string' && lookup(key) !== undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
  return spell;
}

// The snapshot's file: u32 magic, u32 header bytes, u32 words; the header,
// JSON (format, source, compoundRuleCodes, codeTable: small); padding to 2
// bytes; codes as u16s; then the words as UTF-8. Not all JSON: parsing the
// word table's megabytes of JSON text left the daemon's heap that much larger.
const SNAPSHOT_MAGIC = 0x41435350; // "ACSP"

export function serializeSpellerSnapshot(snap: SpellerSnapshot): Buffer {
  const { format, source, compoundRuleCodes, codeTable } = snap;
  const header = Buffer.from(JSON.stringify({ format, source, compoundRuleCodes, codeTable }));
  const codes = new Uint16Array(snap.codes.length);
  for (let i = 0; i < codes.length; i++) codes[i] = snap.codes.charCodeAt(i);
  const head = new Uint32Array([SNAPSHOT_MAGIC, header.length, codes.length]);
  return Buffer.concat([Buffer.from(head.buffer), header, Buffer.alloc(header.length % 2), Buffer.from(codes.buffer), Buffer.from(snap.words, 'utf8')]);
}

/** The snapshot in a file's bytes; throws on bytes that are not one. */
export function deserializeSpellerSnapshot(bytes: Uint8Array): SpellerSnapshot {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || buf.readUInt32LE(0) !== SNAPSHOT_MAGIC) throw new Error('speller snapshot: wrong format');
  const headerBytes = buf.readUInt32LE(4);
  const codesAt = 12 + headerBytes + (headerBytes % 2);
  const wordsAt = codesAt + 2 * buf.readUInt32LE(8);
  if (wordsAt > buf.length) throw new Error('speller snapshot: truncated');
  const head = JSON.parse(buf.toString('utf8', 12, 12 + headerBytes)) as Omit<SpellerSnapshot, 'words' | 'codes'>;
  return { ...head, codes: buf.toString('utf16le', codesAt, wordsAt), words: buf.toString('utf8', wordsAt) };
}

/** The `source` a snapshot file on disk was built from, read from its first bytes only (the file may be 40 MB). */
export function snapshotFileSource(path: string): string | null {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(400);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return /"source":"([^"]*)"/.exec(buf.toString('utf8', 0, n))?.[1] ?? null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

function readSnapshot(dictionary: Dictionary, language: Language): SpellerSnapshot | null {
  let snap: SpellerSnapshot;
  try {
    snap = deserializeSpellerSnapshot(readWholeFile(spellerSnapshotPath(language)));
  } catch {
    return null; // not built (e.g. running from src without a build) or unreadable
  }
  if (snap?.format !== SNAPSHOT_FORMAT || snap.source !== snapshotSource(dictionary)) return null;
  if (typeof snap.words !== 'string' || typeof snap.codes !== 'string' || !Array.isArray(snap.codeTable)) return null;
  return snap;
}

export async function loadSpelling(opts: { snapshot?: boolean; language?: Language } = {}): Promise<LoadedSpeller> {
  return loadSpellingNow(opts);
}

/** loadSpelling, at once. */
export function loadSpellingNow(opts: { snapshot?: boolean; language?: Language } = {}): LoadedSpeller {
  const t0 = performance.now();
  const language = opts.language ?? 'en';
  const dictionary = readDictionary(language);
  const snap = opts.snapshot === false ? null : readSnapshot(dictionary, language);
  let spell: NSpell | null = null;
  if (snap) {
    try {
      spell = restoreSpeller(snap, dictionary);
    } catch {
      spell = null; // a damaged snapshot: build it the slow way below
    }
  }
  spell ??= buildNspell(dictionary);
  // German writes compounds as one word, which nspell cannot build from the
  // .aff's compound flags: those are checked part by part (compounds.ts).
  if (language === 'de') {
    const data = (spell as unknown as NSpellInternals).data;
    const s = spell;
    return new CompoundSpeller((w) => s.correct(w), (w) => data[w] !== undefined, performance.now() - t0);
  }
  const contractions = language === 'en' ? contractionsOf(dictionary.dic) : new Map<string, string>();
  return new NspellSpeller(spell, contractions, performance.now() - t0);
}

/**
 * The contractions in the .dic file (about 60: don't, I'm, would've), found
 * by their apostrophes (about 400 lines of 50k), so the typing path can ask
 * a Map instead of the speller. Well under a millisecond.
 */
export function contractionsOf(dic: Uint8Array): Map<string, string> {
  const text = Buffer.from(dic.buffer, dic.byteOffset, dic.byteLength);
  const found = new Map<string, string>();
  for (let i = text.indexOf(39); i >= 0; i = text.indexOf(39, i + 1)) {
    const start = text.lastIndexOf(10, i) + 1;
    const nl = text.indexOf(10, i);
    const word = text.toString('utf8', start, nl < 0 ? text.length : nl).split('/')[0];
    if (/^[A-Za-z]+'(?:t|re|ve|ll|d|m)$/.test(word)) found.set(word.toLowerCase(), word);
  }
  return found;
}
