// How people mistype: a noisy-channel error model. For a typed string and a
// candidate word it gives -ln P(typed | word), the cost of the cheapest
// alignment of the two by single edits (substitute, delete, insert, swap two
// neighbours), each edit costed by how often people make it.
//
// The edit counts are learnt at build time from (typo, word) pairs — the
// default list's Wikipedia and crate-ci/typos misspellings — in the manner of
// Kernighan, Church and Gale's spelling model (1990): an edit's probability is
// its count over how often its context occurs in the intended words. A
// keyboard slip model (slip-model.ts) can be mixed in: each edit is then
// either kind of mistake. Pure: the learnt tables are handed in; nothing here
// does I/O.
import type { SlipModel } from './slip-model.js';

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

/** The character a symbol stands for ('' for the word start or any other character). */
function symbolChar(k: number): string {
  return k < ALPHABET ? String.fromCharCode(97 + k) : '';
}

/**
 * The costs one alignment reads, with keyboard slips mixed in: each edit's
 * probability is the spelling model's plus `weight` times the slip model's
 * (a typo is either kind of mistake). Tables for an edit at the word's first
 * letter are kept apart, since the spelling model's first-letter penalty
 * does not apply to slips.
 */
interface CostTables {
  sub: Float64Array;
  subFirst: Float64Array;
  del: Float64Array;
  delFirst: Float64Array;
  /** ins[(previous typed * SYMBOLS + inserted) * SYMBOLS + next typed]; START for none. */
  ins: Float64Array;
  insFirst: Float64Array;
  swap: Float64Array;
  swapFirst: Float64Array;
}

function costTables(m: ErrorModelData, slips: SlipModel | null, weight: number): CostTables {
  const cells = SYMBOLS * SYMBOLS;
  const mix = (spellCost: number, first: boolean, slip: number) => {
    const p = Math.exp(-spellCost - (first ? m.firstLetter : 0)) + weight * slip;
    return -Math.log(p);
  };
  const t: CostTables = {
    sub: new Float64Array(cells), subFirst: new Float64Array(cells),
    del: new Float64Array(cells), delFirst: new Float64Array(cells),
    ins: new Float64Array(cells * SYMBOLS), insFirst: new Float64Array(cells * SYMBOLS),
    swap: new Float64Array(cells), swapFirst: new Float64Array(cells),
  };
  // The slip model's probabilities per symbol pair, asked once (its look-ups are by character).
  const slipSub = new Float64Array(cells);
  const slipOmit = new Float64Array(cells);
  const slipSwap = new Float64Array(cells);
  const slipAfter = new Float64Array(cells);
  const slipBefore = new Float64Array(cells);
  if (slips !== null) {
    for (let a = 0; a < SYMBOLS; a++) {
      const ca = symbolChar(a);
      for (let b = 0; b < SYMBOLS; b++) {
        const cb = symbolChar(b);
        if (cb === '') continue;
        const cell = a * SYMBOLS + b;
        if (ca !== '') {
          slipSub[cell] = slips.substitute(ca, cb);
          slipSwap[cell] = slips.swap(ca, cb);
          slipAfter[cell] = slips.insertAfter(ca, cb);
          slipBefore[cell] = slips.insertBefore(ca, cb);
        }
        if (ca !== '' || a === START) slipOmit[cell] = slips.omit(ca, cb);
      }
    }
  }
  for (let a = 0; a < SYMBOLS; a++) {
    for (let b = 0; b < SYMBOLS; b++) {
      const cell = a * SYMBOLS + b;
      t.sub[cell] = mix(m.sub[cell], false, slipSub[cell]);
      t.subFirst[cell] = mix(m.sub[cell], true, slipSub[cell]);
      t.del[cell] = mix(m.del[cell], false, slipOmit[cell]);
      t.delFirst[cell] = mix(m.del[cell], true, slipOmit[cell]);
      t.swap[cell] = mix(m.swap[cell], false, slipSwap[cell]);
      t.swapFirst[cell] = mix(m.swap[cell], true, slipSwap[cell]);
      // Inserted b after a, before n: a neighbour of either key (or a doubled a).
      const spell = Math.exp(-m.ins[cell]);
      const spellFirst = Math.exp(-m.ins[cell] - m.firstLetter);
      const after = weight * slipAfter[cell];
      const at = cell * SYMBOLS;
      const base = m.ins[cell];
      const baseFirst = base + m.firstLetter;
      for (let n = 0; n < SYMBOLS; n++) {
        const slip = after + weight * slipBefore[n * SYMBOLS + b];
        // Most triples have no slip at all: skip the logarithms (this runs at every start).
        t.ins[at + n] = slip === 0 ? base : -Math.log(spell + slip);
        t.insFirst[at + n] = slip === 0 ? baseFirst : -Math.log(spellFirst + slip);
      }
    }
  }
  return t;
}

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
  private readonly t: CostTables;
  /** The lowest cost any single edit has (for pruning). */
  readonly cheapestEdit: number;

  /** `slips` with `slipWeight`: keyboard slips mixed into the spelling model (slip-model.ts). */
  constructor(readonly data: ErrorModelData, slips: SlipModel | null = null, slipWeight = 1) {
    this.t = costTables(data, slips, slipWeight);
    let least = Infinity;
    for (const a of [this.t.sub, this.t.del, this.t.ins, this.t.swap]) {
      for (let i = 0; i < a.length; i++) if (a[i] < least) least = a[i];
    }
    this.cheapestEdit = least;
  }

  cost(typed: string, word: string): number {
    const n = typed.length;
    const m = word.length;
    if (this.rows[0].length < m + 1) {
      this.rows = [new Float64Array(m + 8), new Float64Array(m + 8), new Float64Array(m + 8)];
      this.ws = new Int32Array(m + 8);
    }
    if (this.ts.length < n + 1) this.ts = new Int32Array(n + 8);
    const { sub, subFirst, del, delFirst, ins, insFirst, swap, swapFirst } = this.t;
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
    t[n] = START; // "no next key" for an insertion at the end
    for (let j = 0; j < m; j++) w[j] = symbol((wc[j] = word.charCodeAt(j)));
    let [prev2, prev, cur] = this.rows;
    // Row 0: the first j letters of the word all dropped.
    prev[0] = 0;
    for (let j = 1; j <= m; j++) prev[j] = prev[j - 1] + (j === 1 ? delFirst : del)[(j > 1 ? w[j - 2] : START) * SYMBOLS + w[j - 1]];
    for (let i = 1; i <= n; i++) {
      const ti = t[i - 1];
      const tPrev = i > 1 ? t[i - 2] : START;
      const insAt = (tPrev * SYMBOLS + ti) * SYMBOLS + t[i];
      const insCost = ins[insAt];
      cur[0] = prev[0] + (i === 1 ? insFirst[insAt] : insCost);
      for (let j = 1; j <= m; j++) {
        const wj = w[j - 1];
        const first = j === 1;
        const tci = tc[i - 1];
        const wcj = wc[j - 1];
        let v = prev[j - 1] + (tci === wcj ? 0 : (first ? subFirst : sub)[wj * SYMBOLS + ti]);
        const dropped = cur[j - 1] + (first ? delFirst : del)[(j > 1 ? w[j - 2] : START) * SYMBOLS + wj];
        if (dropped < v) v = dropped;
        const inserted = prev[j] + insCost;
        if (inserted < v) v = inserted;
        if (i > 1 && j > 1 && tci === wc[j - 2] && tc[i - 2] === wcj && tci !== wcj) {
          const swapped = prev2[j - 2] + (j === 2 ? swapFirst : swap)[w[j - 2] * SYMBOLS + wj];
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
