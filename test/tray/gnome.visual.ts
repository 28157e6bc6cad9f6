// The tray in GNOME Shell with the AppIndicator extension (Debian bookworm:
// gnome-shell 43, gnome-shell-extension-appindicator 46), the host GNOME users
// have: gnome-shell --headless on a virtual monitor, software rendered.
// Asserts on the bus that the extension owns the StatusNotifierWatcher, lists
// our item, and read it (the shell's own connection calling GetAll on the
// item and GetLayout on its menu, seen by dbus-monitor); then asserts the
// icon's pixels in the top bar, green, grey after `autocorrector disable`,
// green again, and saves gnome-*.png.
//
// Screenshots: since GNOME 41 org.gnome.Shell.Screenshot answers only
// allow-listed callers ("Screenshot is not allowed") unless the shell is in
// unsafe mode, which has no command-line switch. So the test installs a
// three-line extension of its own, in the temp HOME only, that sets
// global.context.unsafe_mode when enabled; the picture is still the shell's
// own rendering of its top bar. (Unsafe mode also shows an orange lock icon
// in the bar, left of the power icon.)
//
// gnome-shell refuses nothing as root, but as root (CI) it runs as nobody,
// like sway in waybar.visual.ts, on a bus that lets it in. Its settings come
// from a GSettings keyfile in the temp HOME (no dconf). It wants logind on the
// system bus when /run/systemd/seats exists and dies without one, so its
// "system bus" is the private bus too: it never talks to the machine's.
// Needs: apt-get install --no-install-recommends gnome-shell
//   gnome-shell-extension-appindicator imagemagick dbus
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeDirs, type TestDaemon, type Dirs } from '../daemon/harness.js';
import { startBus, type PrivateBus } from '../support/dbus.js';
import { until } from './until.js';
import { near, parsePpm, type Image } from './pixels.js';
import { GREEN, GREY, need, startDaemonAndTray, watchItemCalls, type Call } from './hosts.js';

const OUT = process.env.AUTOCORRECTOR_SCREENSHOT_DIR ?? join(tmpdir(), 'autocorrector-tray-visual');
const W = 640, H = 480, BAR = 32;
const NOBODY = 65534;
const APPINDICATOR = 'ubuntu-appindicators@ubuntu.com';
const UNSAFE = 'unsafe-mode@autocorrector.test';
const WATCHER = 'org.kde.StatusNotifierWatcher';


const KEYFILE = `[org/gnome/shell]
enabled-extensions=['${APPINDICATOR}', '${UNSAFE}']
disable-extension-version-validation=true
welcome-dialog-last-shown-version='999'
`;
const UNSAFE_METADATA = JSON.stringify({ uuid: UNSAFE, name: 'Unsafe mode for autocorrector tests', description: 'Lets the test take screenshots.', 'shell-version': ['43'] });
const UNSAFE_JS = `function init() {}
function enable() { global.context.unsafe_mode = true; }
function disable() { global.context.unsafe_mode = false; }
`;

const HINT = 'apt-get install --no-install-recommends gnome-shell gnome-shell-extension-appindicator imagemagick dbus';


