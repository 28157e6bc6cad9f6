/** Tells whether a word is correctly spelt. Pure interface: loading lives in src/lists. */
export interface Speller {
  isCorrect(word: string): boolean;
  /**
   * isCorrect without the costly analyses (German compounds): true means
   * correct, false means maybe not. Absent: isCorrect is already cheap.
   */
  isListed?(word: string): boolean;
  /** The dictionary's contractions (don't, I'm, would've) by their lower-case form, if known. */
  readonly contractions?: ReadonlyMap<string, string>;
}
