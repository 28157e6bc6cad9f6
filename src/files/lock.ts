// The config directory's edit lock: one writer at a time across processes
// (CLI commands, the daemon, the tray), and a crashed holder never blocks it.
import { closeSync, constants, mkdirSync, openSync, readFileSync, rmdirSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { FileError, ioMessage } from './file-error.js';

export const LOCK_FILE = '.autocorrector-edit.lock';

export interface LockOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number;
}

function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

function lockOwner(lock: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8').split(' ')[0], 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Removes a lock whose owner died. Only the holder of `<lock>.break` (a
 * directory, created exclusively) may remove it, and it re-checks the owner
 * first: otherwise two waiters could both see the dead lock, and the second
 * would delete the fresh lock the first had just taken.
 */
function breakStaleLock(lock: string): void {
  const breaker = `${lock}.break`;
  try {
    mkdirSync(breaker, { mode: 0o700 });
  } catch {
    // someone else is breaking it; a breaker that died long ago is cleared
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 10_000) rmdirSync(breaker);
    } catch { /* gone already */ }
    return;
  }
  try {
    const pid = lockOwner(lock);
    if (pid !== null && !pidAlive(pid)) unlinkSync(lock);
  } catch {
    // gone already
  } finally {
    try { rmdirSync(breaker); } catch { /* gone */ }
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the config dir's edit lock: a file created with O_EXCL
 * holding "pid token". Waits with growing pauses; a lock whose pid is dead is
 * broken (a crashed command must not block edits forever).
 */
export async function withEditLock<T>(dir: string, fn: () => T | Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lock = join(dir, LOCK_FILE);
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  let pause = 2;
  for (;;) {
    try {
      const fd = openSync(lock, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      try { writeSync(fd, token); } finally { closeSync(fd); }
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new FileError(`${lock}: cannot create the lock file: ${ioMessage(err)}`, 'io');
    }
    const owner = lockOwner(lock);
    // A lock with no pid yet may be being written right now; only a dead pid is stale.
    if (owner !== null && !pidAlive(owner)) {
      breakStaleLock(lock);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new FileError(
        `another autocorrector command${owner !== null ? ` (pid ${owner})` : ''} is editing ${dir}; try again, or delete ${lock} if no such command is running`,
        'locked',
      );
    }
    await sleep(pause + Math.random() * pause);
    pause = Math.min(pause * 2, 100);
  }
  try {
    return await fn();
  } finally {
    // Remove only our own lock, never one a stale-breaker let someone else take.
    try {
      if (readFileSync(lock, 'utf8') === token) unlinkSync(lock);
    } catch { /* already gone */ }
  }
}