describe('the tray icon in GNOME Shell with the AppIndicator extension', () => {
  let dirs: Dirs;
  let bus: PrivateBus;
  let shell: ChildProcess;
  let monitor: ChildProcess;
  let tray: ChildProcess;
  let daemon: TestDaemon;
  let client: dbus.MessageBus;
  let shots = '';
  let log = '';
  let calls: Call[] = [];

  const busApi = async () => (await client.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus')).getInterface('org.freedesktop.DBus');

  /** The screen now, taken by the shell; also saved in OUT as `name` when given. */
  const screenshot = async (name?: string): Promise<Image> => {
    const file = join(shots, 'shot.png');
    const shot = (await client.getProxyObject('org.gnome.Shell.Screenshot', '/org/gnome/Shell/Screenshot')).getInterface('org.gnome.Shell.Screenshot');
    const [ok, used] = await shot.Screenshot(false, false, file) as [boolean, string];
    if (!ok) throw new Error(`the shell did not take a screenshot (${used})`);
    if (name) copyFileSync(used, join(OUT, name));
    const r = spawnSync('convert', [used, '-depth', '8', 'ppm:-'], { maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`convert failed: ${r.stderr}`);
    return parsePpm(r.stdout);
  };

  beforeAll(async () => {
    for (const c of ['gnome-shell', 'convert', 'dbus-daemon', 'dbus-monitor', 'setpriv']) need(c, HINT);
    const ext = `/usr/share/gnome-shell/extensions/${APPINDICATOR}`;
    if (spawnSync('test', ['-f', join(ext, 'metadata.json')]).status !== 0) throw new Error(`${ext} is missing: ${HINT}`);
    mkdirSync(OUT, { recursive: true });
    dirs = makeDirs();
    const asRoot = process.getuid!() === 0;
    const uid = asRoot ? NOBODY : process.getuid!();
    // The shell's HOME, runtime dir and screenshot dir: its own (it may be nobody).
    const shared = mkdtempSync(join(tmpdir(), 'autocorrector-gnome-'));
    chmodSync(shared, 0o755);
    const [home, run] = [join(shared, 'home'), join(shared, 'run')];
    shots = join(shared, 'shots');
    const unsafe = join(home, '.local', 'share', 'gnome-shell', 'extensions', UNSAFE);
    const keyfile = join(home, '.config', 'glib-2.0', 'settings');
    for (const d of [unsafe, keyfile]) mkdirSync(d, { recursive: true });
    mkdirSync(run, { mode: 0o700 });
    mkdirSync(shots, { mode: 0o700 });
    writeFileSync(join(keyfile, 'keyfile'), KEYFILE);
    writeFileSync(join(unsafe, 'metadata.json'), UNSAFE_METADATA);
    writeFileSync(join(unsafe, 'extension.js'), UNSAFE_JS);
    if (asRoot) {
      for (const d of [run, shots]) chownSync(d, NOBODY, NOBODY);
      spawnSync('chown', ['-R', `${NOBODY}:${NOBODY}`, home]);
    }
    bus = await startBus(shared, dirs.env, { anyUser: asRoot });
    dirs.env.DBUS_SESSION_BUS_ADDRESS = bus.address;

    ({ monitor, calls } = watchItemCalls(bus.address, (d) => { log += d; }));

    const shellEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: run, XDG_CONFIG_HOME: join(home, '.config'),
      DBUS_SESSION_BUS_ADDRESS: bus.address, DBUS_SYSTEM_BUS_ADDRESS: bus.address,
      GSETTINGS_BACKEND: 'keyfile', NO_AT_BRIDGE: '1', XDG_SESSION_TYPE: 'wayland',
    };
    const cmd = ['gnome-shell', '--headless', '--wayland', '--no-x11', '--virtual-monitor', `${W}x${H}`];
    const [shellCmd, ...shellArgs] = asRoot ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...cmd] : cmd;
    shell = spawn(shellCmd, shellArgs, { env: shellEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const s of [shell.stdout!, shell.stderr!]) s.setEncoding('utf8').on('data', (d: string) => { log += d; });

    client = dbus.sessionBus({ busAddress: bus.address });
    const api = await busApi();
    // The AppIndicator extension owns the watcher name once the shell has enabled it.
    await until('the AppIndicator extension\'s StatusNotifierWatcher', () => api.NameHasOwner(WATCHER), 30_000)
      .catch((err) => { throw new Error(`${err.message}; gnome-shell said: ${log}`); });
    ({ daemon, tray } = await startDaemonAndTray(dirs, (d) => { log += d; }));
  }, 60_000);

  afterAll(async () => {
    tray?.kill();
    client?.disconnect();
    shell?.kill();
    monitor?.kill();
    await daemon?.stop();
    await new Promise((r) => setTimeout(r, 300));
    bus?.stop();
  });

  it('lists our item in the extension\'s watcher, and the shell reads the item and its menu', async () => {
    const api = await busApi();
    const shellName = await api.GetNameOwner(WATCHER) as string;
    const watcher = (await client.getProxyObject(WATCHER, '/StatusNotifierWatcher')).getInterface('org.freedesktop.DBus.Properties');
    const ours = `org.kde.StatusNotifierItem-${tray.pid}-1`;
    await until('our item in RegisteredStatusNotifierItems', async () => {
      const items = (await watcher.Get(WATCHER, 'RegisteredStatusNotifierItems')).value as string[];
      return items.some((s) => s === ours || s.startsWith(`${ours}/`)) && items;
    }).catch((err) => { throw new Error(`${err.message}; log: ${log}`); });
    const trayName = await api.GetNameOwner(ours) as string;
    const fromShell = (path: string, member: string) => calls.some((c) => c.sender === shellName && c.destination === trayName && c.path === path && c.member === member);
    await until('the shell\'s GetAll on the item', () => fromShell('/StatusNotifierItem', 'GetAll'))
      .catch((err) => { throw new Error(`${err.message}; calls seen: ${JSON.stringify(calls)}`); });
    await until('the shell\'s GetLayout on the menu', () => fromShell('/MenuBar', 'GetLayout'))
      .catch((err) => { throw new Error(`${err.message}; calls seen: ${JSON.stringify(calls)}`); });
  });

  it('shows the green "on" icon in the top bar, then the grey "off" one after `autocorrector disable`', async () => {
    const on = await until('the green icon in the top bar', async () => {
      const px = near(await screenshot(), GREEN, BAR);
      return px.count >= 40 && px;
    }).catch((err) => { throw new Error(`${err.message}; log: ${log}`); });
    expect(on.y).toBeLessThan(BAR);
    expect(on.x).toBeGreaterThan(W / 2); // the extension puts it on the right, with the system icons
    await screenshot('gnome-enabled.png');

    expect((await cli(dirs, 'disable')).status).toBe(0);
    const off = await until('the grey icon', async () => {
      const img = await screenshot();
      const g = near(img, GREY, BAR, on.x - 12, on.x + 12);
      return near(img, GREEN, BAR).count === 0 && g.count >= 40 && g;
    });
    expect(Math.abs(off.x - on.x)).toBeLessThan(4);
    await screenshot('gnome-disabled.png');
    expect((await cli(dirs, 'enable')).status).toBe(0);
    await until('green again', async () => near(await screenshot(), GREEN, BAR).count >= 40);
    process.stdout.write(`screenshots in ${OUT}: gnome-enabled.png, gnome-disabled.png\n`);
  });
});
