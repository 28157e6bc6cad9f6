/** Tells whether a word is correctly spelt. Pure interface: loading lives in src/lists. */
export interface Speller {
  isCorrect(word: string): boolean;
  /** The dictionary's contractions (don't, I'm, would've) by their lower-case form, if known. */
  readonly contractions?: ReadonlyMap<string, string>;
}
