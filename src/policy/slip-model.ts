// Keyboard slips: how a finger mistypes on the board the user has. The
// spelling error model (error-model.ts) is learnt from misspellings, where a
// `j` typed for a `u` almost never happens; on a keyboard it is one of the
// likeliest slips. This model gives the probability of each slip from the key
// geometry alone:
//   - a neighbouring key hit instead (weighted by distance: a Gaussian touch
//     spread around the intended key's centre),
//   - a letter left out, and a doubled letter typed once,
//   - a neighbouring key pressed with the intended one (before or after it),
//     and a letter typed twice,
//   - two letters typed in the wrong order, likelier when each hand types one
//     of them (the hands race each other).
// Pure and language-free: the layout's characters and positions are handed
// in (src/keymap/geometry.ts), so a German speller on a de board, or English
// on dvorak, gets its own neighbours.
import { keyDistance, type KeyLayout, type KeyPosition } from '../keymap/geometry.js';

/** Probability of each slip, per intended letter (or letter pair, for swaps). */
export interface SlipRates {
  neighbour: number;
  omit: number;
  /** A neighbouring key pressed too: half the time before the key, half after. */
  insert: number;
  double: number;
  undouble: number;
  swapSameHand: number;
  swapAcrossHands: number;
}

// Relative rates of the slips. They are one assumption, stated here: slips
// of a neighbouring key are the commonest, then omissions and extra keys,
// then swaps (across hands about twice as often), then doubling. The mixing weight with the spelling model is fitted on
// held-out data (test/eval/fit.ts), not these.
export const DEFAULT_SLIP_RATES: SlipRates = {
  neighbour: 0.010,
  omit: 0.005,
  insert: 0.004,
  double: 0.0015,
  undouble: 0.004,
  swapSameHand: 0.002,
  swapAcrossHands: 0.004,
};

/** Touch spread in key widths: a key one width away gets e^-2 of a hit at the centre. */
const SPREAD = 0.5;
/** Keys further than this are not neighbours at all. */
const REACH = 1.5;

export class SlipModel {
  /** For each character: its neighbours' characters and the share of the neighbour slips each takes. */
  private readonly near = new Map<string, Map<string, number>>();

  constructor(
    readonly layout: KeyLayout,
    readonly rates: SlipRates = DEFAULT_SLIP_RATES,
  ) {
    for (const [a, pa] of layout) {
      const weights = new Map<string, number>();
      let total = 0;
      for (const [b, pb] of layout) {
        if (b === a) continue;
        const d = keyDistance(pa, pb);
        if (d > REACH) continue;
        const w = Math.exp((-d * d) / (2 * SPREAD * SPREAD));
        weights.set(b, w);
        total += w;
      }
      for (const [b, w] of weights) weights.set(b, w / total);
      this.near.set(a, weights);
    }
  }

  /** The characters whose keys neighbour `ch`'s key (empty when the layout has no such key). */
  neighbours(ch: string): string[] {
    return [...(this.near.get(ch)?.keys() ?? [])];
  }

  /** Share of `ch`'s neighbour slips that land on `other` (0 when not neighbours). */
  nearness(ch: string, other: string): number {
    return this.near.get(ch)?.get(other) ?? 0;
  }

  position(ch: string): KeyPosition | undefined {
    return this.layout.get(ch);
  }

  /** P(`typed` appears where `intended` was meant). */
  substitute(intended: string, typed: string): number {
    return this.rates.neighbour * this.nearness(intended, typed);
  }

  /** P(`dropped` is left out after `prev` ('' at the word's start)). */
  omit(prev: string, dropped: string): number {
    return this.rates.omit + (prev === dropped ? this.rates.undouble : 0);
  }

  /** P(`inserted` is typed right after the key of `prev`): its neighbour, or itself again. */
  insertAfter(prev: string, inserted: string): number {
    if (prev === '') return 0;
    return (this.rates.insert / 2) * this.nearness(prev, inserted) + (prev === inserted ? this.rates.double : 0);
  }

  /** P(`inserted` is typed right before the key of `next`, brushing it on the way). */
  insertBefore(next: string, inserted: string): number {
    if (next === '') return 0;
    return (this.rates.insert / 2) * this.nearness(next, inserted);
  }

  /** P(`first` then `second` typed as `second` then `first`). */
  swap(first: string, second: string): number {
    const a = this.layout.get(first);
    const b = this.layout.get(second);
    if (a === undefined || b === undefined || first === second) return 0;
    return a.hand === b.hand ? this.rates.swapSameHand : this.rates.swapAcrossHands;
  }
}
