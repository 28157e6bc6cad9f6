// The dictionary fallback: for a word in no list that the speller rejects,
// find words at a small edit distance (Damerau: insert, delete, substitute,
// swap two neighbours), weigh each as P(word | previous word) x P(typed | word)
// — how common the word is after the word before (context.ts) times how
// commonly people make those edits, misspelling (error-model.ts) or slipping
// on the keyboard (slip-model.ts) —
// and correct only when one candidate holds most of the probability, counting
// the chance that the typed string is a real word we do not know.
// Pure: the index is built at build time (src/lists/fallback-data.ts) and
// handed in as typed arrays; nothing here does I/O.
//
// Index: symmetric delete (Garbe's SymSpell idea, our own code). For every
// candidate word, every string reachable by deleting up to MAX_DISTANCE
// characters of its first PREFIX characters is hashed (FNV-1a, 32 bits); the
// (hash, word) pairs are packed 4 bytes each, bucketed and sorted by hash
// (see FallbackData.keyEntries). A query hashes
// the same deletes of the typed word, bisects for each, and verifies the true
// distance on the candidates found, so hash collisions cost time, not answers.

import { ErrorModel, unpackErrorModel } from './error-model.js';
import type { Fallback } from './policy.js';
import type { SlipModel } from './slip-model.js';
import type { BigramModel } from './context.js';

export const PREFIX = 7;
export const MAX_DISTANCE = 2;
/** Candidates scoring this far (in nats) below the best are not costed: e^-12 of its weight each. */
const PRUNE = 12;

export interface FallbackData {
  /** Words by frequency rank, joined by "\n". */
  words: string;
  /** Start of word i in `words`; length n + 1 (the last is words.length + 1). */
  starts: Uint32Array;
  /** Corpus count of word i (SymSpell/Google Books), descending. */
  counts: Float64Array;
  /** 1 when word i may be proposed (the speller accepts it as written), 2 when capitalised (a German noun). */
  candidate: Uint8Array;
  /** Word indexes sorted by the word's text, for exact look-up. */
  sorted: Uint32Array;
  /**
   * The delete keys, bucketed by the top `wordBits` bits of their hash:
   * bucket b's entries are keyEntries[keyStarts[b] .. keyStarts[b + 1]).
   * An entry is the hash's other 32 - wordBits bits above the word index's
   * `wordBits` (so hash and word fit in 4 bytes, with no bit of the hash
   * lost), ascending.
   */
  wordBits: number;
  keyStarts: Uint32Array;
  keyEntries: Uint32Array;
  /** The learnt error model, packed (error-model.ts packErrorModel). */
  errorModel: Float64Array;
}

export interface FallbackOptions {
  /** Shortest typed word corrected at all / at distance 2. */
  minLength?: number;
  minLength2?: number;
  /**
   * ln of the weight given to "the typed string is a real word we do not
   * know" (a name, a term): in the same units as ln(count) - edit cost.
   */
  unknownWeight?: number;
  /** Least share of the probability the best candidate must hold. */
  confidence?: number;
  /**
   * Added to unknownWeight for tokens that look like identifiers (see
   * looksLikeIdentifier): a change needs more evidence there.
   */
  shortWeight?: number;
  /**
   * Taken off unknownWeight per letter beyond LONG_TOKEN: a long string one
   * slip away from a known word is less and less likely to be a real word
   * of its own.
   */
  lengthWeight?: number;
  /** Keyboard slips on the user's layout, mixed into the spelling error model. */
  slips?: SlipModel | null;
  /** How much of the slip model's probability is added (fitted by test/eval/fit.ts). */
  slipWeight?: number;
  /** The previous word's bigrams (context.ts); absent: no context. */
  context?: BigramModel | null;
  /** Words the user keeps typing (lower case): never changed. */
  learned?: ReadonlySet<string>;
}

/** Fitted on held-out data by test/eval/fit.ts; see test/eval/data/README.md. */
export const SLIP_WEIGHT = 4;
export const UNKNOWN_WEIGHT = 7;
export const SHORT_WEIGHT = 4;
export const CONFIDENCE = 0.9;
export const LENGTH_WEIGHT = 0.5;
/** Tokens longer than this have their unknown weight lowered (see lengthWeight). */
export const LONG_TOKEN = 6;
/** Tokens this short or shorter count as short (see shortWeight). */
export const SHORT_TOKEN = 4;

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

