// Edits the user's own files (corrections.toml, ignored.txt) in place for
// `add`, `remove` and `ignore`, and for words the daemon learns to leave alone.
//
// The user's text is edited as TEXT, line by line: TOML libraries drop
// comments when they write, and these files are the user's. Every change is
// checked by re-parsing the result before anything is written, made under a
// lock (so concurrent commands lose nothing) and written atomically (so the
// daemon, or a crash, never sees half a file).
//
// ignored.txt: one word per line, matched ignoring case; `#` starts a comment
// (words cannot contain `#`); blank lines are fine.
import { makePrivateDir } from '../files/private-dir.js';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { checkFix, formatError, isValidKey, parseCorrections, type ListError } from './corrections.js';
import { decodeUtf8File } from '../text/decode.js';
import { userCorrectionsPath } from '../config/paths.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { FileError, ioMessage } from '../files/file-error.js';
import { withEditLock } from '../files/lock.js';
import { readSmallFile } from '../files/read-small-file.js';
import { MAX_USER_FILE_BYTES, USER_FILE_TOO_LARGE } from './load.js';

export const IGNORED_FILE = 'ignored.txt';

export function ignoredPath(dir: string): string {
  return join(dir, IGNORED_FILE);
}

/** A change that was refused; the message is for the user, as `file:line: …` where it applies. */
export class EditError extends FileError<'invalid' | 'broken-file' | 'locked' | 'io'> {
  constructor(
    message: string,
    code: 'invalid' | 'broken-file' | 'locked' | 'io' = 'invalid',
    /** The problem in the file, when there is one. */
    readonly listError?: ListError,
  ) {
    super(message, code);
  }
}

export interface EditResult {
  /** The file that was (or would have been) edited. */
  file: string;
  /** False when the file already said so (nothing written). */
  changed: boolean;
  /** add: the fix the typo had before, if any. */
  previous?: string;
  /** Problems elsewhere in the file, left as they were. */
  warnings: ListError[];
}

// ---------------------------------------------------------------- file I/O

interface FileText {
  text: string;
  /** Whether the file started with a UTF-8 BOM (kept on write). */
  bom: boolean;
  missing: boolean;
}

function readText(path: string): FileText {
  let bytes: Buffer;
  try {
    bytes = readSmallFile(path, MAX_USER_FILE_BYTES, USER_FILE_TOO_LARGE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', bom: false, missing: true };
    const e = { file: path, line: 0, message: `cannot read: ${ioMessage(err)}` };
    throw new EditError(formatError(e), 'io', e);
  }
  const decoded = decodeUtf8File(bytes, path);
  if ('error' in decoded) throw new EditError(formatError(decoded.error), 'broken-file', decoded.error);
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return { text: decoded.text, bom, missing: false };
}

function ensureDir(dir: string): void {
  try {
    makePrivateDir(dir);
  } catch (err) {
    throw new EditError(`${dir}: cannot create the config directory: ${ioMessage(err)}`, 'io');
  }
}

// ---------------------------------------------------------------- TOML text

/** How a key must be written in TOML: bare when it can be, else quoted. */
export function tomlKey(key: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(key)) return key;
  return tomlString(key);
}

