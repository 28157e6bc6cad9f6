// The session follower against a logind stand-in on a private bus
// (test/kernel/tools/logind-standin.mjs; the VM test uses it too, where the
// keyboards are really let go): finding the session, and Active changes.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followSession, SessionUnavailable } from '../../src/session/logind.js';
import { startBus } from '../support/dbus.js';
import { until } from '../tray/until.js';

const STANDIN = join(import.meta.dirname, '..', 'kernel', 'tools', 'logind-standin.mjs');
const why = spawnSync('sh', ['-c', 'command -v dbus-daemon']).status === 0 ? null : 'dbus-daemon is missing (apt-get install dbus)';
const skip = why !== null && !process.env.CI;

describe.skipIf(skip)('following the login session (logind stand-in)', () => {
  let dir: string;
  let bus: string;
  const procs: ChildProcess[] = [];
  let standin: ChildProcess;
  let out: Interface;
  const lines: string[] = [];

  beforeAll(async () => {
    if (why) throw new Error(why);
    dir = mkdtempSync(join(tmpdir(), 'ac-logind-'));
    const system = await startBus(dir);
    procs.push(system.proc);
    bus = system.address;
    standin = spawn(process.execPath, [STANDIN, '--bus', bus, '--session', 'c7'], { stdio: ['pipe', 'pipe', 'inherit'] });
    procs.push(standin);
    out = createInterface({ input: standin.stdout! });
    out.on('line', (l) => lines.push(l));
    await until('the stand-in', () => lines.includes('ready c7'), 10_000);
  }, 30_000);

  afterAll(() => {
    for (const p of procs.reverse()) p.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds the session XDG_SESSION_ID names, and follows Active both ways', async () => {
    const changes: boolean[] = [];
    const f = await followSession({ env: { DBUS_SYSTEM_BUS_ADDRESS: bus, XDG_SESSION_ID: 'c7' }, onActive: (a) => changes.push(a) });
    try {
      expect([f.id, f.active]).toEqual(['c7', true]);
      standin.stdin!.write('active 0\n');
      await until('inactive', () => changes.length === 1, 5000);
      expect(f.active).toBe(false);
      standin.stdin!.write('active 1\n');
      await until('active again', () => changes.length === 2, 5000);
      expect(changes).toEqual([false, true]);
    } finally {
      f.stop();
    }
  });

  it('no session of ours: a clear reason (the daemon then keeps its grab and says so)', async () => {
    const err = await followSession({ env: { DBUS_SYSTEM_BUS_ADDRESS: bus, XDG_SESSION_ID: 'c8' }, onActive: () => {} }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(SessionUnavailable);
    expect((err as Error).message).toMatch(/^no logind session \(/);
    const none = await followSession({ env: { DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${join(dir, 'nothing')}` }, onActive: () => {} }).catch((e: Error) => e);
    expect(none).toBeInstanceOf(SessionUnavailable);
  });

  it('the bus going away is reported, so the daemon can say why it stopped following', async () => {
    const gone = join(dir, 'gone');
    mkdirSync(gone);
    const system = await startBus(gone);
    const other = spawn(process.execPath, [STANDIN, '--bus', system.address, '--session', 'c9'], { stdio: ['pipe', 'pipe', 'inherit'] });
    try {
      const ready: string[] = [];
      createInterface({ input: other.stdout! }).on('line', (l) => ready.push(l));
      await until('the second stand-in', () => ready.includes('ready c9'), 10_000);
      const lost: string[] = [];
      const f = await followSession({ env: { DBUS_SYSTEM_BUS_ADDRESS: system.address, XDG_SESSION_ID: 'c9' }, onActive: () => {}, onLost: (why) => lost.push(why) });
      system.stop();
      await until('the loss', () => lost.length > 0, 5000);
      expect(lost).toEqual(['the system bus closed']);
      f.stop();
    } finally {
      other.kill();
      system.stop();
    }
  });
});
