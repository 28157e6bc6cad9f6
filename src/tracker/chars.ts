/** Characters that end a word (the word before them may be corrected). */
export const WORD_END_CHARS: ReadonlySet<string> = new Set([
  ' ', '\n', '\t',
  '.', ',', ';', ':', '!', '?', ')', ']', '}', '"',
  '\u2019', '\u201d', '\u00bb', '\u203a', // ’ ” » ›
]);

/** Characters that end the whitespace-delimited token as well as the word. */
export function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\n' || ch === '\t';
}