/** A TOML string literal for `s`: single quotes (no escapes) unless `s` has a `'`. */
export function tomlString(s: string): string {
  if (!s.includes('\'') && !/[\p{Cc}\u2028\u2029]/u.test(s)) return `'${s}'`;
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

// One line assigning a top-level key: indent, key token, `=`, the rest.
const ASSIGN_RE = /^([ \t]*)("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)([ \t]*=[ \t]*)(.*)$/;

function decodeKeyToken(token: string): string | null {
  if (!token.startsWith('"') && !token.startsWith('\'')) return token;
  try {
    const keys = Object.keys(parse(`${token} = 0`));
    return keys.length === 1 ? keys[0] : null;
  } catch {
    return null;
  }
}

// Where a one-line string value ends (index after its closing quote), or -1.
function stringValueEnd(rest: string): number {
  if (rest.startsWith('\'\'\'')) {
    const end = rest.indexOf('\'\'\'', 3);
    return end < 0 ? -1 : end + 3;
  }
  if (rest.startsWith('"""')) {
    for (let i = 3; i < rest.length; i++) {
      if (rest[i] === '\\') i++;
      else if (rest.startsWith('"""', i)) return i + 3;
    }
    return -1;
  }
  if (rest.startsWith('\'')) {
    const end = rest.indexOf('\'', 1);
    return end < 0 ? -1 : end + 1;
  }
  if (rest.startsWith('"')) {
    for (let i = 1; i < rest.length; i++) {
      if (rest[i] === '\\') i++;
      else if (rest[i] === '"') return i + 1;
    }
  }
  return -1;
}

interface KeyLine {
  index: number;
  /** The key as TOML reads it (case kept). */
  key: string;
  indent: string;
  token: string;
  eq: string;
  rest: string;
}

/**
 * The lines assigning top-level keys. Stops at the first table header
 * (keys after it are not top-level) and skips the inside of multi-line
 * strings. Approximate by design: every edit is verified by a re-parse.
 */
function topLevelKeyLines(lines: readonly string[]): { keys: KeyLine[]; end: number } {
  const out: KeyLine[] = [];
  let openDelim: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (openDelim !== null) {
      if (line.includes(openDelim)) openDelim = null;
      continue;
    }
    if (/^[ \t]*\[/.test(line)) return { keys: out, end: i };
    const m = ASSIGN_RE.exec(line);
    if (!m) continue;
    const rest = m[4];
    for (const d of ['\'\'\'', '"""']) {
      if (rest.startsWith(d) && stringValueEnd(rest) < 0) openDelim = d;
    }
    const key = decodeKeyToken(m[2]);
    if (key !== null) out.push({ index: i, key, indent: m[1], token: m[2], eq: m[3], rest });
  }
  return { keys: out, end: lines.length };
}

interface Lines {
  lines: string[];
  eol: string;
}

function splitLines(text: string): Lines {
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop(); // the final newline
  return { lines, eol };
}

function joinLines({ lines, eol }: Lines, bom: boolean): string {
  return (bom ? '\ufeff' : '') + (lines.length === 0 ? '' : lines.join(eol) + eol);
}

function sameMap(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function validateTypo(typo: string): string {
  if (!isValidKey(typo)) {
    throw new EditError(`${JSON.stringify(typo)} can never be typed as one word: use letters with apostrophes only between them`);
  }
  return typo;
}

/**
 * Reads, changes and verifies corrections.toml under the lock. `change` gets
 * the lines and the current entries and returns the entries it means to
 * leave, or null for "nothing to do".
 */
async function editCorrections(
  dir: string,
  change: (doc: Lines, top: { keys: KeyLine[]; end: number }, entries: Map<string, string>) => Map<string, string> | null,
): Promise<{ file: string; changed: boolean; warnings: ListError[]; before: Map<string, string> }> {
  ensureDir(dir);
  const file = userCorrectionsPath(dir);
  return withEditLock(dir, () => {
    const cur = readText(file);
    const before = parseCorrections(cur.text, file);
    if (!before.parsed) {
      throw new EditError(`${formatError(before.errors[0])}\nfix the file first; nothing was changed`, 'broken-file', before.errors[0]);
    }
    const doc = splitLines(cur.text);
    const intended = change(doc, topLevelKeyLines(doc.lines), new Map(before.entries));
    if (intended === null) return { file, changed: false, warnings: before.errors, before: before.entries };
    const text = joinLines(doc, cur.bom);
    const after = parseCorrections(text, file);
    if (!after.parsed || !sameMap(after.entries, intended) || after.errors.length > before.errors.length) {
      // A layout the line editor does not understand (e.g. a value across lines).
      const where = after.errors[0] ? ` (${formatError(after.errors[0])})` : '';
      throw new EditError(`${file}: could not make this change safely in the file's layout${where}; edit it by hand; nothing was changed`, 'broken-file');
    }
    writeFileAtomic(file, text);
    return { file, changed: true, warnings: after.errors, before: before.entries };
  });
}

/**
 * `typo = 'fix'` in the user's corrections.toml: the value is replaced where
 * the typo already is (any case), otherwise a line is appended.
 */
export async function addCorrection(configDir: string, typo: string, fix: string): Promise<EditResult> {
  validateTypo(typo);
  const why = checkFix(fix);
  if (why !== null) throw new EditError(why);
  const lower = typo.toLowerCase();
  let previous: string | undefined;
  const r = await editCorrections(configDir, (doc, top, entries) => {
    previous = entries.get(lower);
    if (previous === fix) return null;
    const hits = top.keys.filter((k) => k.key.toLowerCase() === lower);
    if (hits.length === 0) {
      // Before any [table] (whose lines would otherwise swallow the new key).
      doc.lines.splice(top.end, 0, `${tomlKey(typo)} = ${tomlString(fix)}`);
    } else {
      for (const h of hits) {
        // Keep whatever followed the old value (a comment, spacing).
        const end = stringValueEnd(h.rest);
        const tail = end < 0 ? '' : h.rest.slice(end);
        doc.lines[h.index] = `${h.indent}${h.token}${h.eq}${tomlString(fix)}${tail}`;
      }
    }
    entries.set(lower, fix);
    return entries;
  });
  return { file: r.file, changed: r.changed, previous, warnings: r.warnings };
}

/** Deletes the typo's line(s) (any case) from the user's corrections.toml. */
export async function removeCorrection(configDir: string, typo: string): Promise<EditResult> {
  validateTypo(typo);
  const lower = typo.toLowerCase();
  let previous: string | undefined;
  const r = await editCorrections(configDir, (doc, top, entries) => {
    const hits = top.keys.filter((k) => k.key.toLowerCase() === lower);
    previous = entries.get(lower);
    if (hits.length === 0) return null;
    const drop = new Set(hits.map((h) => h.index));
    doc.lines = doc.lines.filter((_, i) => !drop.has(i));
    entries.delete(lower);
    return entries;
  });
  return { file: r.file, changed: r.changed, previous, warnings: r.warnings };
}

// ---------------------------------------------------------------- ignored.txt

export interface IgnoredList {
  /** Lower case. */
  words: Set<string>;
  errors: ListError[];
  missing: boolean;
}

function lineWord(line: string): string {
  const hash = line.indexOf('#');
  return (hash < 0 ? line : line.slice(0, hash)).trim();
}

/** Parses ignored.txt's text. Bad lines are reported and skipped. */
export function parseIgnored(text: string, file: string): { words: Set<string>; errors: ListError[] } {
  const words = new Set<string>();
  const errors: ListError[] = [];
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const w = lineWord(lines[i]);
    if (w === '') continue;
    if (!isValidKey(w)) {
      const shown = JSON.stringify(w.length > 40 ? w.slice(0, 40) + '…' : w);
      errors.push({ file, line: i + 1, message: `${shown} is not one word: write one word per line (letters, apostrophes between them)` });
      continue;
    }
    words.add(w.toLowerCase());
  }
  return { words, errors };
}

/** Reads `<configDir>/ignored.txt`. Never throws: problems come back as errors. */
export function readIgnored(configDir: string): IgnoredList {
  const file = ignoredPath(configDir);
  try {
    const cur = readText(file);
    if (cur.missing) return { words: new Set(), errors: [], missing: true };
    return { ...parseIgnored(cur.text, file), missing: false };
  } catch (err) {
    const e = err instanceof EditError && err.listError
      ? err.listError
      : { file, line: 0, message: err instanceof Error ? err.message : String(err) };
    return { words: new Set(), errors: [e], missing: false };
  }
}

async function editIgnored(configDir: string, word: string, change: (doc: Lines, hits: number[]) => boolean): Promise<EditResult> {
  validateTypo(word);
  ensureDir(configDir);
  const file = ignoredPath(configDir);
  return withEditLock(configDir, () => {
    const cur = readText(file);
    const doc = splitLines(cur.text.replace(/^\ufeff/, ''));
    const lower = word.toLowerCase();
    const hits: number[] = [];
    doc.lines.forEach((l, i) => { if (lineWord(l).toLowerCase() === lower) hits.push(i); });
    const warnings = parseIgnored(cur.text, file).errors;
    if (!change(doc, hits)) return { file, changed: false, warnings };
    writeFileAtomic(file, joinLines(doc, cur.bom));
    return { file, changed: true, warnings };
  });
}

/** Adds `word` to ignored.txt (never corrected) unless it is there already. */
export function ignoreWord(configDir: string, word: string): Promise<EditResult> {
  return editIgnored(configDir, word, (doc, hits) => {
    if (hits.length > 0) return false;
    doc.lines.push(word);
    return true;
  });
}

/** Removes `word` (any case) from ignored.txt. */
export function unignoreWord(configDir: string, word: string): Promise<EditResult> {
  return editIgnored(configDir, word, (doc, hits) => {
    if (hits.length === 0) return false;
    const drop = new Set(hits);
    doc.lines = doc.lines.filter((_, i) => !drop.has(i));
    return true;
  });
}
