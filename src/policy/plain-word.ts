/** How the letters of a typed word are capitalised. */
export const Casing = {
  Lower: 0,
  /** First letter capital, the rest lower (Teh, I). */
  Capitalized: 1,
  /** Two or more letters, all capital (TEH). */
  AllCaps: 2,
} as const;
export type Casing = (typeof Casing)[keyof typeof Casing];

/** Where the correctable word sits inside a token, and how it is cased. */
export interface PlainWord {
  /** Index of the word's first letter in the token (after an opening quote/bracket). */
  start: number;
  /** Index just past the word's last letter (trailing apostrophes follow it). */
  end: number;
  casing: Casing;
}

// One opening quote or bracket may come before a word: ("teh, 'teh, (teh, [teh.
const OPENERS = new Set(['"', "'", '(', '[', '{', '\u2018', '\u201c', '\u00ab', '<']);

function isLetter(c: number): boolean {
  // ASCII fast path; other scripts' letters (é, ß, ü) via the Unicode property.
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return true;
  return c > 127 && /\p{L}/u.test(String.fromCharCode(c));
}

function isUpper(c: number): boolean {
  if (c >= 65 && c <= 90) return true;
  if (c < 128) return false;
  const ch = String.fromCharCode(c);
  return ch !== ch.toLowerCase();
}

const APOSTROPHE = 39;

/**
 * Finds the plain word in a whitespace-delimited token: letters with inner
 * apostrophes, optionally after one opening quote/bracket and before trailing
 * apostrophes. Anything else (digits, `_`, `/`, `@`, `.`, inner capitals as
 * in iPhone) means the token is not plain and must never be touched.
 */
export function findPlainWord(token: string): PlainWord | null {
  let start = 0;
  if (token.length > 0 && OPENERS.has(token[0])) start = 1;
  let end = token.length;
  while (end > start && token.charCodeAt(end - 1) === APOSTROPHE) end--;
  if (end <= start) return null;

  let uppers = 0;
  let upperAfterFirst = false;
  let prev = APOSTROPHE; // a word may not start with an apostrophe
  for (let i = start; i < end; i++) {
    const c = token.charCodeAt(i);
    if (c === APOSTROPHE) {
      if (prev === APOSTROPHE) return null; // leading or doubled apostrophe
    } else if (isLetter(c)) {
      if (isUpper(c)) {
        uppers++;
        if (i > start) upperAfterFirst = true;
      }
    } else {
      return null;
    }
    prev = c;
  }

  let casing: Casing;
  if (uppers === 0) casing = Casing.Lower;
  else if (!upperAfterFirst) casing = Casing.Capitalized;
  else if (uppers >= 2 && uppers === countLetters(token, start, end)) casing = Casing.AllCaps;
  else return null; // inner capitals: a name or a brand (iPhone, McDonald)
  return { start, end, casing };
}

function countLetters(token: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (token.charCodeAt(i) !== APOSTROPHE) n++;
  return n;
}

/** Gives `fix` the casing the user typed the word with. */
export function applyCasing(fix: string, casing: Casing): string {
  switch (casing) {
    case Casing.AllCaps: return fix.toUpperCase();
    case Casing.Capitalized: return fix.charAt(0).toUpperCase() + fix.slice(1);
    default: return fix;
  }
}
