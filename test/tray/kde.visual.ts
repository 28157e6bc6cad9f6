// The tray in KDE Plasma 5.27 (Debian bookworm's plasma-workspace), the
// desktop's own panel: plasmashell on Xvfb (no window manager) with the
// default layout Plasma writes into an empty config dir, a panel at the
// bottom holding the System Tray. Plasma's watcher is kded5's
// statusnotifierwatcher module, which kded5 (started by the bus on demand)
// loads at start only in a "full" KDE session, so the bus hands its services
// KDE_FULL_SESSION=true, as startplasma does; plasmashell is the host.
// Asserts on the bus that kded5 owns the StatusNotifierWatcher and lists our
// item, and that plasmashell's connection read it (GetAll on the item and
// GetLayout on its menu, which Plasma fetches before any click, seen by
// dbus-monitor); then asserts the icon's pixels in the panel, green, grey after
// `autocorrector disable`, green again, and saves kde-*.png.
//
// Plasma runs as root here when CI is root (unlike sway and gnome-shell it
// does not refuse). plasmashell asks the bus for a dozen helpers (kded5,
// kactivitymanagerd, kglobalaccel5, kscreen...), which outlive the bus, so
// the test ends every process that had a connection on its bus.
// Needs: apt-get install --no-install-recommends plasma-workspace
//   plasma-desktop xvfb imagemagick dbus
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
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
const W = 800, H = 600;
/** The bottom strip of the screen that holds Plasma's default panel (44 px at this size). */
const PANEL = 48;
const WATCHER = 'org.kde.StatusNotifierWatcher';


const HINT = 'apt-get install --no-install-recommends plasma-workspace plasma-desktop xvfb imagemagick dbus';


