// Scoring helpers shared by the English and the per-language parts of `npm run eval`.
import type { Engine } from '../../src/engine/engine.js';
import type { Edit } from '../../src/engine/types.js';
import { typeThrough } from '../../src/drive/type-through.js';
import type { TypoSet } from './sets.js';

/** Decision timing: word-end key presses only (the keys the daemon holds back). */
export class Timer {
  samples: number[] = [];
  percentile(p: number): number {
    const s = Float64Array.from(this.samples).sort();
    return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(p * s.length))];
  }
}

/** typeThrough with the word-end decisions timed. */
export function typeTimed(input: string, engine: Engine, holds: Set<number>, timer: Timer): { text: string; edits: Edit[] } {
  void holds; // the simulated keyboard holds exactly the engine's edit keys
  return typeThrough(input, engine, { timeHeld: (ns) => timer.samples.push(ns) });
}

export interface SetScore {
  cases: number;
  nonWord: number;
  changes: number;
  right: number;
  wrong: Array<[string, string, string]>;
}

export function scoreSet(set: TypoSet, engine: Engine, holds: Set<number>, timer: Timer, isWord: (w: string) => boolean): SetScore {
  const s: SetScore = { cases: set.cases.length, nonWord: 0, changes: 0, right: 0, wrong: [] };
  for (const c of set.cases) {
    if (!isWord(c.typo)) s.nonWord++;
    engine.forget();
    const out = typeTimed(`${c.typo} `, engine, holds, timer).text.slice(0, -1);
    if (out === c.typo) continue;
    s.changes++;
    if (out.toLowerCase() === c.fix.toLowerCase()) s.right++;
    else s.wrong.push([c.typo, out, c.fix]);
  }
  return s;
}

/**
 * A wrong change that is another form of the meant word (interest for
 * interests, choose for chose): same stem, different ending. Shown apart in
 * the table because a word alone cannot tell which form the sentence needs.
 */
export function otherForm(made: string, meant: string): boolean {
  const a = made.toLowerCase();
  const b = meant.toLowerCase().replace(/'s$/, '');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  return common >= 3 && common >= Math.min(a.length, b.length) - 2;
}

export const pct = (a: number, b: number) => (b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1).padStart(5)}%`);

