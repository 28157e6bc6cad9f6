// Reads the corrections lists from disk. Every failure (missing file,
// directory, EACCES, FIFO, huge file, bad bytes, bad TOML) becomes a
// `file:line: message` error; nothing here throws for bad input.
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDir, userCorrectionsPath } from '../config/paths.js';
import { readSmallFile } from '../files/read-small-file.js';
import { parseCorrections, type ListError } from './corrections.js';
import { decodeUtf8File } from '../text/decode.js';
import { readWholeFile } from '../files/read-whole-file.js';
import { PackedList, packList, packedSourceBytes } from './packed-list.js';

// Far above any real list (the default is ~2 MB); stops a mistaken path
// (a disk image, a log) from being read into memory.
export const MAX_LIST_BYTES = 32 * 1024 * 1024;

// The user's own files (corrections.toml, ignored.txt, learned.txt) are read
// again on every save, on the daemon's one thread, which also answers the
// keys: parsing costs about 1 ms per KiB of TOML on a slow machine, so a file
// of tens of MB would stop typing for seconds. 256 KiB is some 7,000
// corrections, far above any list typed by hand; a larger file is refused
// with this message before a byte of it is read.
export const MAX_USER_FILE_BYTES = 256 * 1024;
export const USER_FILE_TOO_LARGE = `larger than ${MAX_USER_FILE_BYTES / 1024} KiB, the most autocorrector reads of a file of yours (so that typing never waits for it); trim it, the last good version stays in force`;

/**
 * The directory holding autocorrector's package.json, found by walking up
 * from this module: src/lists/ under vitest, dist/src/lists/ after a build.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        if ((JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'autocorrector') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error(`autocorrector's package.json not found above ${from}`);
    dir = up;
  }
}

export function defaultListPath(): string {
  return join(packageRoot(), 'dictionaries', 'default.toml');
}

/** Where the build writes data precomputed from the shipped files (not committed). */
export function precomputedDir(): string {
  return join(packageRoot(), 'dist', 'precomputed');
}

// The default list, precomputed by the build (precompute.js) as a packed
// block of bytes (packed-list.ts): parsing the 2 MB TOML takes 0.5–2 s at
// each start and a Map of its 77k pairs ~16 MB; the packed copy is read in a
// few ms and kept as is. The TOML stays the one source of truth: the packed
// file is used only when it is at least as new as the TOML and was made from
// a TOML of the same size; otherwise (or when it is missing) the TOML is
// parsed as before. The build writes it only for a list without errors, so
// errors always come from the TOML with their file:line.
export function compactDefaultListPath(): string {
  return join(precomputedDir(), 'default-list.bin');
}

export function formatCompactList(entries: ReadonlyMap<string, string>, sourceBytes: number): Uint8Array {
  return packList(entries, sourceBytes);
}

/** The packed default list, or null when it is missing, stale or damaged. */
export function readCompactList(compactPath: string, tomlPath: string): ReadonlyMap<string, string> | null {
  try {
    const toml = statSync(tomlPath);
    if (!toml.isFile() || statSync(compactPath).mtimeMs < toml.mtimeMs) return null;
    accessSync(tomlPath, constants.R_OK); // an unreadable TOML is reported by the slow path
    const bytes = readWholeFile(compactPath);
    if (packedSourceBytes(bytes) !== toml.size) return null;
    return new PackedList(bytes);
  } catch {
    return null;
  }
}

export interface LoadResult {
  entries: Map<string, string>;
  errors: ListError[];
  /** The file does not exist (fine for the user list). */
  missing: boolean;
  /** False when the file could not be read, decoded or parsed as a whole. */
  usable: boolean;
}

const IO_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a parent of this path is not a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'path too long',
  EIO: 'input/output error',
};

function ioMessage(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return `cannot read: ${(code && IO_REASONS[code]) ?? (err instanceof Error ? err.message : String(err))}`;
}

