// nspell ships no type declarations; this covers the part autocorrector uses.
declare module 'nspell' {
  interface NSpellDictionary {
    aff: Uint8Array | string;
    dic?: Uint8Array | string;
  }
  interface NSpell {
    /** Whether `word` is spelt correctly (hunspell rules, case-aware). */
    correct(word: string): boolean;
    /** Slow (edit-distance search): never on the typing hot path. */
    suggest(word: string): string[];
    spell(word: string): { correct: boolean; forbidden: boolean; warn: boolean };
    add(word: string, model?: string): NSpell;
    remove(word: string): NSpell;
    personal(dic: string): NSpell;
    dictionary(dic: string): NSpell;
  }
  function nspell(dictionary: NSpellDictionary | NSpellDictionary[]): NSpell;
  function nspell(aff: Uint8Array | string, dic?: Uint8Array | string): NSpell;
  export default nspell;
}
