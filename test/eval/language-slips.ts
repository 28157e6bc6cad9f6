// Keyboard slips for the per-language typo sets of `npm run eval`: a word of
// the language's prose with one slip a typist makes on that language's
// layout — a neighbouring key instead (by the physical key grid, so ö and p
// are neighbours on the German layout), a letter left out, doubled, two
// letters swapped, or a neighbour's letter added. Seeded, so every run gets
// the same set. Only slips the language's speller rejects are kept: a slip
// that makes another real word cannot be told from it by any word-level rule.
import type { Keymap } from '../../src/keymap/keymap.js';
import type { Speller } from '../../src/policy/speller.js';
import type { Case } from './sets.js';
import { rng } from '../bench/rng.js';

// evdev key codes of the three letter rows, left to right; each row sits a
// quarter (then a half) key further right than the one above.
const ROWS: number[][] = [
  [16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27],
  [30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 43],
  [86, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53],
];
// Offsets of row r, column c, in key widths: the ISO key left of Z starts row 3.
const OFFSET = [0, 0.25, -0.25];

/** Letters on keys next to each letter's key, on `keymap`'s base level. */
export function neighbourLetters(keymap: Keymap): Map<string, string[]> {
  const at = new Map<number, { r: number; x: number }>();
  ROWS.forEach((row, r) => row.forEach((code, c) => at.set(code, { r, x: c + OFFSET[r] })));
  const level = { shift: false, capsLock: false, altGr: false };
  const letter = (code: number): string | null => {
    const ch = keymap.decode(code, level);
    return ch !== null && /^\p{Ll}$/u.test(ch) ? ch : null;
  };
  const out = new Map<string, string[]>();
  for (const [code, p] of at) {
    const ch = letter(code);
    if (ch === null) continue;
    const near: string[] = [];
    for (const [other, q] of at) {
      if (other === code || Math.abs(q.r - p.r) > 1) continue;
      if (q.r === p.r ? Math.abs(q.x - p.x) <= 1 : Math.abs(q.x - p.x) <= 0.75) {
        const n = letter(other);
        if (n !== null) near.push(n);
      }
    }
    out.set(ch, near);
  }
  return out;
}

/** One slip in `word`, or null when the drawn kind does not apply. */
function slip(word: string, near: Map<string, string[]>, r: () => number): string | null {
  const chars = [...word];
  const i = Math.floor(r() * chars.length);
  const lower = chars[i].toLowerCase();
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)];
  const kind = r();
  if (kind < 0.4) {
    const n = near.get(lower);
    if (!n || n.length === 0) return null;
    const sub = pick(n);
    chars[i] = chars[i] === lower ? sub : sub.toUpperCase();
  } else if (kind < 0.6) {
    if (i === 0) return null; // the first letter is rarely dropped
    chars.splice(i, 1);
  } else if (kind < 0.7) {
    chars.splice(i, 0, lower);
  } else if (kind < 0.9) {
    if (i + 1 >= chars.length || i === 0) return null;
    [chars[i], chars[i + 1]] = [chars[i + 1], chars[i]];
  } else {
    const n = near.get(lower);
    if (!n || n.length === 0 || i === 0) return null;
    chars.splice(i + (r() < 0.5 ? 0 : 1), 0, pick(n));
  }
  const out = chars.join('');
  return out === word ? null : out;
}

/**
 * `count` slips of distinct words (4+ letters) drawn from `text`, each
 * rejected by `speller` as typed.
 */
export function makeSlips(text: string, keymap: Keymap, speller: Speller, count: number, seed = 19): Case[] {
  const words = [...new Set(text.split(/\s+/).map((w) => w.replace(/^[("'«]+|[)"'».,;:!?]+$/g, '')).filter((w) => /^\p{L}{4,}$/u.test(w) && speller.isCorrect(w)))].sort();
  const near = neighbourLetters(keymap);
  const r = rng(seed);
  const out: Case[] = [];
  const used = new Set<string>();
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const w = words[Math.floor(r() * words.length)];
    if (used.has(w)) continue;
    const typo = slip(w, near, r);
    if (typo === null || speller.isCorrect(typo)) continue;
    used.add(w);
    out.push({ typo, fix: w });
  }
  return out;
}
