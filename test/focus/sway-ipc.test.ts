// The window follower against a real sway (headless, as the tray's waybar test
// runs it): GTK windows with their own app ids take the focus, swaymsg moves
// it back, and the follower reports each app id.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appOf, focusedIn, followSwayWindows, swaySocket, type WindowFollower } from '../../src/focus/sway-ipc.js';
import { until } from '../tray/until.js';

const NOBODY = 65534;
const WINDOW = join(import.meta.dirname, 'tools', 'focus-window.py');
const HINT = 'apt-get install sway python3-gi gir1.2-gtk-3.0';

describe('sway IPC answers, read', () => {
  it('the focused container\'s app id, else its X11 class', () => {
    const tree = { nodes: [{ nodes: [{ app_id: 'foot' }, { floating_nodes: [{ focused: true, app_id: null, window_properties: { class: 'XTerm' } }] }] }] };
    expect(appOf(focusedIn(tree))).toBe('XTerm');
    expect(appOf(focusedIn({ nodes: [{ focused: true, app_id: 'org.gnome.gedit' }] }))).toBe('org.gnome.gedit');
    expect(appOf(focusedIn({ nodes: [] }))).toBeNull();
  });

  it('the socket: $SWAYSOCK, $I3SOCK, else the one sway socket in the runtime dir', () => {
    expect(swaySocket({ SWAYSOCK: '/a', I3SOCK: '/b' })).toBe('/a');
    expect(swaySocket({ I3SOCK: '/b' })).toBe('/b');
    const dir = mkdtempSync(join(tmpdir(), 'ac-swaysock-'));
    try {
      expect(swaySocket({ XDG_RUNTIME_DIR: dir })).toBeNull();
      writeFileSync(join(dir, 'sway-ipc.1000.4242.sock'), '');
      expect(swaySocket({ XDG_RUNTIME_DIR: dir })).toBe(join(dir, 'sway-ipc.1000.4242.sock'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const why = ['sway', 'setpriv'].find((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
const skip = why !== undefined && !process.env.CI;

describe.skipIf(skip)('following the focused window on a real (headless) sway', () => {
  let shared: string;
  let run: string;
  let sway: ChildProcess;
  const windows: ChildProcess[] = [];
  let follower: WindowFollower;
  const seen: (string | null)[] = [];
  let log = '';
  const asRoot = process.getuid!() === 0;
  const uid = asRoot ? NOBODY : process.getuid!();
  const asThem = (cmd: string[]) => (asRoot ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...cmd] : cmd);
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    if (why) throw new Error(`${why} is missing (${HINT})`);
    shared = mkdtempSync(join(tmpdir(), 'ac-sway-ipc-'));
    chmodSync(shared, 0o755);
    run = join(shared, 'run');
    mkdirSync(run, { mode: 0o700 });
    if (asRoot) chownSync(run, NOBODY, NOBODY);
    writeFileSync(join(shared, 'sway.conf'), 'default_border none\n');
    // The windows may run as nobody, who cannot read a clone in a 0700 home: they get a copy.
    copyFileSync(WINDOW, join(shared, 'focus-window.py'));
    chmodSync(join(shared, 'focus-window.py'), 0o644);
    env = {
      PATH: process.env.PATH, HOME: shared, XDG_RUNTIME_DIR: run,
      WLR_BACKENDS: 'headless', WLR_LIBINPUT_NO_DEVICES: '1', WLR_RENDERER: 'pixman', NO_AT_BRIDGE: '1',
    };
    const [cmd, ...args] = asThem(['sway', '-c', join(shared, 'sway.conf')]);
    sway = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    sway.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });
    const wayland = await until('sway\'s Wayland socket', () => readdirSync(run).find((f) => /^wayland-\d+$/.test(f)), 15_000)
      .catch((err) => { throw new Error(`${err.message}; sway said: ${log}`); });
    env.WAYLAND_DISPLAY = wayland;
    const sock = await until('sway\'s IPC socket', () => swaySocket({ XDG_RUNTIME_DIR: run }), 15_000);
    env.SWAYSOCK = sock;
    follower = await followSwayWindows(sock, (app) => seen.push(app));
  }, 40_000);

  afterAll(() => {
    follower?.stop();
    for (const w of windows) w.kill();
    sway?.kill();
    if (shared) rmSync(shared, { recursive: true, force: true });
  });

  const open = (appId: string) => {
    const [cmd, ...args] = asThem(['/usr/bin/python3', join(shared, 'focus-window.py'), '--app-id', appId]);
    windows.push(spawn(cmd, args, { env: { ...env, GDK_BACKEND: 'wayland' }, stdio: ['pipe', 'ignore', 'ignore'] }));
  };

  it('starts with no window focused, then reports each new window\'s app id as it takes the focus', async () => {
    expect(seen[0]).toBeNull();
    open('ac-sway-a');
    await until('window a', () => seen.includes('ac-sway-a'), 20_000);
    open('ac-sway-b');
    await until('window b', () => seen.at(-1) === 'ac-sway-b', 20_000);
  }, 45_000);

  it('a focus moved by the compositor (swaymsg) is reported too', async () => {
    const [cmd, ...args] = asThem(['swaymsg', '[app_id="ac-sway-a"] focus']);
    const r = spawnSync(cmd, args, { env, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    await until('window a again', () => seen.at(-1) === 'ac-sway-a', 10_000);
  }, 15_000);
});
