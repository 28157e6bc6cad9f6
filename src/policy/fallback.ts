// The dictionary fallback: for a word in no list that the speller rejects,
// find words at a small edit distance (Damerau: insert, delete, substitute,
// swap two neighbours) and correct only when one clearly wins on frequency.
// Pure: the index is built at build time (src/lists/fallback-data.ts) and
// handed in as typed arrays; nothing here does I/O.
//
// Index: symmetric delete (Garbe's SymSpell idea, our own code). For every
// candidate word, every string reachable by deleting up to MAX_DISTANCE
// characters of its first PREFIX characters is hashed (FNV-1a, 32 bits); the
// (hash, word) pairs are sorted by hash in two Uint32Arrays. A query hashes
// the same deletes of the typed word, bisects for each, and verifies the true
// distance on the candidates found, so hash collisions cost time, not answers.

import type { Fallback } from './policy.js';

export const PREFIX = 7;
export const MAX_DISTANCE = 2;
const FIRST_LETTER_FACTOR = 0.2;
const SWAP_FACTOR = 2;

export interface FallbackData {
  /** Words by frequency rank, joined by "\n". */
  words: string;
  /** Start of word i in `words`; length n + 1 (the last is words.length + 1). */
  starts: Uint32Array;
  /** Corpus count of word i (SymSpell/Google Books), descending. */
  counts: Float64Array;
  /** 1 when word i may be proposed (the speller accepts it as written). */
  candidate: Uint8Array;
  /** Word indexes sorted by the word's text, for exact look-up. */
  sorted: Uint32Array;
  /** Delete-key hashes, ascending, and the word index of each. */
  keyHashes: Uint32Array;
  keyWords: Uint32Array;
}

export interface FallbackOptions {
  /** Shortest typed word corrected at distance 1 / distance 2. */
  minLength1?: number;
  minLength2?: number;
  /** How many times the best candidate's weight must exceed the runner-up's. */
  margin1?: number;
  margin2?: number;
  /** Least corpus count of a proposed word at distance 1 / 2 (rare words are too often not what was meant). */
  minCount1?: number;
  minCount2?: number;
}

export function fnv1a(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Every distinct string made by deleting 0..maxDel characters of `s`. */
export function deletes(s: string, maxDel: number, out: Set<string> = new Set()): Set<string> {
  out.add(s);
  let level = [s];
  for (let d = 0; d < maxDel; d++) {
    const next: string[] = [];
    for (const w of level) {
      if (w.length <= 1) continue;
      for (let i = 0; i < w.length; i++) {
        const v = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(v)) {
          out.add(v);
          next.push(v);
        }
      }
    }
    level = next;
  }
  return out;
}

// US QWERTY neighbours (same row and the rows above/below), for weighing
// substitutions: hitting the key next to the right one is the commonest slip.
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const NEIGHBOURS = new Map<string, string>();
for (let r = 0; r < ROWS.length; r++) {
  for (let c = 0; c < ROWS[r].length; c++) {
    let n = '';
    for (let dr = -1; dr <= 1; dr++) {
      const row = ROWS[r + dr];
      if (row === undefined) continue;
      // Staggered rows: the keys above/below sit at c-1..c+1 (approximately).
      for (let dc = -1; dc <= 1; dc++) {
        const ch = row[c + dc];
        if (ch !== undefined && !(dr === 0 && dc === 0)) n += ch;
      }
    }
    NEIGHBOURS.set(ROWS[r][c], n);
  }
}

export function adjacentKeys(a: string, b: string): boolean {
  return NEIGHBOURS.get(a)?.includes(b) ?? false;
}

/** Optimal string alignment distance (Damerau with adjacent swaps), or max + 1 when above max. */
export function osaDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  // Three rolling rows.
  let prev2 = new Array<number>(lb + 1);
  let prev = new Array<number>(lb + 1);
  let cur = new Array<number>(lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, prev2[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb];
}

/**
 * How likely a one-edit slip from `word` to `typed` is, as a weight factor:
 * a swap of neighbours, a neighbouring key, or a doubled/undoubled letter
 * count double; other single edits count once.
 */
export function slipFactor(typed: string, word: string): number {
  const lt = typed.length;
  const lw = word.length;
  let i = 0;
  while (i < lt && i < lw && typed[i] === word[i]) i++;
  if (lt === lw) {
    if (i + 1 < lt && typed[i] === word[i + 1] && typed[i + 1] === word[i]) return SWAP_FACTOR; // swap
    return adjacentKeys(typed[i], word[i]) ? 2 : 1;
  }
  // Insertion in typed (lt > lw) or deletion: a doubled letter is a common slip.
  const longer = lt > lw ? typed : word;
  const extra = longer[i];
  if (longer[i - 1] === extra || longer[i + 1] === extra) return 2;
  if (lt > lw && (adjacentKeys(extra, longer[i - 1] ?? '') || adjacentKeys(extra, longer[i + 1] ?? ''))) return 2;
  return 1;
}

interface Candidate {
  index: number;
  distance: number;
  weight: number;
}

