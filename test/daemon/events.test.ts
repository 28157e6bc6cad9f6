// `subscribe` end to end: the real daemon (keys from the fake source) pushes
// correction events to subscribers on its socket, with the words only while
// config.toml opts in, and never waits for a subscriber that does not read.
import { createConnection, type Socket } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { request } from '../../src/control/client.js';
import { encodeRequest, LineSplitter } from '../../src/control/protocol.js';
import { cli, filesUnder, makeDirs, TestDaemon, type Dirs } from './harness.js';

interface Raw {
  sock: Socket;
  /** Every line received, parsed; the first is the reply to `subscribe`. */
  lines: Record<string, unknown>[];
  /** Resolves when `n` lines have come. */
  until(n: number): Promise<void>;
}

function subscribe(socket: string, args: Record<string, boolean> = {}): Promise<Raw> {
  const sock = createConnection(socket);
  const split = new LineSplitter();
  const lines: Record<string, unknown>[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  sock.setEncoding('utf8');
  sock.on('data', (chunk: string) => {
    for (const l of split.push(chunk)) lines.push(JSON.parse(l) as Record<string, unknown>);
    for (const w of waiters.filter((x) => lines.length >= x.n)) w.resolve();
  });
  const raw: Raw = {
    sock, lines,
    until: (n) => new Promise((resolve, reject) => {
      if (lines.length >= n) return resolve();
      const timer = setTimeout(() => reject(new Error(`${lines.length} lines, waited for ${n}`)), 5000);
      waiters.push({ n, resolve: () => { clearTimeout(timer); resolve(); } });
    }),
  };
  sock.on('connect', () => sock.write(encodeRequest('subscribe', args)));
  return raw.until(1).then(() => raw);
}

function settingsFile(dirs: Dirs): string {
  return join(dirs.config, 'autocorrector', 'config.toml');
}

/** Subscribes afresh until the daemon says it sends words as `want` (it follows config.toml). */
async function showFixIs(dirs: Dirs, want: boolean): Promise<void> {
  const end = Date.now() + 5000;
  for (;;) {
    const s = await subscribe(dirs.socket);
    s.sock.destroy();
    if ((s.lines[0].data as { showFix: boolean }).showFix === want) return;
    if (Date.now() > end) throw new Error(`the daemon's showFix did not become ${want}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('subscribe: correction events', () => {
  let dirs: Dirs;
  let daemon: TestDaemon;
  beforeAll(async () => {
    dirs = makeDirs();
    mkdirSync(join(dirs.config, 'autocorrector'), { recursive: true });
    writeFileSync(settingsFile(dirs), 'notifications = true\nnotify_corrections = true\n');
    daemon = await TestDaemon.start(dirs);
  });
  afterAll(async () => {
    await daemon?.stop();
  });

  it('answers with what it will send, and keeps the connection open', async () => {
    const s = await subscribe(dirs.socket);
    expect(s.lines[0]).toEqual({ v: 1, ok: true, data: { events: ['correction'], showFix: false } });
    expect(s.sock.destroyed).toBe(false);
    s.sock.destroy();
  });

  it('without notify_show_fix: an event per correction, with its source and no words', async () => {
    const s = await subscribe(dirs.socket);
    expect(await daemon.typed('I recieve teh mail ')).toBe('I receive the mail ');
    await s.until(3);
    expect(s.lines.slice(1)).toEqual([
      { v: 1, event: 'correction', source: 'default', missed: 0 },
      { v: 1, event: 'correction', source: 'default', missed: 0 },
    ]);
    expect(JSON.stringify(s.lines)).not.toMatch(/recieve|receive|teh|the/);
    s.sock.destroy();
  });

  it('with notify_show_fix = true (followed live): the typed word and its fix', async () => {
    writeFileSync(settingsFile(dirs), 'notifications = true\nnotify_corrections = true\nnotify_show_fix = true\n');
    await showFixIs(dirs, true);
    const s = await subscribe(dirs.socket);
    expect(s.lines[0].data).toEqual({ events: ['correction'], showFix: true });
    await daemon.typed('teh ');
    await s.until(2);
    expect(s.lines[1]).toEqual({ v: 1, event: 'correction', source: 'default', missed: 0, typed: 'teh', fix: 'the' });

    // Switched off again: the words stop at once, for the same subscriber too.
    writeFileSync(settingsFile(dirs), 'notifications = true\nnotify_corrections = true\nnotify_show_fix = false\n');
    await showFixIs(dirs, false);
    await daemon.typed('adn ');
    await s.until(3);
    expect(s.lines[2]).toEqual({ v: 1, event: 'correction', source: 'default', missed: 0 });
    s.sock.destroy();
    // Nothing typed reached a file.
    for (const f of filesUnder(dirs.root).filter((x) => !x.endsWith('.sock'))) expect(readFileSync(f, 'latin1')).not.toMatch(/teh|adn/);
  });

  it('a subscriber that does not read stalls nothing: its events are dropped and counted, the others get all', async () => {
    const stalled = await subscribe(dirs.socket);
    stalled.sock.pause(); // reads nothing from now on: the kernel's buffer, then Node's, fill up
    const reader = await subscribe(dirs.socket);
    const n = 4000;
    // In bursts of 100 (a burst goes out in one tick; the reader drains between them).
    for (let i = 0; i < n; i += 100) await daemon.type('teh '.repeat(100));
    // The key path went on: the keys were handled, corrected, and the socket still answers.
    expect((await request('status', {}, { socket: dirs.socket, timeoutMs: 2000 })).ok).toBe(true);
    expect(await daemon.typed('adn ')).toBe('and ');
    await reader.until(1 + n + 1);
    expect(reader.lines.slice(1).every((e) => e.missed === 0)).toBe(true);

    // Reading again, the stalled one gets what was buffered, then events that say how many it missed.
    stalled.sock.resume();
    await daemon.typed('teh ');
    const count = () => {
      const events = stalled.lines.slice(1);
      return { got: events.length, missed: events.reduce((a, e) => a + (e.missed as number), 0) };
    };
    const end = Date.now() + 5000;
    while (count().got + count().missed < n + 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    // Every correction is either delivered or counted as missed, and some were dropped, not buffered.
    expect(count().got + count().missed).toBe(n + 2);
    expect(count().missed).toBeGreaterThan(0);
    stalled.sock.destroy();
    reader.sock.destroy();
  });

  it('a subscriber that hangs up is forgotten; the daemon goes on', async () => {
    for (let i = 0; i < 5; i++) (await subscribe(dirs.socket)).sock.destroy();
    expect(await daemon.typed('teh ')).toBe('the ');
    expect(daemon.stderr).not.toMatch(/teh|recieve|adn/);
  });
});

describe('subscribe {"state":true}: the status, pushed when it changes', () => {
  it('the reply carries the status; a toggle and a reload with a broken list are pushed once each; nothing else is', async () => {
    const dirs = makeDirs();
    const daemon = await TestDaemon.start(dirs);
    onTestFinished(() => daemon.stop());
    const s = await subscribe(dirs.socket, { state: true, corrections: false });
    const reply = s.lines[0].data as { events: string[]; status: { enabled: boolean; pid: number } };
    expect(reply.events).toEqual(['state']);
    expect(reply.status).toMatchObject({ enabled: true, pid: daemon.pid });
    expect((await cli(dirs, 'disable')).stdout).toBe('corrections off\n');
    await s.until(2);
    expect(s.lines[1]).toMatchObject({ v: 1, event: 'state', missed: 0, status: { enabled: false } });
    // Typing, corrections and commands that change nothing send nothing (no correction events either).
    await cli(dirs, 'enable');
    await s.until(3);
    expect(await daemon.typed('teh ')).toBe('the ');
    await cli(dirs, 'status');
    await cli(dirs, 'enable');
    mkdirSync(join(dirs.config, 'autocorrector'), { recursive: true });
    writeFileSync(join(dirs.config, 'autocorrector', 'corrections.toml'), 'broken line\n');
    await s.until(4); // the watcher reloads the list: a problem now
    expect((s.lines[3].status as { problems: string[] }).problems[0]).toContain('corrections.toml:1');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.lines.map((l) => l.event ?? 'reply')).toEqual(['reply', 'state', 'state', 'state']);
    s.sock.destroy();
  });
});
