// Context: the word before. A bigram model says how much likelier a
// candidate is after the previous word than on its own, so "the hoise" leans
// to house and "loud hoise" to noise, and a change the previous word makes
// unlikely loses its share to "a word we do not know" (a veto).
// Pure: the bigram table is built at build time (src/lists/context-data.ts)
// and handed in as typed arrays.

/** Bits for the second word's index in a key: the frequency list has < 2^17 words. */
export const SECOND_BITS = 17;
const SECOND_SPAN = 2 ** SECOND_BITS;

export interface BigramData {
  /** first * 2^SECOND_BITS + second (frequency-list word indexes), ascending. Exact in a double. */
  keys: Float64Array;
  /** P(second | first), among the listed pairs that start with first. */
  probs: Float32Array;
}

export function bigramKey(first: number, second: number): number {
  return first * SECOND_SPAN + second;
}

/** Share given to the bigram estimate against the word's own frequency (fitted by test/eval/fit.ts). */
export const CONTEXT_WEIGHT = 0.6;

export class BigramModel {
  private readonly lnOneMinus: number;

  constructor(
    readonly data: BigramData,
    readonly weight = CONTEXT_WEIGHT,
  ) {
    this.lnOneMinus = Math.log(1 - weight);
  }

  /** Index of the first key >= k. */
  private lowerBound(k: number): number {
    const { keys } = this.data;
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid] < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Whether the table knows any word after `first` (else it says nothing about context). */
  knows(first: number): boolean {
    const at = this.lowerBound(bigramKey(first, 0));
    return at < this.data.keys.length && this.data.keys[at] < bigramKey(first + 1, 0);
  }

  /**
   * ln( (1 - weight) + weight * P(word | first) / P(word) ): how much the
   * previous word raises (or, for a pair never listed, lowers) the word's
   * own probability `pWord`. Call only when knows(first).
   */
  lift(first: number, word: number, pWord: number): number {
    const k = bigramKey(first, word);
    const at = this.lowerBound(k);
    if (at >= this.data.keys.length || this.data.keys[at] !== k) return this.lnOneMinus;
    return Math.log(1 - this.weight + (this.weight * this.data.probs[at]) / pWord);
  }
}

const SENTENCE_END = /[.!?\n]$/;
const WORD = /^[a-z]+$/;

/**
 * The plain word right before the current token, in lower case, from the
 * text typed before it: null at a sentence start, after anything that is not
 * a word (a number, a path), or when nothing is known.
 */
export function previousWord(before: string): string | null {
  const t = before.replace(/[ \t]+$/, '');
  if (t === '' || SENTENCE_END.test(t)) return null;
  const space = Math.max(t.lastIndexOf(' '), t.lastIndexOf('\t'), t.lastIndexOf('\n'));
  const token = t.slice(space + 1).replace(/^["'([{]+/, '').replace(/[,;:"')\]}]+$/, '').toLowerCase();
  return WORD.test(token) ? token : null;
}