export class DictionaryFallback implements Fallback {
  private readonly n: number;
  private readonly minLength1: number;
  private readonly minLength2: number;
  private readonly margin1: number;
  private readonly margin2: number;
  private readonly minCount1: number;
  private readonly minCount2: number;
  /** Why the last suggest() answered as it did (for `try --explain`). */
  lastExplain = '';

  constructor(
    private readonly data: FallbackData,
    opts: FallbackOptions = {},
  ) {
    this.n = data.counts.length;
    this.minLength1 = opts.minLength1 ?? 4;
    this.minLength2 = opts.minLength2 ?? 8;
    this.margin1 = opts.margin1 ?? 32;
    this.margin2 = opts.margin2 ?? 80;
    this.minCount1 = opts.minCount1 ?? 3e6;
    this.minCount2 = opts.minCount2 ?? 1e7;
  }

  word(i: number): string {
    const { words, starts } = this.data;
    return words.slice(starts[i], starts[i + 1] - 1);
  }

  /** Index of `w` in the frequency list, or -1. */
  indexOf(w: string): number {
    const { sorted, words, starts } = this.data;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const idx = sorted[mid];
      const from = starts[idx];
      const len = starts[idx + 1] - 1 - from;
      let c = 0;
      const common = Math.min(w.length, len);
      for (let k = 0; k < common && c === 0; k++) c = w.charCodeAt(k) - words.charCodeAt(from + k);
      if (c === 0) c = w.length - len;
      if (c === 0) return idx;
      if (c > 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Candidates within `max` edits, best weight first. */
  candidates(w: string, max: number): Candidate[] {
    const { keyHashes, keyWords, counts, candidate } = this.data;
    const prefix = w.length > PREFIX ? w.slice(0, PREFIX) : w;
    const seen = new Set<number>();
    const out: Candidate[] = [];
    for (const key of deletes(prefix, max)) {
      const h = fnv1a(key);
      // First entry with this hash.
      let lo = 0;
      let hi = keyHashes.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (keyHashes[mid] < h) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < keyHashes.length && keyHashes[k] === h; k++) {
        const idx = keyWords[k];
        if (seen.has(idx)) continue;
        seen.add(idx);
        if (candidate[idx] === 0) continue;
        const word = this.word(idx);
        const d = osaDistance(w, word, max);
        if (d === 0 || d > max) continue;
        // People rarely get the first letter wrong: a candidate that differs there is less likely.
        const first = w.charCodeAt(0) === word.charCodeAt(0) ? 1 : FIRST_LETTER_FACTOR;
        const weight = counts[idx] * first * (d === 1 ? slipFactor(w, word) : 1);
        out.push({ index: idx, distance: d, weight });
      }
    }
    out.sort((a, b) => a.distance - b.distance || b.weight - a.weight);
    return out;
  }

  suggest(lowerWord: string): string | null {
    const w = lowerWord;
    this.lastExplain = '';
    if (w.length < this.minLength1 || this.n === 0) return null;
    // A word the frequency list knows is a real word (a name, a rare form)
    // the speller lacks: never "fix" it.
    if (this.indexOf(w) >= 0) return null;
    if (w.includes("'")) return null;
    // Forms people write on purpose that a dictionary may lack: a plural or
    // third person of a known word (marketings, hydrogens) and a dropped g
    // (goin, nothin). Left alone rather than "fixed" to something else.
    if (w.endsWith('s') && this.indexOf(w.slice(0, -1)) >= 0) {
      this.lastExplain = `dictionary: ${w} is ${w.slice(0, -1)} + s, left alone`;
      return null;
    }
    if (w.endsWith('in') && this.indexOf(w + 'g') >= 0) {
      this.lastExplain = `dictionary: ${w} is ${w}g without its g, left alone`;
      return null;
    }
    const max = w.length >= this.minLength2 ? 2 : 1;
    const cands = this.candidates(w, max);
    if (cands.length === 0) return null;
    const best = cands[0];
    // Every other candidate is a rival: the nearest ones in full, those one
    // edit further at 1/50 of their weight (a further edit is that much less
    // likely). The best must outweigh all of them together by the margin.
    let rival = 0;
    for (let k = 1; k < cands.length; k++) rival += cands[k].distance === best.distance ? cands[k].weight : cands[k].weight / 50;
    const second = cands.length > 1 ? this.word(cands[1].index) : null;
    const margin = best.distance === 1 ? this.margin1 : this.margin2;
    const ratio = rival === 0 ? Infinity : best.weight / rival;
    const fix = this.word(best.index);
    this.lastExplain = `dictionary: distance ${best.distance}, ${cands.length} candidate(s), ` +
      `best ${fix} weight ${best.weight.toExponential(2)}` +
      (second !== null ? `, runner-up ${second}, margin ${ratio === Infinity ? '∞' : ratio.toFixed(1)}x (need ${margin}x)` : ', unopposed');
    if (ratio < margin) return null;
    const minCount = best.distance === 1 ? this.minCount1 : this.minCount2;
    if (this.data.counts[best.index] < minCount) {
      this.lastExplain += `; ${fix} is too rare (count ${this.data.counts[best.index]} < ${minCount})`;
      return null;
    }
    return fix;
  }
}
