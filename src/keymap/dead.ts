// Dead keys: a press that types nothing yet and changes the next character.
// Pure; composition is Unicode's own (NFC), so no table of accented letters.

/** What a dead key followed by one more key puts on screen. */
export type Composed =
  | { kind: 'char'; ch: string }
  /** The pair has no composition: what the application shows is not known. */
  | { kind: 'unknown' };

// The spacing form of each mark: what a dead key followed by Space types.
const SPACING: Record<string, string> = {
  '\u0300': '`', '\u0301': '\u00b4', '\u0302': '^', '\u0303': '~', '\u0304': '\u00af',
  '\u0306': '\u02d8', '\u0307': '\u02d9', '\u0308': '\u00a8', '\u030a': '\u02da',
  '\u030b': '\u02dd', '\u030c': '\u02c7', '\u0327': '\u00b8', '\u0328': '\u02db',
};

/** `mark` (a combining character) pressed as a dead key, then a key typing `next`. */
export function composeDead(mark: string, next: string): Composed {
  if (next === ' ') {
    const spacing = SPACING[mark];
    return spacing ? { kind: 'char', ch: spacing } : { kind: 'unknown' };
  }
  const nfc = (next + mark).normalize('NFC');
  // One code point means a precomposed letter exists (e + ´ = é); otherwise
  // applications differ (drop both, show both, beep), so the word is unknown.
  return [...nfc].length === 1 ? { kind: 'char', ch: nfc } : { kind: 'unknown' };
}
