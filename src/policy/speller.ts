/** Tells whether a word is correctly spelt. Pure interface: loading lives in src/lists. */
export interface Speller {
  isCorrect(word: string): boolean;
}
