// The daemon's service without a daemon: called directly, real engine and files.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildEngine } from '../../src/engine-factory.js';
import { UsKeymap } from '../../src/keymap/us.js';
import { MAX_PROBLEMS, Service, type IgnoreStore } from '../../src/daemon/service.js';
import { Stats, readStatsFile } from '../../src/daemon/stats.js';
import type { Request } from '../../src/control/protocol.js';
import { replay } from '../support/replay.js';

const req = (cmd: Request['cmd']): Request => ({ v: 1, cmd, args: {} });

async function make(files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'autocorrector-service-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const setup = await buildEngine({ configDir: dir, keymap: new UsKeymap() });
  const logs: string[] = [];
  const added: string[] = [];
  const ignore: IgnoreStore = {
    add: async (w) => { added.push(w); },
  };
  const stats = new Stats({ path: join(dir, 'state', 'stats.json'), log: (l) => logs.push(l) });
  const service = new Service({
    built: setup, mode: 'snoop', stats, ignore, log: (l) => logs.push(l),
    devices: [{ path: '/dev/input/event3', name: 'Kbd', bustype: 3, vendor: 1, product: 2, version: 1, isKeyboard: true, isPointer: false, leds: 0 }],
  });
  return { dir, setup, service, stats, logs, added };
}

describe('Service', () => {
  it('status, enable/disable/toggle', async () => {
    const { service, setup } = await make({ 'corrections.toml': "brb = 'be right back'\n" });
    expect(service.handle(req('status'))).toMatchObject({
      pid: process.pid, enabled: true, mode: 'snoop', keyboards: [{ name: 'Kbd', path: '/dev/input/event3' }],
      lists: { user: 1, ignored: 0 }, problems: [], autoIgnored: [], layout: { name: 'us', source: 'given' },
    });
    expect(service.handle(req('disable'))).toEqual({ enabled: false });
    expect(setup.engine.enabled).toBe(false);
    expect(service.handle(req('toggle'))).toEqual({ enabled: true });
    expect(service.handle(req('enable'))).toEqual({ enabled: true });
  });

  it('test-screen is refused without the test hook', async () => {
    const { service } = await make();
    expect(() => service.handle(req('test-screen'))).toThrow(/only for tests/);
  });

  it('follows device events', async () => {
    const { service } = await make();
    service.device({ kind: 'grabbed', path: '/dev/input/event3', name: 'Kbd', index: 0 });
    service.device({ kind: 'added', path: '/dev/input/event9', name: 'Mouse', index: 1, isPointer: true });
    service.device({ kind: 'error', path: '/dev/input/event9', name: 'Mouse', index: 1, message: 'EACCES' });
    expect(service.handle(req('devices'))).toEqual({ devices: [
      { path: '/dev/input/event3', name: 'Kbd', keyboard: true, pointer: false, state: 'grabbed' },
      { path: '/dev/input/event9', name: 'Mouse', keyboard: false, pointer: true, state: 'error', error: 'EACCES' },
    ] });
    service.device({ kind: 'removed', path: '/dev/input/event3', name: 'Kbd', index: 0 });
    expect((service.handle(req('status')) as { keyboards: unknown[] }).keyboards).toEqual([]);
  });

  it('status and reload cap their list of problems (issue 14)', async () => {
    const bad = Array.from({ length: 500 }, (_, i) => `w${'a'.repeat(i % 7 + 1)}${i} = 1\n`).join('');
    const { service, logs } = await make({ 'corrections.toml': "brb = 'be right back'\n" + bad });
    const { problems } = service.handle(req('status')) as { problems: string[] };
    expect(problems).toHaveLength(MAX_PROBLEMS + 1);
    expect(problems[0]).toMatch(/corrections\.toml:2: /);
    expect(problems[MAX_PROBLEMS]).toBe('… and 480 more problems of the same files (fix these and reload to see them)');
    logs.length = 0;
    expect((service.handle(req('reload')) as { problems: string[] }).problems).toEqual(problems);
    expect(logs).toHaveLength(MAX_PROBLEMS + 1);
  });

  it('reload keeps the last good list and reports file:line', async () => {
    const { service, dir } = await make({ 'corrections.toml': "brb = 'be right back'\n" });
    writeFileSync(join(dir, 'corrections.toml'), 'brb = \n');
    const r = service.handle(req('reload')) as { problems: string[]; lists: { user: number } };
    expect(r.problems[0]).toMatch(new RegExp(`corrections\\.toml:1: `));
    expect(r.lists.user).toBe(1);
  });

  it('counts applied edits by source, and ignores a default typo reverted twice (logging no word)', async () => {
    const { service, setup, stats, logs, added } = await make();
    const engine = setup.engine;
    // Drive the engine and hand each edit to the service, as the daemon does.
    for (let i = 0; i < 2; i++) {
      const r = replay('"teh " bs space', engine);
      expect(r.edits).toEqual(['teh->the', 'undo teh']);
      service.applied({ kind: 'correction', erase: 3, text: 'the', typed: 'teh', fix: 'the', source: 'default' });
      service.applied({ kind: 'undo', erase: 4, text: 'teh ', typed: 'teh', fix: 'the', source: 'default' });
    }
    expect(added).toEqual(['teh']);
    expect(engine.policy.data.ignored.has('teh')).toBe(true);
    expect(replay('"teh "', engine).edits).toEqual([]);
    expect((service.handle(req('status')) as { autoIgnored: string[] }).autoIgnored).toEqual(['teh']);
    expect(logs.join('\n')).not.toContain('teh');
    const s = service.handle(req('stats')) as { session: { corrections: { default: number }; reverted: { default: number }; wordsSeen: number } };
    expect(s.session.corrections.default).toBe(2);
    expect(s.session.reverted.default).toBe(2);
    expect(s.session.wordsSeen).toBeGreaterThan(0);
    stats.close();
  });
});

describe('Stats', () => {
  afterEach(() => { vi.useRealTimers(); });

  it('writes 30 s after a change (fake timers: the cadence, not the machine), atomically, numbers only; no timer while idle', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const dir = mkdtempSync(join(tmpdir(), 'autocorrector-stats-'));
    const path = join(dir, 'state', 'stats.json');
    let words = 0;
    const stats = new Stats({ path, log: () => {} });
    stats.countWordsFrom(() => words);
    expect(vi.getTimerCount()).toBe(0); // nothing to write: nothing to wake for
    words = 3;
    stats.corrected('user');
    vi.advanceTimersByTime(29_999);
    expect(existsSync(path)).toBe(false); // not before 30 s
    vi.advanceTimersByTime(1);
    const text = readFileSync(path, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ v: 1, wordsSeen: 3, corrections: { user: 1, default: 0, dictionary: 0 } });
    expect(text).not.toMatch(/[a-z]+":\s*"(?!\d{4}-)/); // the only string is the date
    // Nothing changed: nothing written (the file, removed, stays away).
    rmSync(path);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    expect(existsSync(path)).toBe(false);
    stats.corrected('default');
    vi.advanceTimersByTime(30_000);
    expect(readStatsFile(path).stats.corrections.default).toBe(1);
    stats.reverted('dictionary');
    stats.close();
    expect(readStatsFile(path).stats.reverted.dictionary).toBe(1);
    // close() stops the timer, and nothing arms it again.
    rmSync(path);
    stats.corrected('user');
    vi.advanceTimersByTime(60_000);
    expect(existsSync(path)).toBe(false);
  });
});
