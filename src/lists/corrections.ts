// Parsing of corrections lists (`typo = 'fix'` TOML). Pure: the caller reads
// the bytes; nothing here touches the file system, so the daemon, `try`, the
// build checks and the tests all share one parser.
import { parse, TomlError } from 'smol-toml';
import { KeyLines } from '../text/key-lines.js';
import type { LineError } from '../text/line-error.js';

/** One problem in a list file (the shape every text file's problems share). */
export type ListError = LineError;
// Lists' callers format their problems from here.
export { formatError } from '../text/line-error.js';

export interface ParsedCorrections {
  /** Good entries, keys lower case, in file order. */
  entries: Map<string, string>;
  errors: ListError[];
  /** False when the text as a whole is not TOML (then `entries` is empty). */
  parsed: boolean;
}

// What the word tracker can produce: letters, apostrophes only between them.
const KEY_RE = /^\p{L}+(?:'\p{L}+)*$/u;
// A fix is typed by the injector: no control or line/paragraph separators.
const BAD_VALUE_CHAR_RE = /[\p{Cc}\u2028\u2029]/u;
// A longer "fix" is almost surely a mistake in the file, and would flood the
// focused window with keystrokes.
export const MAX_FIX_LENGTH = 200;

export function isValidKey(key: string): boolean {
  return KEY_RE.test(key);
}

/** Why `value` cannot be a fix, or null when it can. */
export function checkFix(value: unknown): string | null {
  if (typeof value !== 'string') {
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)) {
      return 'tables and dotted keys are not supported: write typo = \'fix\' at the top level';
    }
    return 'the fix must be a quoted string, e.g. teh = \'the\'';
  }
  if (value.trim() === '') return 'the fix is empty';
  if (BAD_VALUE_CHAR_RE.test(value)) return 'the fix contains a control character or line break';
  if (value.length > MAX_FIX_LENGTH) return `the fix is longer than ${MAX_FIX_LENGTH} characters`;
  return null;
}

function describeKey(key: string): string {
  return JSON.stringify(key.length > 40 ? key.slice(0, 40) + '…' : key);
}

/**
 * Parses a corrections list. Never throws: a syntax error yields no entries
 * and one error at its line; a bad entry is reported at its line and skipped
 * while the good ones are kept.
 */
export function parseCorrections(text: string, file: string): ParsedCorrections {
  const entries = new Map<string, string>();
  const errors: ListError[] = [];
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      // The message carries a code excerpt after a blank line; keep the gist.
      const gist = err.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, '');
      errors.push({ file, line: err.line, message: `TOML syntax: ${gist} (column ${err.column})` });
    } else {
      // e.g. a RangeError from absurdly deep nesting in random input
      const msg = err instanceof Error ? err.message : String(err);
      errors.push({ file, line: 1, message: `could not parse as TOML: ${msg}` });
    }
    return { entries, errors, parsed: false };
  }

  const keyLines = new KeyLines(text.split(/\r?\n/));
  for (const [rawKey, value] of Object.entries(doc)) {
    if (!isValidKey(rawKey)) {
      errors.push({
        file,
        line: keyLines.lineOf(rawKey),
        message: `${describeKey(rawKey)} can never be typed as one word: use letters with apostrophes only between them`,
      });
      continue;
    }
    const why = checkFix(value);
    if (why !== null) {
      errors.push({ file, line: keyLines.lineOf(rawKey), message: `${describeKey(rawKey)}: ${why}` });
      continue;
    }
    const key = rawKey.toLowerCase();
    if (entries.has(key)) {
      errors.push({
        file,
        line: keyLines.lineOf(rawKey),
        message: `${describeKey(rawKey)} repeats an earlier key (keys ignore case); the first one is kept`,
      });
      continue;
    }
    entries.set(key, value as string);
  }
  return { entries, errors, parsed: true };
}
