import type { CorrectionSource } from '../engine/types.js';
import { apostropheSlot, restoreApostrophe } from './apostrophe.js';
import { SentenceLanguage } from './language-guess.js';
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

/** One active language: its speller and, in correction = "dictionary", its fallback. */
export interface PolicyLanguage {
  /** ISO 639-1 code: "en" gets the default list and the apostrophe rule too. */
  code: string;
  speller: Speller;
  fallback: Fallback | null;
  /** Nouns are capitalised (German): a Capitalised word may be a noun's typo, and a noun typed in lower case is still a word. */
  capitalisedNouns?: boolean;
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
  /** The active languages, in the user's order. */
  readonly languages: readonly PolicyLanguage[];
  private readonly english: PolicyLanguage | null;
  /** Which language the sentence reads as; only when several are active. */
  private readonly guess: SentenceLanguage | null;
  /** The lists only: no dictionary, no apostrophe rule, nothing learnt (an app's `list_only` rule). */
  listOnly = false;

  /**
   * `speller` (+ `fallback`): English alone, as before languages existed; or
   * the list of active languages.
   */
  constructor(
    public data: CorrectionData,
    speller: Speller | readonly PolicyLanguage[],
    fallback: Fallback | null = null,
    /** Counts words the fallbacks leave alone; absent: nothing is learnt (`learn = false`). */
    public learner: WordLearner | null = null,
  ) {
    this.languages = isLanguageList(speller) ? [...speller] : [{ code: 'en', speller, fallback }];
    this.english = this.languages.find((l) => l.code === 'en') ?? null;
    this.guess = this.languages.length > 1 ? new SentenceLanguage(this.languages) : null;
  }

  /** The first active language's fallback (null in correction = "list"). */
  get fallback(): Fallback | null {
    return this.languages.find((l) => l.fallback !== null)?.fallback ?? null;
  }

  /** Whether any active language's speller accepts `word`. */
  isWord(word: string): boolean {
    return this.languages.some((l) => this.accepts(l, word));
  }

  /** The text before the next word is unknown: the sentence's language is too. */
  forget(): void {
    this.guess?.reset();
  }

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
    // With several languages every word is looked up anyway (for the guess);
    // with one, only words that have a candidate fix are.
    let accepted: boolean[] | null = null;
    if (this.guess !== null) {
      accepted = this.languages.map((l) => this.accepts(l, core, true));
      this.guess.observe(core, sentenceStart, accepted);
    }

    let fix = this.data.user.get(key);
    let source: CorrectionSource = 'user';
    let explain = 'user list';
    if (fix === undefined) {
      if (this.data.ignored.has(key)) return null;
      // English-only rules act only while the sentence may be English.
      const lang = this.guess?.current() ?? null;
      const english = this.english !== null && (lang === null || lang === 'en') ? this.english : null;
      fix = english ? this.data.defaults.get(key) : undefined;
      source = 'default';
      explain = 'default list';
      if (fix !== undefined && !this.defaultFits(word.casing, sentenceStart, key, fix)) return null;
      // Acronyms and shouting are not guessed at: lists only for ALL CAPS.
      // Nor are Capitalised words: an unknown one is far more often a name
      // than a typo (the Brown corpus eval: most false guesses were names),
      // except in a language that capitalises its nouns.
      const guessers = fix === undefined && !this.listOnly ? this.fallbacksFor(lang, word.casing) : NO_LANGUAGES;
      // After an opening apostrophe the word is an elision already ('im is him).
      const restored = fix === undefined && english !== null && !this.listOnly && token.charCodeAt(word.start - 1) !== 39 && this.apostropheFits(word.casing, sentenceStart, key)
        ? restoreApostrophe(key, english.speller.contractions ?? NO_CONTRACTIONS)
        : null;
      // Most words have no candidate at all: only then are the spellers worth asking.
      if (fix === undefined && guessers.length === 0 && restored === null) return null;
      // A word any active language spells correctly is only ever changed by the user's own list.
      if ((accepted !== null && accepted.includes(true)) || this.isWord(core)) return null;
      if (restored !== null) {
        fix = restored;
        explain = 'apostrophe rule';
      }
      if (fix === undefined) {
        const previous = guessers.length > 0 ? previousWord(before) : null;
        for (const l of guessers) {
          const guess = l.fallback!.suggest(key, previous);
          if (guess === null) continue;
          fix = guess;
          source = 'dictionary';
          explain = (l.fallback!.lastExplain ?? 'dictionary') + (this.languages.length > 1 ? ` (${l.code})` : '');
          break;
        }
        if (fix === undefined) {
          // Left alone by every fallback asked: one more sighting of a word the user may mean.
          this.learner?.saw(key);
          return null;
        }
      }
    }
    const cased = applyCasing(fix, word.casing);
    if (cased === core) return null;
    return { start: word.start, replacement: cased + token.slice(word.end), fix: cased, source, explain };
  }

  /** A language's speller accepts the word (a noun typed in lower case counts, in German). */
  private accepts(l: PolicyLanguage, word: string, cheap = false): boolean {
    const check = cheap && l.speller.isListed ? (w: string) => l.speller.isListed!(w) : (w: string) => l.speller.isCorrect(w);
    if (check(word)) return true;
    if (!l.capitalisedNouns) return false;
    const cap = word.charAt(0).toUpperCase() + word.slice(1);
    return cap !== word && check(cap);
  }

  /**
   * The fallbacks to ask, in order: the sentence's language's; when the
   * language is unknown, every active one's in the user's order.
   */
  private fallbacksFor(lang: string | null, casing: Casing): readonly PolicyLanguage[] {
    const out: PolicyLanguage[] = [];
    for (const l of this.languages) {
      if (l.fallback === null || (lang !== null && l.code !== lang)) continue;
      if (casing === Casing.Lower || (casing === Casing.Capitalized && l.capitalisedNouns)) out.push(l);
    }
    return out;
  }

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

  /**
   * Whether a default-list fix suits how the word was typed. Capitalised in
   * mid-sentence, a word whose fix is a common (lower-case) word is far more
   * often a name (Du Pont, Enver); a proper-noun fix (Britian -> Britain)
   * still applies. Three capitals or fewer are an acronym (LSO, OME) unless
   * only the order of the letters is wrong (TEH -> THE).
   */
  private defaultFits(casing: Casing, sentenceStart: boolean, key: string, fix: string): boolean {
    if (casing === Casing.Capitalized && !sentenceStart) return fix.charAt(0) !== fix.charAt(0).toLowerCase();
    if (casing === Casing.AllCaps && key.length <= 3) return sameLetters(key, fix.toLowerCase());
    return true;
  }
}

const NO_CONTRACTIONS: ReadonlyMap<string, string> = new Map();
const NO_LANGUAGES: readonly PolicyLanguage[] = [];

function isLanguageList(x: Speller | readonly PolicyLanguage[]): x is readonly PolicyLanguage[] {
  return Array.isArray(x);
}

function sameLetters(a: string, b: string): boolean {
  return a.length === b.length && [...a].sort().join('') === [...b].sort().join('');
}