/** Optimal string alignment distance (Damerau with adjacent swaps), or max + 1 when above max. */
let osaRows = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

export function osaDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  // Three rolling rows, reused between calls (this runs for every candidate).
  if (osaRows[0].length < lb + 1) osaRows = [new Int32Array(lb + 8), new Int32Array(lb + 8), new Int32Array(lb + 8)];
  let [prev2, prev, cur] = osaRows;
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
 * Short tokens and tokens without a vowel are as often abbreviations or
 * identifiers (bool, uint, alsa, cfg, pkg) as slips of words.
 */
export function looksLikeIdentifier(w: string): boolean {
  return w.length <= SHORT_TOKEN || !/[aeiouy]/.test(w);
}

interface Candidate {
  index: number;
  distance: number;
  /** ln(count) + lift - edit cost: ln of P(word | previous) x P(typed | word), up to a constant. */
  score: number;
  /** ln of how much the previous word raises P(word) (0 without context). */
  lift: number;
}

interface Weighed {
  note: string;
  cands: Candidate[];
  share: number;
}
const NOTHING_WEIGHED: Weighed = { note: '', cands: [], share: 0 };

export class DictionaryFallback implements Fallback {
  private readonly n: number;
  private readonly minLength: number;
  private readonly minLength2: number;
  private readonly unknownWeight: number;
  private readonly confidence: number;
  private readonly shortWeight: number;
  private readonly lengthWeight: number;
  private readonly model: ErrorModel;
  private readonly context: BigramModel | null;
  /** Sum of all counts: P(word) = count / total. */
  private readonly total: number;
  learned: ReadonlySet<string>;
  /** The lowest cost any single edit has in the model. */
  private readonly cheapestEdit: number;
  /** What the last suggest() weighed; turned into words only when asked (off the key path). */
  private last: Weighed = NOTHING_WEIGHED;