/** Reads and parses one list file. A missing file gives `missing: true` and no error. */
export function loadCorrectionsFile(path: string, maxBytes = MAX_LIST_BYTES): LoadResult {
  let bytes: Uint8Array;
  try {
    bytes = maxBytes === MAX_USER_FILE_BYTES ? readSmallFile(path, maxBytes, USER_FILE_TOO_LARGE) : readSmallFile(path, maxBytes);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: new Map(), errors: [], missing: true, usable: true };
    return { entries: new Map(), errors: [{ file: path, line: 0, message: ioMessage(err) }], missing: false, usable: false };
  }
  const decoded = decodeUtf8File(bytes, path);
  if ('error' in decoded) return { entries: new Map(), errors: [decoded.error], missing: false, usable: false };
  const { entries, errors, parsed } = parseCorrections(decoded.text, path);
  return { entries, errors, missing: false, usable: parsed };
}

export interface ReloadResult {
  /** True when the file was read without any error (a missing user file is ok). */
  ok: boolean;
  /**
   * True when the new data replaced the old. A file that parses keeps its good
   * entries even if some are bad; one that cannot be read or parsed at all
   * leaves the last good data in force.
   */
  applied: boolean;
  errors: ListError[];
}

export interface CorrectionListsOptions {
  /** `--config-dir`; defaults to the XDG config dir. */
  configDir?: string;
  /** Overrides for tests and `try`. */
  userPath?: string;
  defaultPath?: string;
}

/**
 * Holds the default and user lists for the daemon. A reload that finds a
 * broken user file keeps the last good user data and returns the errors, so
 * a half-saved edit never silently drops the user's corrections.
 */
export class CorrectionLists {
  readonly userPath: string;
  readonly defaultPath: string;
  private userMap: ReadonlyMap<string, string> = new Map();
  private defaultMap: ReadonlyMap<string, string> = new Map();
  /** The build's compact copy of the default list; only for the shipped one. */
  private readonly compactPath: string | null;

  constructor(opts: CorrectionListsOptions = {}) {
    this.userPath = opts.userPath ?? userCorrectionsPath(configDir(opts.configDir));
    const shipped = defaultListPath();
    this.defaultPath = opts.defaultPath ?? shipped;
    this.compactPath = this.defaultPath === shipped ? compactDefaultListPath() : null;
  }

  /**
   * Loads both lists; returns every error found. `defaults: false` skips
   * the shipped list (English misspellings: not used when English is not
   * one of the user's languages).
   */
  static load(opts: CorrectionListsOptions = {}, use: { defaults?: boolean } = {}): { lists: CorrectionLists; errors: ListError[] } {
    const lists = new CorrectionLists(opts);
    const d = use.defaults === false ? { errors: [] } : lists.loadDefault();
    const u = lists.reloadUser();
    return { lists, errors: [...d.errors, ...u.errors] };
  }

  get user(): ReadonlyMap<string, string> {
    return this.userMap;
  }

  get defaults(): ReadonlyMap<string, string> {
    return this.defaultMap;
  }

  /** (Re)reads the shipped list; its good entries are used even if some are bad. */
  loadDefault(): ReloadResult {
    const compact = this.compactPath === null ? null : readCompactList(this.compactPath, this.defaultPath);
    if (compact !== null) {
      this.defaultMap = compact;
      return { ok: true, applied: true, errors: [] };
    }
    const r = loadCorrectionsFile(this.defaultPath);
    const errors = r.missing
      ? [{ file: this.defaultPath, line: 0, message: 'the default list is missing (is the package installed whole?)' }]
      : r.errors;
    const applied = !r.missing && r.usable;
    if (applied) this.defaultMap = r.entries;
    return { ok: errors.length === 0, applied, errors };
  }

  /**
   * (Re)reads the user list. Missing file: an empty list, ok. A file that
   * cannot be read or is not TOML: the previous user data stays in force
   * (empty on the first load) and the errors are returned. Bad entries in a
   * good file are reported and skipped; the rest is used, so one typo in a new
   * line does not undo the user's other edits.
   */
  reloadUser(): ReloadResult {
    const r = loadCorrectionsFile(this.userPath, MAX_USER_FILE_BYTES);
    if (r.usable) this.userMap = r.entries;
    return { ok: r.errors.length === 0, applied: r.usable, errors: r.errors };
  }
}
