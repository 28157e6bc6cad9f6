import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCorrection } from '../../src/lists/edit.js';
import { watchConfigDir, type ConfigWatcher, type WatchedFile } from '../../src/lists/watch.js';
import { until } from '../tray/until.js';

let root: string;
let watcher: ConfigWatcher | null = null;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'ac-watch-')); });
afterEach(() => {
  watcher?.close();
  watcher = null;
  rmSync(root, { recursive: true, force: true });
});

/** Collects callbacks; `next()` resolves with the next one, or rejects after `ms`. */
function recorder() {
  const calls: { files: Set<WatchedFile>; at: number }[] = [];
  let waiting: ((v: Set<WatchedFile>) => void) | null = null;
  const cb = (files: Set<WatchedFile>) => {
    calls.push({ files, at: Date.now() });
    if (waiting) { const w = waiting; waiting = null; w(files); }
  };
  const next = (ms = 10_000) => new Promise<Set<WatchedFile>>((resolve, reject) => {
    const t = setTimeout(() => { waiting = null; reject(new Error(`no change reported within ${ms} ms`)); }, ms);
    waiting = (v) => { clearTimeout(t); resolve(v); };
  });
  return { cb, next, calls };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A clock whose time moves only by advance(); counts the timers set on it. */
function manualClock() {
  let now = 0;
  let timers: { at: number; fn: () => void; id: number }[] = [];
  let ids = 0;
  const c = {
    scheduled: 0,
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      c.scheduled++;
      timers.push({ at: now + ms, fn, id: ++ids });
      return ids;
    },
    clearTimeout: (id: unknown) => { timers = timers.filter((t) => t.id !== id); },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((t) => t !== due);
        now = due.at;
        due.fn();
      }
      now = end;
    },
  };
  return c;
}

describe('watchConfigDir', () => {
  // How fast a change is picked up is a latency goal, not a unit test's
  // business (a loaded CI machine would make it flaky); these check what fires.
  it('fires on a plain write, naming the file', async () => {
    const r = recorder();
    watcher = watchConfigDir(root, r.cb);
    await settle(50);
    const got = r.next();
    writeFileSync(join(root, 'corrections.toml'), "teh = 'the'\n");
    expect(await got).toEqual(new Set(['corrections.toml']));
  });

  it('fires on rename-replace (how editors and our own writes save)', async () => {
    writeFileSync(join(root, 'corrections.toml'), "teh = 'the'\n");
    const r = recorder();
    watcher = watchConfigDir(root, r.cb);
    await settle(50);
    const got = r.next();
    writeFileSync(join(root, '.corrections.toml.swp'), "teh = 'tea'\n");
    renameSync(join(root, '.corrections.toml.swp'), join(root, 'corrections.toml'));
    expect(await got).toEqual(new Set(['corrections.toml']));
    // Again after the replace: the directory watch still follows the new file.
    const again = r.next();
    await addCorrection(root, 'adn', 'and');
    expect(await again).toEqual(new Set(['corrections.toml']));
  });

  it('ignores other files in the directory', async () => {
    const r = recorder();
    watcher = watchConfigDir(root, r.cb);
    await settle(50);
    writeFileSync(join(root, 'notes.txt'), 'x');
    writeFileSync(join(root, 'corrections.toml~'), 'x');
    await settle(400);
    expect(r.calls).toEqual([]);
  });

  it('debounces a burst of saves into one callback naming every file', async () => {
    const r = recorder();
    watcher = watchConfigDir(root, r.cb);
    await settle(50);
    const got = r.next();
    // Back to back, so the burst is inside one debounce window however slow
    // the machine is: without the debounce this would be 30 callbacks.
    for (let i = 0; i < 30; i++) writeFileSync(join(root, i % 2 ? 'config.toml' : 'ignored.txt'), `x${i}\n`);
    expect(await got).toEqual(new Set(['config.toml', 'ignored.txt']));
    await settle(500);
    expect(r.calls.length).toBe(1);
  });

  it('a burst of saves longer than a second is still picked up within a second of each save (README)', async () => {
    // Time is driven by hand, so the machine's load cannot matter: a save every
    // 100 ms for 3 s; between any save and the callback that covers it, at most 1 s.
    const clock = manualClock();
    const fired: number[] = [];
    watcher = watchConfigDir(root, () => fired.push(clock.now()), { clock });
    await settle(50);
    const saves: number[] = [];
    for (let i = 0; i < 30; i++) {
      const seen = clock.scheduled;
      saves.push(clock.now());
      writeFileSync(join(root, 'corrections.toml'), `teh = 'the${i}'\n`);
      await until('the watcher notes the save', () => clock.scheduled > seen, 10_000);
      clock.advance(100);
    }
    clock.advance(2000);
    expect(fired.length).toBeGreaterThan(2);
    for (const at of saves) {
      const covered = fired.find((f) => f >= at);
      expect(covered, `save at ${at} ms`).toBeDefined();
      expect(covered! - at, `save at ${at} ms, picked up at ${covered} ms`).toBeLessThanOrEqual(1000);
    }
  });

  it('waits for a directory that does not exist yet, then reports what is in it', async () => {
    const dir = join(root, 'later', 'autocorrector');
    const r = recorder();
    watcher = watchConfigDir(dir, r.cb, { pollMs: 100 });
    await settle(150);
    const got = r.next(1500);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'corrections.toml'), "teh = 'the'\n");
    expect(await got).toContain('corrections.toml');
    const after = r.next();
    writeFileSync(join(dir, 'ignored.txt'), 'teh\n');
    expect(await after).toContain('ignored.txt');
  });

  it('survives the directory being removed and made again', async () => {
    const dir = join(root, 'cfg');
    mkdirSync(dir);
    const r = recorder();
    watcher = watchConfigDir(dir, r.cb, { pollMs: 100 });
    await settle(50);
    rmSync(dir, { recursive: true });
    await r.next(); // the files are gone
    await settle(200);
    const back = r.next(1500);
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.toml'), 'mode = "snoop"\n');
    expect(await back).toContain('config.toml');
  });

  it('close() stops callbacks', async () => {
    const r = recorder();
    watcher = watchConfigDir(root, r.cb);
    await settle(50);
    writeFileSync(join(root, 'corrections.toml'), 'a\n');
    watcher.close(); // an event already pending is dropped too
    writeFileSync(join(root, 'corrections.toml'), 'b\n');
    await settle(400);
    expect(r.calls).toEqual([]);
  });
});
