import type { CorrectionSource } from '../engine/types.js';
import { apostropheSlot, restoreApostrophe } from './apostrophe.js';
import { Casing, applyCasing, findPlainWord } from './plain-word.js';
import type { Speller } from './speller.js';
import { previousWord } from './context.js';
import type { WordLearner } from './learner.js';

/** The lists a policy reads; the holder may swap them at any time (reload). */
export interface CorrectionData {
  /** The user's own corrections (keys lower case): they win over everything. */
  user: ReadonlyMap<string, string>;
  /** The shipped default list (keys lower case). */
  defaults: ReadonlyMap<string, string>;
  /** Words the user never wants corrected (lower case). */
  ignored: ReadonlySet<string>;
}

/**
 * A later correction source for typos in no list (dictionary search). It is
 * asked only for lower-case or capitalised words the speller rejects.
 */
export interface Fallback {
  /** `previousWord`: the plain word before, lower case, or null when unknown (context.ts). */
  suggest(lowerWord: string, previousWord?: string | null): string | null;
  /** Why the last suggest() answered as it did (rule and margin), for `try --explain`. */
  readonly lastExplain?: string;
}

/** What to do with a finished token: replace token[start..] with `replacement`. */
export interface Decision {
  start: number;
  replacement: string;
  fix: string;
  source: CorrectionSource;
  /** Which rule made the change (and the margin, for the dictionary). */
  explain: string;
}

/**
 * Decides whether a finished word is replaced, and by what. Pure: the data,
 * speller and fallback are handed in; nothing here does I/O.
 */
export class Policy {
  constructor(
    public data: CorrectionData,
    private readonly speller: Speller,
    public fallback: Fallback | null = null,
    /** Counts words the fallback leaves alone; absent: nothing is learnt (`learn = false`). */
    public learner: WordLearner | null = null,
  ) {}

  /**
   * `sentenceStart`: the token begins a sentence, or what precedes it is
   * unknown. Elsewhere a Capitalised word is most often a name.
   * `before`: the text typed before the token (its previous word is context).
   */
  decide(token: string, sentenceStart = true, before = ''): Decision | null {
    const word = findPlainWord(token);
    if (word === null) return null;
    const core = token.slice(word.start, word.end);
    const key = core.toLowerCase();

    let fix = this.data.user.get(key);
    let source: CorrectionSource = 'user';
    let explain = 'user list';
    if (fix === undefined) {
      if (this.data.ignored.has(key)) return null;
      fix = this.data.defaults.get(key);
      source = 'default';
      explain = 'default list';
      if (fix !== undefined && !this.defaultFits(word.casing, sentenceStart, key, fix)) return null;
      // Acronyms and shouting are not guessed at: lists only for ALL CAPS.
      // Nor are Capitalised words: an unknown one is far more often a name
      // than a typo (the Brown corpus eval: most false guesses were names).
      const mayGuess = fix === undefined && this.fallback !== null && word.casing === Casing.Lower;
      // After an opening apostrophe the word is an elision already ('im is him).
      const restored = fix === undefined && token.charCodeAt(word.start - 1) !== 39 && this.apostropheFits(word.casing, sentenceStart, key)
        ? restoreApostrophe(key, this.speller.contractions ?? NO_CONTRACTIONS)
        : null;
      // Most words have no candidate at all: only then is the speller worth asking.
      if (fix === undefined && !mayGuess && restored === null) return null;
      // A correctly spelt word is only ever changed by the user's own list.
      if (this.speller.isCorrect(core)) return null;
      if (restored !== null) {
        fix = restored;
        explain = 'apostrophe rule';
      }
      if (fix === undefined) {
        if (!mayGuess) return null;
        const guess = this.fallback!.suggest(key, previousWord(before));
        if (guess === null) {
          this.learner?.saw(key);
          return null;
        }
        fix = guess;
        source = 'dictionary';
        explain = this.fallback!.lastExplain ?? 'dictionary';
      }
    }
    const cased = applyCasing(fix, word.casing);
    if (cased === core) return null;
    return { start: word.start, replacement: cased + token.slice(word.end), fix: cased, source, explain };
  }

  /**
   * Whether a default-list fix suits how the word was typed. Capitalised in
   * mid-sentence, a word whose fix is a common (lower-case) word is far more
   * often a name (Du Pont, Enver); a proper-noun fix (Britian -> Britain)
   * still applies. Three capitals or fewer are an acronym (LSO, OME) unless
   * only the order of the letters is wrong (TEH -> THE).
   */
  /**
   * Whether a word may be a contraction without its apostrophe: typed like
   * the default list's words (lower case, or Capitalised where a sentence
   * starts; ALL CAPS only when too long for an acronym) and with an ending
   * a contraction has.
   */
  private apostropheFits(casing: Casing, sentenceStart: boolean, key: string): boolean {
    if (casing === Casing.Capitalized && !sentenceStart) return false;
    if (casing === Casing.AllCaps && key.length <= 3) return false;
    return key.indexOf("'") < 0 && apostropheSlot(key) >= 0;
  }

  private defaultFits(casing: Casing, sentenceStart: boolean, key: string, fix: string): boolean {
    if (casing === Casing.Capitalized && !sentenceStart) return fix.charAt(0) !== fix.charAt(0).toLowerCase();
    if (casing === Casing.AllCaps && key.length <= 3) return sameLetters(key, fix.toLowerCase());
    return true;
  }
}

const NO_CONTRACTIONS: ReadonlyMap<string, string> = new Map();

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}
