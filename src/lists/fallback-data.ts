// The dictionary fallback's data: built once by `npm run build` (precompute)
// into dist/precomputed/fallback.bin, mapped back into typed arrays at start.
//
// Sources (see dictionaries/frequency/README.md): English,
// frequency_dictionary_en_82_765.txt (SymSpell, MIT; Google Books Ngram
// counts (CC BY 3.0) intersected with SCOWL); German, French, Spanish,
// de_50k.txt etc. (hermitdave/FrequencyWords, OpenSubtitles 2018, CC BY-SA 4.0).
//
// File layout (little endian): u32 magic, u32 version, u32 n (words), u32 m
// (delete keys), u32 bytes of word text, u32 wordBits; then f64
// errorModel[PACKED_ERROR_MODEL_LENGTH], f64 counts[n], u32 starts[n+1],
// u32 sorted[n], u32 keyStarts[2^wordBits + 1], u32 keyEntries[m],
// u8 candidate[n], then the word text (UTF-8, "\n"-joined). candidate: 0 never proposed, 1 proposed as
// listed, 2 proposed capitalised (a German noun: the list is lower case).
import { closeSync, fstatSync, openSync } from 'node:fs';
import { readAt } from '../files/read-whole-file.js';
import { join } from 'node:path';
import { learnErrorModel, packErrorModel, PACKED_ERROR_MODEL_LENGTH } from '../policy/error-model.js';
import { deletes, fnv1a, MAX_DISTANCE, PREFIX, type FallbackData } from '../policy/fallback.js';
import type { Speller } from '../policy/speller.js';
import type { Language } from '../config/languages.js';
import { packageRoot, precomputedDir } from './load.js';

const MAGIC = 0x41434644; // "ACFD"
const VERSION = 3;

export function frequencyListPath(language: Language = 'en'): string {
  const file = language === 'en' ? 'frequency_dictionary_en_82_765.txt' : `${language}_50k.txt`;
  return join(packageRoot(), 'dictionaries', 'frequency', file);
}

export function fallbackDataPath(language: Language = 'en'): string {
  return join(precomputedDir(), language === 'en' ? 'fallback.bin' : `fallback-${language}.bin`);
}

const ASCII_WORD = /^[a-z]+$/;
const LOWER_WORD = /^\p{Ll}+$/u;

/**
 * `word count` lines → words (lower-case letters only, count order kept):
 * ASCII for English, any lower-case letters (ü, é, ñ) for the others.
 */
export function parseFrequencyList(text: string, language: Language = 'en'): { words: string[]; counts: number[] } {
  const pattern = language === 'en' ? ASCII_WORD : LOWER_WORD;
  const words: string[] = [];
  const counts: number[] = [];
  const seen = new Set<string>();
  for (const raw of text.replace(/^\uFEFF/, '').split('\n')) {
    const [w, c] = raw.trim().split(/\s+/);
    if (!w || !pattern.test(w) || seen.has(w)) continue;
    const n = Number(c);
    if (!Number.isFinite(n) || n <= 0) continue;
    seen.add(w);
    words.push(w);
    counts.push(n);
  }
  // Stable by count, descending (the file is already, but do not rely on it).
  const order = words.map((_, i) => i).sort((a, b) => counts[b] - counts[a] || a - b);
  return { words: order.map((i) => words[i]), counts: order.map((i) => counts[i]) };
}

/**
 * Build time: the index over every word (only speller-accepted words are
 * candidates), and the error model learnt from (typo, word) pairs.
 */
export function buildFallbackData(
  words: string[],
  counts: number[],
  speller: Speller,
  typoPairs: Iterable<readonly [string, string]> = [],
  opts: { capitalisedNouns?: boolean } = {},
): FallbackData {
  const n = words.length;
  const text = words.join('\n');
  const starts = new Uint32Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    starts[i] = at;
    at += words[i].length + 1;
  }
  starts[n] = at;
  const candidate = new Uint8Array(n);
  const pairs: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = words[i];
    // Single letters other than a and i are initials, not words to propose.
    if (w.length === 1 && w !== 'a' && w !== 'i') continue;
    if (speller.isCorrect(w)) candidate[i] = 1;
    else if (opts.capitalisedNouns && speller.isCorrect(w.charAt(0).toUpperCase() + w.slice(1))) candidate[i] = 2;
    else continue;
    const prefix = w.length > PREFIX ? w.slice(0, PREFIX) : w;
    for (const key of deletes(prefix, MAX_DISTANCE)) pairs.push(fnv1a(key), i);
  }
  // Bits for a word index; the hash's top as many bits pick the bucket and
  // its other bits share the entry with the word (see FallbackData).
  const wordBits = Math.max(1, Math.ceil(Math.log2(Math.max(n, 2))));
  const m = pairs.length / 2;
  const buckets = 2 ** wordBits;
  const keyStarts = new Uint32Array(buckets + 1);
  for (let k = 0; k < m; k++) keyStarts[(pairs[2 * k] >>> (32 - wordBits)) + 1]++;
  for (let b = 0; b < buckets; b++) keyStarts[b + 1] += keyStarts[b];
  // Each entry placed in its bucket, then each bucket sorted.
  const next = keyStarts.slice(0, -1);
  const keyEntries = new Uint32Array(m);
  for (let k = 0; k < m; k++) {
    const h = pairs[2 * k];
    keyEntries[next[h >>> (32 - wordBits)]++] = ((h & (2 ** (32 - wordBits) - 1)) * buckets + pairs[2 * k + 1]) >>> 0;
  }
  for (let b = 0; b < buckets; b++) keyEntries.subarray(keyStarts[b], keyStarts[b + 1]).sort();
  const sorted = Uint32Array.from(words.map((_, i) => i).sort((a, b) => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0)));
  const errorModel = packErrorModel(learnErrorModel(typoPairs));
  return { words: text, starts, counts: Float64Array.from(counts), candidate, sorted, wordBits, keyStarts, keyEntries, errorModel };
}

