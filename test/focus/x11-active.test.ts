// The X11 active-window follower against a real X server (Xvfb): a GTK window
// with its own class, and _NET_ACTIVE_WINDOW set on the root window as a
// window manager sets it (xprop plays the window manager: Xvfb has none).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classOf, cookieFor, followX11ActiveWindow, localDisplay, type ActiveWindowFollower } from '../../src/focus/x11-active.js';
import { join } from 'node:path';
import { until } from '../tray/until.js';

const WINDOW = join(import.meta.dirname, 'tools', 'focus-window.py');

describe('X11 pieces', () => {
  it('reads local displays only', () => {
    expect([':0', ':12.0', 'unix:3', 'host:0', '', undefined].map(localDisplay)).toEqual([0, 12, 3, null, null, null]);
  });

  it('finds the display\'s cookie in an Xauthority file', () => {
    const entry = (number: string, cookie: number[]) => {
      const parts = [Buffer.from('myhost'), Buffer.from(number), Buffer.from('MIT-MAGIC-COOKIE-1'), Buffer.from(cookie)];
      return Buffer.concat([Buffer.from([1, 0]), ...parts.flatMap((p) => [Buffer.from([p.length >> 8, p.length & 0xff]), p])]);
    };
    const file = Buffer.concat([entry('0', [1, 2, 3]), entry('7', [9, 9])]);
    expect(cookieFor(file, 7)).toEqual(Buffer.from([9, 9]));
    expect(cookieFor(file, 5)).toBeNull();
  });

  it('WM_CLASS gives the class, else the instance', () => {
    expect(classOf(Buffer.from('xterm\0XTerm\0'))).toBe('XTerm');
    expect(classOf(Buffer.from('foo\0\0'))).toBe('foo');
  });
});

const missing = ['Xvfb', 'xprop', 'xdotool'].find((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const skip = missing !== undefined && !process.env.CI;

describe.skipIf(skip)('following the active window on a real X server', () => {
  const procs: ChildProcess[] = [];
  const display = `:${700 + (process.pid % 200)}`;
  const env = { PATH: process.env.PATH, HOME: '/nonexistent', DISPLAY: display };
  let follower: ActiveWindowFollower;
  const seen: (string | null)[] = [];

  beforeAll(async () => {
    if (missing) throw new Error(`${missing} is missing (apt-get install xvfb x11-utils xdotool)`);
    procs.push(spawn('Xvfb', [display, '-screen', '0', '640x480x24', '-nolisten', 'tcp'], { stdio: 'ignore' }));
    await until('Xvfb', () => spawnSync('xprop', ['-root', '-display', display]).status === 0, 10_000);
    procs.push(spawn('/usr/bin/python3', [WINDOW, '--app-id', 'ac-x11-a'], { env: { ...env, GDK_BACKEND: 'x11', NO_AT_BRIDGE: '1' }, stdio: ['pipe', 'ignore', 'ignore'] }));
    follower = await followX11ActiveWindow(env, (app) => seen.push(app));
  }, 30_000);

  afterAll(() => {
    follower?.stop();
    for (const p of procs.reverse()) p.kill();
  });

  it('no window manager, no active window: null; then the class of the window made active', async () => {
    expect(seen[0]).toBeNull();
    const classes = (w: string) => spawnSync('xprop', ['-id', w, 'WM_CLASS'], { env, encoding: 'utf8' }).stdout;
    // The window that carries WM_CLASS (GTK also makes a client leader window), once it is mapped.
    const id = await until('the window', () => {
      const r = spawnSync('xdotool', ['search', '--classname', 'ac-x11-a'], { env, encoding: 'utf8' });
      return r.stdout.trim().split('\n').filter(Boolean).find((w) => classes(w).includes('"ac-x11-a"'));
    }, 15_000);
    // WM_CLASS(STRING) = "instance", "Class": the class is what the follower reports.
    const cls = /"[^"]*", "([^"]*)"/.exec(classes(id))![1];
    const set = spawnSync('xprop', ['-root', '-f', '_NET_ACTIVE_WINDOW', '32c', '-set', '_NET_ACTIVE_WINDOW', String(Number(id))], { env, encoding: 'utf8' });
    expect(set.status, set.stderr).toBe(0);
    await until('the active window\'s class', () => seen.at(-1) === cls, 10_000);
    const none = spawnSync('xprop', ['-root', '-f', '_NET_ACTIVE_WINDOW', '32c', '-set', '_NET_ACTIVE_WINDOW', '0'], { env, encoding: 'utf8' });
    expect(none.status, none.stderr).toBe(0);
    await until('no active window', () => seen.at(-1) === null, 10_000);
  }, 40_000);
});
