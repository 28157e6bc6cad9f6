// Parsing of corrections lists (`typo = 'fix'` TOML). Pure: the caller reads
// the bytes; nothing here touches the file system, so the daemon, `try`, the
// build checks and the tests all share one parser.
import { parse, TomlError } from 'smol-toml';

/** One problem in a list file. `line` is 1-based; 0 means the whole file. */
export interface ListError {
  file: string;
  line: number;
  message: string;
}

export interface ParsedCorrections {
  /** Good entries, keys lower case, in file order. */
  entries: Map<string, string>;
  errors: ListError[];
  /** False when the text as a whole is not TOML (then `entries` is empty). */
  parsed: boolean;
}

/** "file:line: message" (or "file: message" for whole-file problems), like compilers print. */
export function formatError(e: ListError): string {
  return e.line > 0 ? `${e.file}:${e.line}: ${e.message}` : `${e.file}: ${e.message}`;
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

/**
 * Decodes a list file's bytes as strict UTF-8. Invalid bytes give an error on
 * the line that holds them (byte 0x0A never occurs inside a UTF-8 sequence,
 * so splitting on it first is safe).
 */
export function decodeListBytes(bytes: Uint8Array, file: string): { text: string } | { error: ListError } {
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return { text: fatal.decode(bytes) };
  } catch {
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === 0x0a) {
        try {
          fatal.decode(bytes.subarray(start, i));
        } catch {
          return { error: { file, line, message: 'not valid UTF-8 text' } };
        }
        line++;
        start = i + 1;
      }
    }
    return { error: { file, line: 0, message: 'not valid UTF-8 text' } };
  }
}

// The key (or table name) a line starts with, quotes removed.
const LINE_KEY_RE = /^\s*(?:\[+\s*)?(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))/;

/**
 * Finds keys' lines in one pass over the text. Built only when an error needs
 * a line: a clean 80k-entry list never pays for it.
 */
export class KeyLines {
  private index: Map<string, number> | null = null;
  constructor(private readonly lines: readonly string[]) {}

  /** The 1-based line where `key` is assigned (or its table opens). */
  lineOf(key: string): number {
    if (this.index === null) {
      this.index = new Map();
      for (let i = 0; i < this.lines.length; i++) {
        const m = LINE_KEY_RE.exec(this.lines[i]);
        const k = m && (m[1] ?? m[2] ?? m[3]);
        if (k && !this.index.has(k)) this.index.set(k, i + 1);
      }
    }
    const hit = this.index.get(key);
    if (hit !== undefined) return hit;
    // Keys written with escapes ("\u0074eh") do not match literally.
    for (let i = 0; i < this.lines.length; i++) if (this.lines[i].includes(key)) return i + 1;
    return 1;
  }
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
