// Loads the en_US spelling check (nspell + dictionary-en). Loading is I/O and
// takes about half a second; the returned checker is pure and cheap.
import nspell from 'nspell';
import type { Speller } from '../policy/speller.js';

export type { Speller };

export interface LoadedSpeller extends Speller {
  /** Wall time the load took, for the daemon's startup log. */
  readonly loadMs: number;
}

// Measured on the 2-core dev machine: correct() costs ~0.3–1 µs (p99 ~2 µs,
// ~3 µs for ALL-CAPS words, which nspell retries in other cases), so no cache.
// suggest() is an edit-distance search costing milliseconds: never call it on
// the typing path.
const MAX_WORD = 64; // longer "words" are never in the dictionary; skip the work

class NspellSpeller implements LoadedSpeller {
  constructor(
    private readonly spell: ReturnType<typeof nspell>,
    readonly loadMs: number,
  ) {}

  isCorrect(word: string): boolean {
    if (word.length === 0 || word.length > MAX_WORD) return false;
    return this.spell.correct(word);
  }
}

export async function loadSpelling(): Promise<LoadedSpeller> {
  const t0 = performance.now();
  // dictionary-en reads its .aff/.dic at import time (top-level await).
  const { default: dictionary } = await import('dictionary-en');
  const spell = nspell(dictionary);
  return new NspellSpeller(spell, performance.now() - t0);
}
