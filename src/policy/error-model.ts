// How people mistype: a noisy-channel error model. For a typed string and a
// candidate word it gives -ln P(typed | word), the cost of the cheapest
// alignment of the two by single edits (substitute, delete, insert, swap two
// neighbours), each edit costed by how often people make it.
//
// The edit counts are learnt at build time from (typo, word) pairs — the
// default list's Wikipedia and crate-ci/typos misspellings — in the manner of
// Kernighan, Church and Gale's spelling model (1990): an edit's probability is
// its count over how often its context occurs in the intended words. Pure: the
// learnt tables are handed in; nothing here does I/O.

/** a–z, then one slot for any other character, then the word-start context. */
const ALPHABET = 26;
const OTHER = 26;
const START = 27;
export const SYMBOLS = 28;

export function symbol(c: number): number {
  const i = c - 97;
  return i >= 0 && i < ALPHABET ? i : OTHER;
}

/** Learnt edit costs (-ln P), each a SYMBOLS × SYMBOLS table indexed [context or intended][typed]. */
export interface ErrorModelData {
  /** sub[intended * SYMBOLS + typed] */
  sub: Float64Array;
  /** del[previous intended char * SYMBOLS + dropped char] */
  del: Float64Array;
  /** ins[previous typed char * SYMBOLS + inserted char] */
  ins: Float64Array;
  /** swap[first intended * SYMBOLS + second intended]: "xy" typed as "yx". */
  swap: Float64Array;
  /** Extra cost of an edit at the first letter (people rarely get it wrong). */
  firstLetter: number;
}

export const EditKind = { Sub: 0, Del: 1, Ins: 2, Swap: 3 } as const;
export type EditKind = (typeof EditKind)[keyof typeof EditKind];
export interface EditStep {
  kind: EditKind;
  /** Table row and column (see ErrorModelData). */
  a: number;
  b: number;
  /** Position in the intended word where the edit happens. */
  at: number;
}

/**
 * The single edits turning `word` into `typed` along a cheapest alignment
 * (unit costs). Used to learn from pairs.
 */
export function alignEdits(typed: string, word: string): EditStep[] {
  const n = typed.length;
  const m = word.length;
  const w = m + 1;
  const d = new Int32Array((n + 1) * w);
  for (let i = 0; i <= n; i++) d[i * w] = i;
  for (let j = 0; j <= m; j++) d[j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const same = typed.charCodeAt(i - 1) === word.charCodeAt(j - 1);
      let v = Math.min(d[(i - 1) * w + j] + 1, d[i * w + j - 1] + 1, d[(i - 1) * w + j - 1] + (same ? 0 : 1));
      if (i > 1 && j > 1 && typed[i - 1] === word[j - 2] && typed[i - 2] === word[j - 1]) v = Math.min(v, d[(i - 2) * w + j - 2] + 1);
      d[i * w + j] = v;
    }
  }
  const steps: EditStep[] = [];
  let i = n;
  let j = m;
  const wc = (k: number) => (k < 0 ? START : symbol(word.charCodeAt(k)));
  const tc = (k: number) => (k < 0 ? START : symbol(typed.charCodeAt(k)));
  while (i > 0 || j > 0) {
    const here = d[i * w + j];
    if (i > 0 && j > 0 && typed[i - 1] === word[j - 1] && here === d[(i - 1) * w + j - 1]) {
      i--; j--;
    } else if (i > 0 && j > 0 && here === d[(i - 1) * w + j - 1] + 1) {
      steps.push({ kind: EditKind.Sub, a: wc(j - 1), b: tc(i - 1), at: j - 1 });
      i--; j--;
    } else if (i > 1 && j > 1 && typed[i - 1] === word[j - 2] && typed[i - 2] === word[j - 1] && here === d[(i - 2) * w + j - 2] + 1) {
      steps.push({ kind: EditKind.Swap, a: wc(j - 2), b: wc(j - 1), at: j - 2 });
      i -= 2; j -= 2;
    } else if (j > 0 && here === d[i * w + j - 1] + 1) {
      steps.push({ kind: EditKind.Del, a: wc(j - 2), b: wc(j - 1), at: j - 1 });
      j--;
    } else {
      steps.push({ kind: EditKind.Ins, a: tc(i - 2), b: tc(i - 1), at: j });
      i--;
    }
  }
  return steps.reverse();
}

/**
 * Learns edit costs from (typo, intended word) pairs at one or two edits.
 * Counts are smoothed (add-half) so an edit never seen still has a finite cost.
 */
