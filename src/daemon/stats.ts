// Usage counters, kept in $XDG_STATE_HOME/autocorrector/stats.json.
// PRIVACY: numbers only. Nothing here ever takes a word, a typo or a fix.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { makePrivateDir } from '../files/private-dir.js';
import { join } from 'node:path';
import type { BySource, Counts } from '../control/replies.js';
import type { CorrectionSource } from '../engine/types.js';

export interface StatsFile extends Counts {
  v: 1;
  /** When counting began (ISO date), kept across runs. */
  since: string;
}

export function zeroCounts(): Counts {
  return { wordsSeen: 0, corrections: { user: 0, default: 0, dictionary: 0 }, reverted: { user: 0, default: 0, dictionary: 0 } };
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

function bySource(v: unknown): BySource {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return { user: count(o.user), default: count(o.default), dictionary: count(o.dictionary) };
}

function addCounts(a: Counts, b: Counts): Counts {
  const sum = (x: BySource, y: BySource): BySource => ({ user: x.user + y.user, default: x.default + y.default, dictionary: x.dictionary + y.dictionary });
  return { wordsSeen: a.wordsSeen + b.wordsSeen, corrections: sum(a.corrections, b.corrections), reverted: sum(a.reverted, b.reverted) };
}

/** Reads a stats file; a missing or damaged one starts from zero (with a note for the log). */
export function readStatsFile(path: string): { stats: StatsFile; problem?: string } {
  const fresh: StatsFile = { v: 1, since: new Date().toISOString(), ...zeroCounts() };
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { stats: fresh };
    return { stats: fresh, problem: `${path}: cannot read (${(err as NodeJS.ErrnoException).code ?? 'error'}); counting from zero` };
  }
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null) throw new Error();
  } catch {
    return { stats: fresh, problem: `${path}: damaged (not JSON); counting from zero` };
  }
  const since = typeof o.since === 'string' && !Number.isNaN(Date.parse(o.since)) ? o.since : fresh.since;
  return { stats: { v: 1, since, wordsSeen: count(o.wordsSeen), corrections: bySource(o.corrections), reverted: bySource(o.reverted) } };
}

/** Writes whole or not at all: a crash mid-write leaves the previous file. */
export function writeStatsFile(path: string, stats: StatsFile): void {
  makePrivateDir(join(path, '..'));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(stats, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

export interface StatsOptions {
  path: string;
  /** How long after a change its write waits (later changes ride along); default 30 s. */
  flushMs?: number;
  log: (line: string) => void;
}

/**
 * This run's counts on top of the saved ones, written flushMs after a
 * correction or revert and by close(). No timer runs while nothing changes:
 * an idle daemon never wakes for its stats. Words seen are read from a
 * counter (the engine's) rather than pushed, so the key path does no extra
 * work; they are written with the next correction's write, or at close.
 */
export class Stats {
  readonly session: Counts = zeroCounts();
  private readonly saved: StatsFile;
  private timer: NodeJS.Timeout | null = null;
  private wordsBase = 0;
  private words: () => number = () => 0;
  private written = '';
  private failed = false;
  private closed = false;

  constructor(private readonly opts: StatsOptions) {
    const r = readStatsFile(opts.path);
    if (r.problem) opts.log(r.problem);
    this.saved = r.stats;
    this.written = JSON.stringify(this.saved);
  }

  get since(): string {
    return this.saved.since;
  }

  /** Where words seen come from: a counter that only grows. */
  countWordsFrom(counter: () => number): void {
    this.words = counter;
    this.wordsBase = counter();
  }

  total(): Counts {
    this.session.wordsSeen = this.words() - this.wordsBase;
    return addCounts(this.saved, this.session);
  }

  corrected(source: CorrectionSource): void {
    this.session.corrections[source]++;
    this.arm();
  }

  reverted(source: CorrectionSource): void {
    this.session.reverted[source]++;
    this.arm();
  }

  /** One write flushMs from now, unless one is due already. */
  private arm(): void {
    if (this.timer !== null || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.opts.flushMs ?? 30_000);
    this.timer.unref();
  }

  /** Writes the totals if they changed since the last write. */
  flush(): void {
    const file: StatsFile = { v: 1, since: this.saved.since, ...this.total() };
    const json = JSON.stringify(file);
    if (json === this.written) return;
    try {
      writeStatsFile(this.opts.path, file);
      this.written = json;
      this.failed = false;
    } catch (err) {
      // Said once, not every 30 s: stats are not worth a noisy log.
      if (!this.failed) this.opts.log(`cannot write ${this.opts.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      this.failed = true;
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.flush();
  }
}
