// The tray in a second real host: waybar's tray module (its own
// StatusNotifierWatcher and host, GTK) on sway's headless backend, screenshots
// by grim. Asserts the icon's pixels are there in the colour of the daemon's
// state, and saves waybar-*.png. sway refuses to run as root, so as root (CI)
// sway and waybar run as nobody, on a bus that lets them in.
// Needs: apt-get install sway waybar grim dbus
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeDirs, type TestDaemon, type Dirs } from '../daemon/harness.js';
import { startBus, type PrivateBus } from '../support/dbus.js';
import { until } from './until.js';
import { near, parsePpm, type Image } from './pixels.js';
import { GREEN, GREY, need, startDaemonAndTray } from './hosts.js';

const OUT = process.env.AUTOCORRECTOR_SCREENSHOT_DIR ?? join(tmpdir(), 'autocorrector-tray-visual');
const W = 360, H = 200, BAR = 32;
const NOBODY = 65534;


const SWAY_CONFIG = `output * resolution ${W}x${H} bg #303030 solid_color
`;
const WAYBAR_CONFIG = JSON.stringify({ layer: 'top', position: 'top', height: BAR, 'modules-right': ['tray'], tray: { 'icon-size': 24, spacing: 4 } });
// A plain dark bar, so nothing of waybar's default theme looks like the icon.
const WAYBAR_STYLE = `* { border: none; border-radius: 0; min-height: 0; }
window#waybar { background: #202020; }
#tray { padding: 0 6px; }
`;

const HINT = 'apt-get install sway waybar grim dbus';

describe('the tray icon in waybar on headless sway', () => {
  let dirs: Dirs;
  let bus: PrivateBus;
  let sway: ChildProcess;
  let waybar: ChildProcess;
  let tray: ChildProcess;
  let daemon: TestDaemon;
  let wayland = '';
  let log = '';

  /** The screen now; also saved as `name` (PNG) when given. */
  const screenshot = (name?: string): Image => {
    const env = { ...process.env, WAYLAND_DISPLAY: wayland };
    if (name) spawnSync('grim', [join(OUT, name)], { env });
    const r = spawnSync('grim', ['-t', 'ppm', '-'], { env, maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`grim failed: ${r.stderr}`);
    return parsePpm(r.stdout);
  };

  beforeAll(async () => {
    for (const c of ['sway', 'waybar', 'grim', 'dbus-daemon', 'setpriv']) need(c, HINT);
    mkdirSync(OUT, { recursive: true });
    dirs = makeDirs();
    const asRoot = process.getuid!() === 0;
    const uid = asRoot ? NOBODY : process.getuid!();
    // What sway and waybar read and where their sockets go: open to them (they may be nobody).
    const shared = mkdtempSync(join(tmpdir(), 'autocorrector-waybar-'));
    chmodSync(shared, 0o755);
    const run = join(shared, 'run');
    mkdirSync(run, { mode: 0o700 });
    if (asRoot) chownSync(run, NOBODY, NOBODY);
    writeFileSync(join(shared, 'sway.conf'), SWAY_CONFIG);
    writeFileSync(join(shared, 'waybar.json'), WAYBAR_CONFIG);
    writeFileSync(join(shared, 'style.css'), WAYBAR_STYLE);
    bus = await startBus(shared, dirs.env, { anyUser: asRoot });
    dirs.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    const wlEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, HOME: shared, XDG_RUNTIME_DIR: run, DBUS_SESSION_BUS_ADDRESS: bus.address,
      WLR_BACKENDS: 'headless', WLR_LIBINPUT_NO_DEVICES: '1', WLR_RENDERER: 'pixman', NO_AT_BRIDGE: '1',
    };
    const asThem = (cmd: string[]) => (asRoot ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', ...cmd] : cmd);
    const [swayCmd, ...swayArgs] = asThem(['sway', '-c', join(shared, 'sway.conf')]);
    sway = spawn(swayCmd, swayArgs, { env: wlEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    sway.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });
    const socket = await until('sway\'s Wayland socket', () => readdirSync(run).find((f) => /^wayland-\d+$/.test(f)), 15_000)
      .catch((err) => { throw new Error(`${err.message}; sway said: ${log}`); });
    wayland = join(run, socket);
    const [barCmd, ...barArgs] = asThem(['waybar', '-c', join(shared, 'waybar.json'), '-s', join(shared, 'style.css')]);
    waybar = spawn(barCmd, barArgs, { env: { ...wlEnv, WAYLAND_DISPLAY: socket }, stdio: ['ignore', 'ignore', 'pipe'] });
    waybar.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });
    // waybar's tray module owns the watcher name once it is up.
    const client = dbus.sessionBus({ busAddress: bus.address });
    const owner = client.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus').then((o) => o.getInterface('org.freedesktop.DBus'));
    await until('waybar\'s StatusNotifierWatcher', async () => (await owner).NameHasOwner('org.kde.StatusNotifierWatcher'), 30_000)
      .catch((err) => { throw new Error(`${err.message}; sway and waybar said: ${log}`); });
    client.disconnect();
    ({ daemon, tray } = await startDaemonAndTray(dirs, (d) => { log += d; }));
  }, 60_000);

  afterAll(async () => {
    tray?.kill();
    waybar?.kill();
    sway?.kill();
    await daemon?.stop();
    bus?.stop();
  });

  it('shows the green "on" icon, then the grey "off" one after `autocorrector disable`', async () => {
    const on = await until('the green icon in the bar', () => {
      const px = near(screenshot(), GREEN, BAR);
      return px.count >= 40 && px;
    }).catch((err) => { throw new Error(`${err.message}; log: ${log}`); });
    expect(on.y).toBeLessThan(BAR);
    screenshot('waybar-enabled.png');

    expect((await cli(dirs, 'disable')).status).toBe(0);
    const off = await until('the grey icon', () => {
      const img = screenshot();
      const g = near(img, GREY, BAR, on.x - 12, on.x + 12);
      return near(img, GREEN, BAR).count === 0 && g.count >= 40 && g;
    });
    expect(Math.abs(off.x - on.x)).toBeLessThan(4);
    screenshot('waybar-disabled.png');
    expect((await cli(dirs, 'enable')).status).toBe(0);
    await until('green again', () => near(screenshot(), GREEN, BAR).count >= 40);
    process.stdout.write(`screenshots in ${OUT}: waybar-enabled.png, waybar-disabled.png\n`);
  });
});