describe('the tray icon in KDE Plasma\'s panel (plasmashell on Xvfb)', () => {
  let dirs: Dirs;
  let bus: PrivateBus;
  let xvfb: ChildProcess;
  let shell: ChildProcess;
  let monitor: ChildProcess;
  let tray: ChildProcess;
  let daemon: TestDaemon;
  let client: dbus.MessageBus;
  let display = '';
  let log = '';
  let calls: Call[] = [];

  const busApi = async () => (await client.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus')).getInterface('org.freedesktop.DBus');

  /** The panel strip at the bottom of the screen (rows 0..PANEL-1 of the image); the whole screen saved in OUT as `name` when given. */
  const screenshot = (name?: string): Image => {
    const file = join(dirs.root, 'shot.png');
    const shot = spawnSync('import', ['-display', display, '-window', 'root', file]);
    if (shot.status !== 0) throw new Error(`import failed: ${shot.stderr}`);
    if (name) copyFileSync(file, join(OUT, name));
    const r = spawnSync('convert', [file, '-gravity', 'South', '-crop', `${W}x${PANEL}+0+0`, '+repage', '-depth', '8', 'ppm:-'], { maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`convert failed: ${r.stderr}`);
    return parsePpm(r.stdout);
  };
  // The tray sits on the right; the task manager's launchers on the left may be green (vim's icon).
  const green = (img: Image) => near(img, GREEN, PANEL, W / 2);

  beforeAll(async () => {
    for (const c of ['Xvfb', 'plasmashell', 'kded5', 'import', 'convert', 'dbus-daemon', 'dbus-monitor']) need(c, HINT);
    mkdirSync(OUT, { recursive: true });
    dirs = makeDirs();
    xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', `${W}x${H}x24`, '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    display = ':' + (await new Promise<string>((r) => xvfb.stdout!.once('data', (d: Buffer) => r(d.toString().trim()))));
    Object.assign(dirs.env, {
      DISPLAY: display, XDG_DATA_DIRS: '/usr/local/share:/usr/share',
      KDE_FULL_SESSION: 'true', KDE_SESSION_VERSION: '5', XDG_CURRENT_DESKTOP: 'KDE', XDG_SESSION_TYPE: 'x11',
    });
    // Services the bus starts (kded5 and the rest) get the temp HOME and XDG dirs, never the developer's.
    bus = await startBus(dirs.root, dirs.env);
    dirs.env.DBUS_SESSION_BUS_ADDRESS = bus.address;

    ({ monitor, calls } = watchItemCalls(bus.address, (d) => { log += d; }));

    shell = spawn('plasmashell', ['--no-respawn'], { env: dirs.env, stdio: ['ignore', 'ignore', 'pipe'] });
    shell.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });

    client = dbus.sessionBus({ busAddress: bus.address });
    const api = await busApi();
    await until('kded5\'s StatusNotifierWatcher', () => api.NameHasOwner(WATCHER), 30_000)
      .catch((err) => { throw new Error(`${err.message}; plasmashell said: ${log.slice(-3000)}`); });
    // The panel is drawn: something in its strip that is not the wallpaper's teal.
    await until('the panel', () => near(screenshot(), [0xef, 0xf0, 0xf1], PANEL).count > W * 20, 30_000);
    ({ daemon, tray } = await startDaemonAndTray(dirs, (d) => { log += d; }));
  }, 60_000);

  afterAll(async () => {
    // Everything on the bus but us: plasmashell, kded5 and the helpers the bus started for it.
    const pids: number[] = [];
    try {
      const api = await busApi();
      for (const name of await api.ListNames() as string[]) {
        if (!name.startsWith(':')) continue;
        const pid = await api.GetConnectionUnixProcessID(name).catch(() => 0) as number;
        if (pid && pid !== process.pid && !pids.includes(pid)) pids.push(pid);
      }
    } catch { /* the bus is gone already */ }
    tray?.kill();
    client?.disconnect();
    shell?.kill();
    monitor?.kill();
    for (const pid of pids) { try { process.kill(pid); } catch { /* gone */ } }
    await daemon?.stop();
    await new Promise((r) => setTimeout(r, 300));
    bus?.stop();
    xvfb?.kill();
  });

  it('lists our item in kded5\'s watcher, and plasmashell reads the item and its menu', async () => {
    const api = await busApi();
    const ours = `org.kde.StatusNotifierItem-${tray.pid}-1`;
    const watcher = (await client.getProxyObject(WATCHER, '/StatusNotifierWatcher')).getInterface('org.freedesktop.DBus.Properties');
    await until('our item in RegisteredStatusNotifierItems', async () => {
      const items = (await watcher.Get(WATCHER, 'RegisteredStatusNotifierItems')).value as string[];
      return items.some((s) => s === ours || s.startsWith(`${ours}/`)) && items;
    }).catch((err) => { throw new Error(`${err.message}; log: ${log.slice(-3000)}`); });
    expect((await watcher.Get(WATCHER, 'IsStatusNotifierHostRegistered')).value).toBe(true);
    const trayName = await api.GetNameOwner(ours) as string;
    // plasmashell's connection, known by its pid (the process has more than one name on the bus).
    const pids = new Map<string, number>();
    const pidOf = async (name: string) => {
      if (!pids.has(name)) pids.set(name, await api.GetConnectionUnixProcessID(name).catch(() => 0) as number);
      return pids.get(name)!;
    };
    const fromShell = async (path: string, member: string) => {
      for (const c of calls.filter((c) => (c.destination === trayName || c.destination === ours) && c.path === path && c.member === member)) {
        if (await pidOf(c.sender) === shell.pid) return true;
      }
      return false;
    };
    await until('plasmashell\'s GetAll on the item', () => fromShell('/StatusNotifierItem', 'GetAll'))
      .catch((err) => { throw new Error(`${err.message}; calls seen: ${JSON.stringify(calls)}`); });
    await until('plasmashell\'s GetLayout on the menu', () => fromShell('/MenuBar', 'GetLayout'))
      .catch((err) => { throw new Error(`${err.message}; calls seen: ${JSON.stringify(calls)}`); });
  });

  it('shows the green "on" icon in the panel, then the grey "off" one after `autocorrector disable`', async () => {
    const on = await until('the green icon in the panel', () => {
      const px = green(screenshot());
      return px.count >= 40 && px;
    }).catch((err) => { throw new Error(`${err.message}; log: ${log.slice(-3000)}`); });
    expect(on.x).toBeGreaterThan(W / 2); // the System Tray, right of the task manager
    screenshot('kde-enabled.png');

    expect((await cli(dirs, 'disable')).status).toBe(0);
    const off = await until('the grey icon', () => {
      const img = screenshot();
      // Where the green icon was: the grey one (the panel has other greys).
      const g = near(img, GREY, PANEL, on.x - 12, on.x + 12);
      return green(img).count === 0 && g.count >= 40 && g;
    });
    expect(Math.abs(off.x - on.x)).toBeLessThan(4);
    screenshot('kde-disabled.png');
    expect((await cli(dirs, 'enable')).status).toBe(0);
    await until('green again', () => green(screenshot()).count >= 40);
    process.stdout.write(`screenshots in ${OUT}: kde-enabled.png, kde-disabled.png\n`);
  });
});