export function learnErrorModel(pairs: Iterable<readonly [string, string]>, maxEdits = 2): ErrorModelData {
  const cells = SYMBOLS * SYMBOLS;
  const sub = new Float64Array(cells);
  const del = new Float64Array(cells);
  const ins = new Float64Array(cells);
  const swap = new Float64Array(cells);
  const unigram = new Float64Array(SYMBOLS);
  const bigram = new Float64Array(cells);
  let firstEdits = 0;
  let otherEdits = 0;
  let letters = 0;
  let words = 0;
  for (const [typed, word] of pairs) {
    const steps = alignEdits(typed, word);
    if (steps.length === 0 || steps.length > maxEdits) continue;
    words++;
    let prev = START;
    for (let k = 0; k < word.length; k++) {
      const c = symbol(word.charCodeAt(k));
      unigram[c]++;
      bigram[prev * SYMBOLS + c]++;
      prev = c;
    }
    unigram[START]++;
    letters += word.length;
    for (const s of steps) {
      const cell = s.a * SYMBOLS + s.b;
      if (s.kind === EditKind.Sub) sub[cell]++;
      else if (s.kind === EditKind.Del) del[cell]++;
      else if (s.kind === EditKind.Ins) ins[cell]++;
      else swap[cell]++;
      if (s.at === 0) firstEdits++;
      else otherEdits++;
    }
  }
  const cost = (count: number, context: number) => -Math.log((count + 0.5) / (context + 0.5 * SYMBOLS));
  const out: ErrorModelData = {
    sub: new Float64Array(cells),
    del: new Float64Array(cells),
    ins: new Float64Array(cells),
    swap: new Float64Array(cells),
    firstLetter: 0,
  };
  for (let a = 0; a < SYMBOLS; a++) {
    for (let b = 0; b < SYMBOLS; b++) {
      const cell = a * SYMBOLS + b;
      out.sub[cell] = cost(sub[cell], unigram[a]);
      out.del[cell] = cost(del[cell], bigram[cell]);
      out.ins[cell] = cost(ins[cell], unigram[a]);
      out.swap[cell] = cost(swap[cell], bigram[cell]);
    }
  }
  // Edit rate at the first letter against the rate elsewhere, per letter.
  if (words > 0 && otherEdits > 0 && letters > words) {
    const firstRate = (firstEdits + 0.5) / words;
    const otherRate = otherEdits / (letters - words);
    out.firstLetter = Math.max(0, -Math.log(firstRate / otherRate));
  }
  return out;
}

/** The learnt tables as one Float64Array (for the precomputed file) and back. */
export function packErrorModel(m: ErrorModelData): Float64Array {
  const cells = SYMBOLS * SYMBOLS;
  const out = new Float64Array(4 * cells + 1);
  out.set(m.sub, 0);
  out.set(m.del, cells);
  out.set(m.ins, 2 * cells);
  out.set(m.swap, 3 * cells);
  out[4 * cells] = m.firstLetter;
  return out;
}

export function unpackErrorModel(a: Float64Array): ErrorModelData {
  const cells = SYMBOLS * SYMBOLS;
  if (a.length !== 4 * cells + 1) throw new Error('error model: wrong size');
  return {
    sub: a.subarray(0, cells),
    del: a.subarray(cells, 2 * cells),
    ins: a.subarray(2 * cells, 3 * cells),
    swap: a.subarray(3 * cells, 4 * cells),
    firstLetter: a[4 * cells],
  };
}

export const PACKED_ERROR_MODEL_LENGTH = 4 * SYMBOLS * SYMBOLS + 1;

/**
 * -ln P(typed | word): the cheapest weighted alignment (optimal string
 * alignment, so a letter takes part in at most one swap). Rows are reused
 * between calls: one model instance per thread of use.
 */
export class ErrorModel {
  private rows: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  private ts = new Int32Array(0);
  private ws = new Int32Array(0);
  private tc = new Int32Array(0);
  private wc = new Int32Array(0);

  constructor(readonly data: ErrorModelData) {}

  cost(typed: string, word: string): number {
    const n = typed.length;
    const m = word.length;
    if (this.rows[0].length < m + 1) {
      this.rows = [new Float64Array(m + 8), new Float64Array(m + 8), new Float64Array(m + 8)];
      this.ws = new Int32Array(m + 8);
    }
    if (this.ts.length < n) this.ts = new Int32Array(n + 8);
    const { sub, del, ins, swap, firstLetter } = this.data;
    const t = this.ts;
    const w = this.ws;
    // Symbols index the tables; whether two letters are the same is asked of
    // the characters, since every letter outside a-z shares the OTHER symbol
    // (ü and ö are not the same letter).
    if (this.tc.length < n) this.tc = new Int32Array(n + 8);
    if (this.wc.length < m) this.wc = new Int32Array(m + 8);
    const tc = this.tc;
    const wc = this.wc;
    for (let i = 0; i < n; i++) t[i] = symbol((tc[i] = typed.charCodeAt(i)));
    for (let j = 0; j < m; j++) w[j] = symbol((wc[j] = word.charCodeAt(j)));
    let [prev2, prev, cur] = this.rows;
    // Row 0: the first j letters of the word all dropped.
    prev[0] = 0;
    for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] + del[(j > 1 ? w[j - 2] : START) * SYMBOLS + w[j - 1]] + (j === 1 ? firstLetter : 0);
    for (let i = 1; i <= n; i++) {
      const ti = t[i - 1];
      const tPrev = i > 1 ? t[i - 2] : START;
      cur[0] = prev[0] + ins[tPrev * SYMBOLS + ti] + (i === 1 ? firstLetter : 0);
      for (let j = 1; j <= m; j++) {
        const wj = w[j - 1];
        const first = j === 1 ? firstLetter : 0;
        const tci = tc[i - 1];
        const wcj = wc[j - 1];
        let v = prev[j - 1] + (tci === wcj ? 0 : sub[wj * SYMBOLS + ti] + first);
        const dropped = cur[j - 1] + del[(j > 1 ? w[j - 2] : START) * SYMBOLS + wj] + first;
        if (dropped < v) v = dropped;
        const inserted = prev[j] + ins[tPrev * SYMBOLS + ti];
        if (inserted < v) v = inserted;
        if (i > 1 && j > 1 && tci === wc[j - 2] && tc[i - 2] === wcj && tci !== wcj) {
          const swapped = prev2[j - 2] + swap[w[j - 2] * SYMBOLS + wj] + (j === 2 ? firstLetter : 0);
          if (swapped < v) v = swapped;
        }
        cur[j] = v;
      }
      const r = prev2;
      prev2 = prev;
      prev = cur;
      cur = r;
    }
    return prev[m];
  }
}
