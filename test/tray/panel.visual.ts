// A visual check a person can trust: the real tray in a real panel (Debian's
// xfce4-panel with its status tray plugin, which hosts StatusNotifierItems)
// on Xvfb. Saves screenshots for review and asserts the icon's pixels are
// there, in the colour of the daemon's state.
// Needs: apt-get install xvfb xfce4-panel imagemagick xdotool dbus
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, makeDirs, type TestDaemon, type Dirs } from '../daemon/harness.js';
import { startBus, type PrivateBus } from '../support/dbus.js';
import { until } from './until.js';
import { GREEN, GREY, need, startDaemonAndTray } from './hosts.js';

const OUT = process.env.AUTOCORRECTOR_SCREENSHOT_DIR ?? join(tmpdir(), 'autocorrector-tray-visual');
const W = 360, H = 260, PANEL = 32;

// One panel at the top holding only the status tray; written where xfconfd
// reads it, so the panel starts without its first-run dialog.
const PANEL_XML = `<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="${PANEL}"/>
      <property name="icon-size" type="uint" value="24"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="systray"/>
  </property>
</channel>
`;

const HINT = 'apt-get install xvfb xfce4-panel imagemagick xdotool dbus';

/** The screen as RGB bytes, saving it as a PNG too. */
function screenshot(display: string, file: string): Buffer {
  const shot = spawnSync('import', ['-display', display, '-window', 'root', file]);
  if (shot.status !== 0) throw new Error(`import failed: ${shot.stderr}`);
  const raw = spawnSync('convert', [file, '-depth', '8', 'rgb:-'], { maxBuffer: 64 << 20 });
  if (raw.status !== 0) throw new Error(`convert failed: ${raw.stderr}`);
  return raw.stdout;
}

/** Pixels of the panel strip (or of columns x0..x1) whose colour is near `colour` (the icon's disc). */
function near(rgb: Buffer, colour: [number, number, number], x0 = 0, x1 = W): { count: number; x: number; y: number } {
  let count = 0, sx = 0, sy = 0;
  for (let y = 0; y < PANEL; y++) {
    for (let x = Math.max(0, x0); x < Math.min(W, x1); x++) {
      const i = (y * W + x) * 3;
      if (Math.abs(rgb[i] - colour[0]) + Math.abs(rgb[i + 1] - colour[1]) + Math.abs(rgb[i + 2] - colour[2]) < 40) {
        count++; sx += x; sy += y;
      }
    }
  }
  return { count, x: Math.round(sx / Math.max(count, 1)), y: Math.round(sy / Math.max(count, 1)) };
}


describe('the tray icon in xfce4-panel under Xvfb', () => {
  let dirs: Dirs;
  let bus: PrivateBus;
  let xvfb: ChildProcess;
  let panel: ChildProcess;
  let tray: ChildProcess;
  let daemon: TestDaemon;
  let display = '';
  let log = '';

  beforeAll(async () => {
    for (const c of ['Xvfb', 'xfce4-panel', 'import', 'convert', 'xdotool', 'dbus-daemon']) need(c, HINT);
    mkdirSync(OUT, { recursive: true });
    dirs = makeDirs();
    // -displayfd: Xvfb picks a free display and tells us which.
    xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', `${W}x${H}x24`, '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
    display = ':' + (await new Promise<string>((r) => xvfb.stdout!.once('data', (d: Buffer) => r(d.toString().trim()))));
    Object.assign(dirs.env, { DISPLAY: display, XDG_DATA_DIRS: '/usr/local/share:/usr/share' });
    const xfconf = join(dirs.config, 'xfce4', 'xfconf', 'xfce-perchannel-xml');
    mkdirSync(xfconf, { recursive: true });
    writeFileSync(join(xfconf, 'xfce4-panel.xml'), PANEL_XML);
    // Services the bus starts (xfconfd) get the temp HOME and XDG dirs, never the developer's.
    bus = await startBus(dirs.root, dirs.env);
    dirs.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    panel = spawn('xfce4-panel', ['--disable-wm-check'], { env: dirs.env, stdio: ['ignore', 'ignore', 'pipe'] });
    panel.stderr!.setEncoding('utf8').on('data', (d: string) => { log += d; });
    // The panel's status tray plugin owns the watcher name once it is up.
    const client = dbus.sessionBus({ busAddress: bus.address });
    const owner = client.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus').then((o) => o.getInterface('org.freedesktop.DBus'));
    await until('the panel\'s StatusNotifierWatcher', async () => (await owner).NameHasOwner('org.kde.StatusNotifierWatcher'), 30_000)
      .catch((err) => { throw new Error(`${err.message}; xfce4-panel said: ${log}`); });
    client.disconnect();
    ({ daemon, tray } = await startDaemonAndTray(dirs, (d) => { log += d; }));
  });

  afterAll(async () => {
    tray?.kill();
    panel?.kill();
    await daemon?.stop();
    bus?.stop();
    xvfb?.kill();
  });

  it('shows the green "on" icon, then the grey "off" one after `autocorrector disable`', async () => {
    const on = await until('the green icon in the panel', () => {
      const px = near(screenshot(display, join(OUT, 'panel-enabled.png')), GREEN);
      return px.count >= 40 && px;
    }).catch((err) => { throw new Error(`${err.message}; log: ${log}`); });
    expect(on.y).toBeLessThan(PANEL);

    expect((await cli(dirs, 'disable')).status).toBe(0);
    const off = await until('the grey icon', () => {
      const rgb = screenshot(display, join(OUT, 'panel-disabled.png'));
      // Where the green icon was: the grey one (the panel has other greys).
      const g = near(rgb, GREY, on.x - 12, on.x + 12);
      return near(rgb, GREEN).count === 0 && g.count >= 40 && g;
    });
    expect(Math.abs(off.x - on.x)).toBeLessThan(4);
    expect((await cli(dirs, 'enable')).status).toBe(0);
    await until('green again', () => near(screenshot(display, join(OUT, 'panel-enabled.png')), GREEN).count >= 40);

    // The menu, for the README: right click on the icon.
    spawnSync('xdotool', ['mousemove', String(on.x), String(on.y), 'click', '3'], { env: { ...process.env, DISPLAY: display } });
    await new Promise((r) => setTimeout(r, 1500));
    screenshot(display, join(OUT, 'tray-menu.png'));
    process.stdout.write(`screenshots in ${OUT}: panel-enabled.png, panel-disabled.png, tray-menu.png\n`);
  });
});