export function serializeFallbackData(d: FallbackData): Buffer {
  const n = d.counts.length;
  const m = d.keyEntries.length;
  const text = Buffer.from(d.words, 'utf8');
  const head = new Uint32Array([MAGIC, VERSION, n, m, text.length, d.wordBits]); // 24 bytes: keeps f64 aligned
  return Buffer.concat([
    Buffer.from(head.buffer),
    Buffer.from(d.errorModel.buffer, d.errorModel.byteOffset, d.errorModel.byteLength),
    Buffer.from(d.counts.buffer, d.counts.byteOffset, d.counts.byteLength),
    Buffer.from(d.starts.buffer, d.starts.byteOffset, d.starts.byteLength),
    Buffer.from(d.sorted.buffer, d.sorted.byteOffset, d.sorted.byteLength),
    Buffer.from(d.keyStarts.buffer, d.keyStarts.byteOffset, d.keyStarts.byteLength),
    Buffer.from(d.keyEntries.buffer, d.keyEntries.byteOffset, d.keyEntries.byteLength),
    Buffer.from(d.candidate.buffer, d.candidate.byteOffset, d.candidate.byteLength),
    text,
  ]);
}

interface Layout {
  n: number;
  m: number;
  wordBits: number;
  textBytes: number;
  /** Where the word text starts: every typed array lies before it. */
  textAt: number;
}

/** The sizes the 24-byte head gives; throws when it is not one. */
function layoutOf(head: Uint32Array): Layout {
  if (head[0] !== MAGIC || head[1] !== VERSION) throw new Error('fallback data: wrong format');
  const [n, m, textBytes, wordBits] = [head[2], head[3], head[4], head[5]];
  if (wordBits < 1 || wordBits > 24 || 2 ** wordBits < n) throw new Error('fallback data: wrong format');
  const textAt = 24 + 8 * PACKED_ERROR_MODEL_LENGTH + 8 * n + 4 * (n + 1) + 4 * n + 4 * (2 ** wordBits + 1) + 4 * m + n;
  return { n, m, wordBits, textBytes, textAt };
}

/** The typed arrays as views into `ab` (which holds at least the bytes before the text), and the words. */
function viewsOf(ab: ArrayBuffer, { n, m, wordBits }: Layout, words: string): FallbackData {
  let off = 24;
  const take = <T>(make: (o: number) => T, bytes: number): T => {
    const v = make(off);
    off += bytes;
    return v;
  };
  const errorModel = take((o) => new Float64Array(ab, o, PACKED_ERROR_MODEL_LENGTH), 8 * PACKED_ERROR_MODEL_LENGTH);
  const counts = take((o) => new Float64Array(ab, o, n), 8 * n);
  const starts = take((o) => new Uint32Array(ab, o, n + 1), 4 * (n + 1));
  const sorted = take((o) => new Uint32Array(ab, o, n), 4 * n);
  const keyStarts = take((o) => new Uint32Array(ab, o, 2 ** wordBits + 1), 4 * (2 ** wordBits + 1));
  const keyEntries = take((o) => new Uint32Array(ab, o, m), 4 * m);
  const candidate = take((o) => new Uint8Array(ab, o, n), n);
  if (keyStarts[2 ** wordBits] !== m) throw new Error('fallback data: damaged key index');
  return { words, starts, counts, candidate, sorted, wordBits, keyStarts, keyEntries, errorModel };
}

export function deserializeFallbackData(buf: Uint8Array): FallbackData {
  // The typed arrays below are views into one aligned buffer (no per-word objects).
  let ab: ArrayBuffer;
  if (buf.byteOffset % 8 === 0 && buf.byteLength === buf.buffer.byteLength && buf.buffer instanceof ArrayBuffer) {
    ab = buf.buffer;
  } else {
    ab = new ArrayBuffer(buf.length);
    new Uint8Array(ab).set(buf);
  }
  const layout = layoutOf(new Uint32Array(ab, 0, 6));
  if (layout.textAt + layout.textBytes !== buf.length) throw new Error('fallback data: truncated');
  return viewsOf(ab, layout, new TextDecoder().decode(new Uint8Array(ab, layout.textAt, layout.textBytes)));
}

/**
 * The file read in two parts: the typed arrays into one buffer kept for
 * good, the word text into one dropped once decoded, so the daemon does not
 * keep the words twice (as bytes and as the string the look-ups read).
 */
function readFallbackData(path: string): FallbackData {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint32Array(6);
    if (readAt(fd, new Uint8Array(head.buffer), 0) !== 24) throw new Error('fallback data: truncated');
    const layout = layoutOf(head);
    if (fstatSync(fd).size !== layout.textAt + layout.textBytes) throw new Error('fallback data: truncated');
    const ab = new ArrayBuffer(layout.textAt);
    const text = new Uint8Array(layout.textBytes);
    if (readAt(fd, new Uint8Array(ab), 0) !== ab.byteLength || readAt(fd, text, layout.textAt) !== text.length) throw new Error('fallback data: truncated');
    return viewsOf(ab, layout, new TextDecoder().decode(text));
  } finally {
    closeSync(fd);
  }
}

/** Run time: the precomputed data, or null when it was not built (then no fallback). */
export function loadFallbackData(language: Language = 'en'): FallbackData | null {
  try {
    return readFallbackData(fallbackDataPath(language));
  } catch {
    return null;
  }
}
