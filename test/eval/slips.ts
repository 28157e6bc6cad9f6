// The slips set of `npm run eval`: keyboard slips of common words, made by a
// generator with a fixed seed, so every run scores the same cases.
//
// Words: the SymSpell frequency list's commonest words (ranks 1–20,000) of
// three letters or more that the en_US speller accepts. Words at even ranks
// go to the "fit" half (used only by test/eval/fit.ts to fit the slip
// model's weight), words at odd ranks to the "eval" half that `npm run eval`
// reports: the two never share a word, and they use different seeds.
//
// One slip per word, at a uniformly chosen position, on the US ANSI board
// (src/keymap/geometry.ts), of one of these kinds:
//   40 % a neighbouring key instead (any key within 1.3 key widths, uniformly),
//   20 % a letter left out,
//   15 % a neighbouring key added before or after a letter,
//   15 % two adjacent letters swapped,
//    5 % a letter doubled,
//    5 % a doubled letter typed once (if the word has none: a letter left out).
// A slip that makes another word (the speller accepts it, or the frequency
// list knows it) is dropped, as such typos are out of reach of a spell
// checker. The mix is an assumption, stated so it can be argued with.
import { readFileSync } from 'node:fs';
import { keyDistance, keyLayout, type KeyLayout } from '../../src/keymap/geometry.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { frequencyListPath, parseFrequencyList } from '../../src/lists/fallback-data.js';
import type { TypoSet } from './sets.js';
import { rng } from '../bench/rng.js';


const NEIGHBOUR_REACH = 1.3;

function neighboursOf(layout: KeyLayout, ch: string): string[] {
  const p = layout.get(ch);
  if (p === undefined) return [];
  return [...layout].filter(([c, q]) => c !== ch && /^[a-z]$/.test(c) && keyDistance(p, q) <= NEIGHBOUR_REACH).map(([c]) => c);
}

/** One slip of `word`, or null when the drawn kind cannot apply. */
export function slip(word: string, layout: KeyLayout, random: () => number): string | null {
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length === 0 ? undefined : xs[Math.floor(random() * xs.length)]);
  const at = Math.floor(random() * word.length);
  const kind = random();
  if (kind < 0.40) {
    const n = pick(neighboursOf(layout, word[at]));
    return n === undefined ? null : word.slice(0, at) + n + word.slice(at + 1);
  }
  if (kind < 0.60) return word.slice(0, at) + word.slice(at + 1);
  if (kind < 0.75) {
    const n = pick(neighboursOf(layout, word[at]));
    if (n === undefined) return null;
    return random() < 0.5 ? word.slice(0, at) + n + word.slice(at) : word.slice(0, at + 1) + n + word.slice(at + 1);
  }
  if (kind < 0.90) {
    const i = Math.min(at, word.length - 2);
    if (word[i] === word[i + 1]) return null;
    return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  }
  if (kind < 0.95) return word.slice(0, at + 1) + word[at] + word.slice(at + 1);
  const doubled = [...word].map((_, i) => i).filter((i) => i > 0 && word[i] === word[i - 1]);
  const d = pick(doubled) ?? at;
  return word.slice(0, d) + word.slice(d + 1);
}

export interface SlipsOptions {
  half: 'fit' | 'eval';
  /** Cases wanted. */
  size?: number;
}

/** The slips set; `isWord` tells words the speller accepts. */
export function slipsSet(isWord: (w: string) => boolean, opts: SlipsOptions): TypoSet {
  const { words } = parseFrequencyList(readFileSync(frequencyListPath(), 'utf8'));
  const known = new Set(words);
  const layout = keyLayout(new UsKeymap(), 'ansi');
  const random = rng(opts.half === 'eval' ? 20261202 : 16);
  const size = opts.size ?? 2000;
  const parity = opts.half === 'eval' ? 1 : 0;
  const pool: string[] = [];
  for (let rank = 0; rank < Math.min(20_000, words.length); rank++) {
    const w = words[rank];
    if (rank % 2 === parity && w.length >= 3 && isWord(w)) pool.push(w);
  }
  const cases: TypoSet['cases'] = [];
  const used = new Set<string>();
  for (let tries = 0; cases.length < size && tries < size * 20; tries++) {
    const word = pool[Math.floor(random() * pool.length)];
    const typo = slip(word, layout, random);
    if (typo === null || typo === word || used.has(typo) || known.has(typo) || isWord(typo)) continue;
    used.add(typo);
    cases.push({ typo, fix: word });
  }
  return { name: opts.half === 'eval' ? 'Slips' : 'Slips (fit half)', source: 'generated, test/eval/slips.ts, fixed seed', cases };
}
