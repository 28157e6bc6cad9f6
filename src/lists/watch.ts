// Notices edits to the user's files while the daemon runs. The config
// DIRECTORY is watched, not the files: editors (and our own atomic writes)
// replace a file by renaming a new one over it, and a watch on the old file
// would go on watching the deleted inode.
import { existsSync, statSync, watch, type FSWatcher } from 'node:fs';

/** The files in the config dir the daemon reacts to. */
export const WATCHED_FILES = ['corrections.toml', 'ignored.txt', 'config.toml', 'learned.txt'] as const;
export type WatchedFile = (typeof WATCHED_FILES)[number];

export interface WatchOptions {
  /** Quiet time after the last event before the callback (default 150 ms). */
  debounceMs?: number;
  /** The callback fires at most this long after the first event, even during a burst of saves (default 600 ms). */
  maxWaitMs?: number;
  /** How often to look for the directory while it does not exist (default 500 ms). */
  pollMs?: number;
  /** Called when watching fails in a way the user should hear about (never with file contents). */
  onError?: (message: string) => void;
  /** The debounce's clock and timer (tests drive time by hand); default the real ones. */
  clock?: DebounceClock;
}

export interface DebounceClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const REAL_CLOCK: DebounceClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as NodeJS.Timeout),
};

export interface ConfigWatcher {
  close(): void;
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Calls `onChange` with the names of the watched files that changed in
 * `dir`. A directory that does not exist yet (or is removed later) is polled
 * for; when it appears, every watched file in it counts as changed.
 */
export function watchConfigDir(dir: string, onChange: (files: Set<WatchedFile>) => void, opts: WatchOptions = {}): ConfigWatcher {
  const debounceMs = opts.debounceMs ?? 150;
  const maxWaitMs = opts.maxWaitMs ?? 600;
  const pollMs = opts.pollMs ?? 500;
  let closed = false;
  let watcher: FSWatcher | null = null;
  let poll: NodeJS.Timeout | null = null;
  const clock = opts.clock ?? REAL_CLOCK;
  let timer: unknown = null;
  let firstEventAt = 0;
  const pending = new Set<WatchedFile>();

  const flush = () => {
    timer = null;
    if (closed || pending.size === 0) return;
    const files = new Set(pending);
    pending.clear();
    onChange(files);
  };

  const note = (files: Iterable<WatchedFile>) => {
    for (const f of files) pending.add(f);
    if (pending.size === 0) return;
    const now = clock.now();
    if (timer === null) firstEventAt = now;
    else clock.clearTimeout(timer);
    // Trailing debounce, but never later than maxWaitMs after the first event.
    const wait = Math.max(0, Math.min(debounceMs, firstEventAt + maxWaitMs - now));
    timer = clock.setTimeout(flush, wait);
  };

  // When the kernel cannot watch (inotify limits, odd file systems), the
  // files' stat signatures are compared every pollMs instead.
  let statPolling = false;
  const signature = (f: WatchedFile) => {
    try {
      const st = statSync(`${dir}/${f}`);
      return `${st.ino}:${st.size}:${st.mtimeMs}`;
    } catch {
      return '';
    }
  };
  const signatures = new Map<WatchedFile, string>();

  const startPolling = () => {
    if (closed || poll !== null) return;
    for (const f of WATCHED_FILES) signatures.set(f, signature(f));
    poll = setInterval(() => {
      if (statPolling) {
        const changed = WATCHED_FILES.filter((f) => {
          const sig = signature(f);
          if (sig === signatures.get(f)) return false;
          signatures.set(f, sig);
          return true;
        });
        note(changed);
        return;
      }
      if (!isDir(dir)) return;
      clearInterval(poll!);
      poll = null;
      const ok = startWatching();
      note(WATCHED_FILES.filter((f) => existsSync(`${dir}/${f}`)));
      if (!ok) startPolling();
    }, pollMs);
    poll.unref?.();
  };

  const lost = () => {
    watcher?.close();
    watcher = null;
    // The files went with the directory: the daemon should drop to "missing".
    note(WATCHED_FILES);
    startPolling();
  };

  const startWatching = (): boolean => {
    if (closed) return false;
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (closed) return;
        if (!isDir(dir)) {
          lost();
          return;
        }
        // No name: the kernel did not say which file, so any may have changed.
        if (name === null) note(WATCHED_FILES);
        else if ((WATCHED_FILES as readonly string[]).includes(String(name))) note([String(name) as WatchedFile]);
      });
      watcher.on('error', (err: NodeJS.ErrnoException) => {
        if (closed) return;
        if (isDir(dir)) opts.onError?.(`watching ${dir} failed (${err.code ?? err.message}); edits are picked up when the directory comes back`);
        lost();
      });
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && !statPolling) {
        statPolling = true;
        opts.onError?.(`cannot watch ${dir} (${code ?? (err as Error).message}); checking it every ${pollMs} ms instead`);
      }
      startPolling();
      return false;
    }
  };

  if (!isDir(dir) || !startWatching()) startPolling();

  return {
    close() {
      closed = true;
      watcher?.close();
      watcher = null;
      if (poll !== null) clearInterval(poll);
      if (timer !== null) clock.clearTimeout(timer);
      poll = timer = null;
      pending.clear();
    },
  };
}