  constructor(
    private readonly data: FallbackData,
    opts: FallbackOptions = {},
  ) {
    this.n = data.counts.length;
    this.minLength = opts.minLength ?? 3;
    this.minLength2 = opts.minLength2 ?? 4;
    this.unknownWeight = opts.unknownWeight ?? UNKNOWN_WEIGHT;
    this.confidence = opts.confidence ?? CONFIDENCE;
    this.shortWeight = opts.shortWeight ?? SHORT_WEIGHT;
    this.lengthWeight = opts.lengthWeight ?? LENGTH_WEIGHT;
    this.model = new ErrorModel(unpackErrorModel(data.errorModel), opts.slips ?? null, opts.slipWeight ?? SLIP_WEIGHT);
    this.cheapestEdit = this.model.cheapestEdit;
    this.context = opts.context ?? null;
    this.learned = opts.learned ?? new Set();
    let total = 0;
    for (let i = 0; i < data.counts.length; i++) total += data.counts[i];
    this.total = total;
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

  /**
   * Candidates within `max` edits, best score first. The error model's
   * alignment is the costly part, so it runs from the commonest candidate
   * down and stops where even a free edit could not bring a word within
   * PRUNE of the best (such words would hold a negligible share).
   */
  candidates(w: string, max: number, previous = -1): Candidate[] {
    const ctx = previous >= 0 && this.context !== null && this.context.knows(previous) ? this.context : null;
    const { keyStarts, keyEntries, wordBits, counts, candidate } = this.data;
    const wordMask = 2 ** wordBits - 1;
    const prefix = w.length > PREFIX ? w.slice(0, PREFIX) : w;
    const seen = new Set<number>();
    const found: Candidate[] = [];
    for (const key of deletes(prefix, max)) {
      const h = fnv1a(key);
      const bucket = h >>> (32 - wordBits);
      const rest = h & (2 ** (32 - wordBits) - 1);
      for (let k = keyStarts[bucket]; k < keyStarts[bucket + 1]; k++) {
        const e = keyEntries[k];
        const r = e >>> wordBits;
        if (r < rest) continue;
        if (r > rest) break;
        const idx = e & wordMask;
        if (seen.has(idx)) continue;
        seen.add(idx);
        if (candidate[idx] === 0) continue;
        const d = osaDistance(w, this.word(idx), max);
        if (d === 0 || d > max) continue;
        // Upper bound on the score until the alignment is costed; the context's lift is known now.
        const lift = ctx === null ? 0 : ctx.lift(previous, idx, counts[idx] / this.total);
        found.push({ index: idx, distance: d, score: Math.log(counts[idx]) + lift - d * this.cheapestEdit, lift });
      }
    }
    found.sort((a, b) => b.score - a.score);
    let best = -Infinity;
    let kept = 0;
    for (const c of found) {
      if (c.score < best - PRUNE) break;
      c.score = Math.log(counts[c.index]) + c.lift - this.model.cost(w, this.word(c.index));
      if (c.score > best) best = c.score;
      found[kept++] = c;
    }
    found.length = kept;
    found.sort((a, b) => b.score - a.score);
    return found;
  }

  suggest(lowerWord: string, previousWord: string | null = null): string | null {
    const w = lowerWord;
    this.last = NOTHING_WEIGHED;
    if (w.length < this.minLength || this.n === 0) return null;
    // A word the frequency list knows is a real word (a name, a rare form)
    // the speller lacks: never "fix" it.
    if (this.indexOf(w) >= 0) return null;
    if (this.learned.has(w)) {
      this.last = { note: 'dictionary: a word you keep typing (learnt), left alone', cands: [], share: 0 };
      return null;
    }
    if (w.includes("'")) return null;
    const deliberate = this.deliberateForm(w);
    if (deliberate !== null) {
      this.last = { note: `dictionary: ${deliberate}, left alone`, cands: [], share: 0 };
      return null;
    }
    const max = w.length >= this.minLength2 ? 2 : 1;
    const cands = this.candidates(w, max, previousWord === null ? -1 : this.indexOf(previousWord));
    if (cands.length === 0) return null;
    const best = cands[0];
    // Posterior of the best: its weight over all candidates' plus the weight
    // of "a real word we do not know" (scores are logs; shift by the best's
    // to keep exp() in range).
    const unknown = this.unknownWeight + (looksLikeIdentifier(w) ? this.shortWeight : 0) -
      this.lengthWeight * Math.max(0, w.length - LONG_TOKEN);
    let total = Math.exp(unknown - best.score);
    for (const c of cands) total += Math.exp(c.score - best.score);
    const share = 1 / total;
    this.last = { note: '', cands, share };
    if (share < this.confidence) return null;
    const fix = this.word(best.index);
    return this.data.candidate[best.index] === 2 ? fix.charAt(0).toUpperCase() + fix.slice(1) : fix;
  }

  /** Why the last suggest() answered as it did (rule and margin), for `try --explain`. */
  get lastExplain(): string {
    const { note, cands, share } = this.last;
    if (cands.length === 0) return note;
    const best = cands[0];
    const second = cands.length > 1 ? `, runner-up ${this.word(cands[1].index)} ${(100 * Math.exp(cands[1].score - best.score) * share).toFixed(1)}%` : '';
    return `dictionary: distance ${best.distance}, ${cands.length} candidate(s), best ${this.word(best.index)} ` +
      `with ${(100 * share).toFixed(1)}% of the probability (need ${(100 * this.confidence).toFixed(0)}%)${second}`;
  }

  /**
   * Forms people write on purpose that a dictionary may lack: a plural or
   * third person of a known word (marketings), a dropped g (goin), a
   * run-together "of"/"to" (oughta, coulda). Left alone rather than "fixed".
   */
  private deliberateForm(w: string): string | null {
    if (w.endsWith('s') && !w.endsWith('ss') && this.indexOf(w.slice(0, -1)) >= 0) return `${w} is ${w.slice(0, -1)} + s`;
    if (w.endsWith('in') && this.indexOf(w + 'g') >= 0) return `${w} is ${w}g without its g`;
    if (w.endsWith('a') && w.length > 4 && this.indexOf(w.slice(0, -1)) >= 0) return `${w} is ${w.slice(0, -1)} + a`;
    return null;
  }
}
