// The tray end to end: the real built CLI (`autocorrector tray`) on a private
// dbus-daemon, the real daemon behind its control socket, and this test as
// the panel (StatusNotifierWatcher) and the notification server.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import dbus from 'dbus-next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import { request } from '../../src/control/client.js';
import { encodeRequest } from '../../src/control/protocol.js';
import { MENU } from '../../src/tray/tray.js';
import { CLI, cli, makeDirs, TestDaemon, type Dirs } from '../daemon/harness.js';
import { startBus, type PrivateBus } from '../support/dbus.js';
import { next, startNotifications, startWatcher, type NotificationServer, type Shown, type Watcher } from './bus.js';

async function until<T>(what: string, f: () => Promise<T | undefined | false>, ms = 3000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function daemonStatus(dirs: Dirs): Promise<{ enabled: boolean; subscribers: number }> {
  const r = await request('status', {}, { socket: dirs.socket });
  if (!r.ok) throw new Error(r.error);
  return r.data as { enabled: boolean; subscribers: number };
}

async function enabled(dirs: Dirs): Promise<boolean> {
  return (await daemonStatus(dirs)).enabled;
}

/** Whether the daemon puts words in its events now (it follows config.toml), from a fresh subscription's reply. */
async function daemonShowsFix(dirs: Dirs): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(dirs.socket);
    sock.setEncoding('utf8');
    sock.on('connect', () => sock.write(encodeRequest('subscribe')));
    sock.once('data', (d: string) => {
      sock.destroy();
      resolve((JSON.parse(d.split('\n')[0]) as { data: { showFix: boolean } }).data.showFix);
    });
    sock.on('error', reject);
  });
}

// The tray's rate limit in these tests (AUTOCORRECTOR_TEST_NOTE_MS): one notice per 2 s.
const NOTE_MS = 2000;

describe('autocorrector tray on a private session bus', () => {
  let dirs: Dirs;
  let bus: PrivateBus;
  let daemon: TestDaemon;
  let tray: ChildProcessWithoutNullStreams;
  let trayErr = '';
  let panel: { bus: dbus.MessageBus; watcher: Watcher };
  let notes: { bus: dbus.MessageBus; server: NotificationServer };
  let client: dbus.MessageBus;
  let service: string;
  let item: dbus.ClientInterface;
  let itemProps: dbus.ClientInterface;
  let menu: dbus.ClientInterface;
  const signals = new EventEmitter();

  const prop = async (name: string) => ((await itemProps.Get('org.kde.StatusNotifierItem', name)) as dbus.Variant).value;
  /** The 22 px pixmap's disc edge (ARGB32): green when on, grey when off, red when the daemon is gone. */
  const discEdge = async () => {
    const [, , argb] = ((await prop('IconPixmap')) as [number, number, Buffer][]).find(([size]) => size === 22)!;
    const i = (11 * 22 + 2) * 4;
    const [a, r, g, b] = [argb[i], argb[i + 1], argb[i + 2], argb[i + 3]];
    return { a, grey: Math.max(r, g, b) - Math.min(r, g, b) < 8 && r > 60 && r < 200, red: r > 150 && r > 2 * g && r > 2 * b };
  };
  const labels = async (): Promise<Record<string, unknown>[]> => {
    const [, layout] = await menu.GetLayout(0, -1, []);
    return (layout[2] as dbus.Variant[]).map((v) => Object.fromEntries(Object.entries(v.value[1] as Record<string, dbus.Variant>).map(([k, x]) => [k, x.value])));
  };

  beforeAll(async () => {
    dirs = makeDirs();
    bus = await startBus(dirs.root);
    dirs.env.DBUS_SESSION_BUS_ADDRESS = bus.address;
    // A stand-in for xdg-open that records what it was asked to open.
    mkdirSync(join(dirs.root, 'bin'));
    writeFileSync(join(dirs.root, 'bin', 'xdg-open'), `#!/bin/sh\necho "$1" >> "${dirs.root}/opened"\n`, { mode: 0o755 });
    dirs.env.PATH = `${join(dirs.root, 'bin')}:${dirs.env.PATH}`;
    mkdirSync(join(dirs.config, 'autocorrector'), { recursive: true });
    writeFileSync(join(dirs.config, 'autocorrector', 'config.toml'), '# my settings\nmode = "grab" # keep grabbing\nnotifications = false # quiet please\n');
    dirs.env.AUTOCORRECTOR_TEST_NOTE_MS = String(NOTE_MS);
    panel = await startWatcher(bus.address);
    notes = await startNotifications(bus.address);
    daemon = await TestDaemon.start(dirs);
    const registered = next<string>(panel.watcher.events, 'registered', () => true, 10_000);
    tray = spawn(process.execPath, [CLI, 'tray'], { env: dirs.env });
    tray.stderr.setEncoding('utf8').on('data', (d: string) => { trayErr += d; });
    service = await registered.catch((err) => { throw new Error(`${err.message}; tray said: ${trayErr}`); });
    client = dbus.sessionBus({ busAddress: bus.address });
    const obj = await client.getProxyObject(service, '/StatusNotifierItem');
    item = obj.getInterface('org.kde.StatusNotifierItem');
    itemProps = obj.getInterface('org.freedesktop.DBus.Properties');
    for (const s of ['NewIcon', 'NewStatus', 'NewToolTip']) item.on(s, (...args: unknown[]) => signals.emit(s, ...args));
    menu = (await client.getProxyObject(service, '/MenuBar')).getInterface('com.canonical.dbusmenu');
  }, 30_000);

  afterAll(async () => {
    tray?.kill();
    await daemon?.stop();
    client?.disconnect();
    panel?.bus.disconnect();
    notes?.bus.disconnect();
    bus?.stop();
  });

  it('registers with the watcher under its own bus name', () => {
    expect(service).toBe(`org.kde.StatusNotifierItem-${tray.pid}-1`);
    expect(panel.watcher.items).toEqual([service]);
  });

  it('shows the enabled daemon: properties, pixmap fallback, tooltip', async () => {
    expect(await prop('Id')).toBe('autocorrector');
    expect(await prop('Category')).toBe('ApplicationStatus');
    expect(await prop('Status')).toBe('Active');
    expect(await prop('IconName')).toBe('autocorrector-enabled');
    expect(await prop('Menu')).toBe('/MenuBar');
    expect(await prop('ItemIsMenu')).toBe(false);
    const themePath = (await prop('IconThemePath')) as string;
    expect(readFileSync(join(themePath, 'hicolor', '22x22', 'apps', 'autocorrector-enabled.png')).subarray(1, 4).toString()).toBe('PNG');
    // Plasma 5 uses IconThemePath only in the form ".../<app>/icons"; GNOME's AppIndicator
    // extension searches only that path, so the theme needs its own index (or root-level icons).
    expect(themePath).toBe(join(dirs.runtime, 'autocorrector', 'icons'));
    const index = readFileSync(join(themePath, 'hicolor', 'index.theme'), 'utf8');
    expect(index).toMatch(/^\[Icon Theme\]\n/);
    expect(index).toMatch(/^Directories=.*\b22x22\/apps\b/m);
    expect(index).toContain('[22x22/apps]\nSize=22\n');
    expect(readFileSync(join(themePath, 'autocorrector-enabled.png')).subarray(1, 4).toString()).toBe('PNG');
    const pixmaps = (await prop('IconPixmap')) as [number, number, Buffer][];
    const [w, h, argb] = pixmaps.find(([s]) => s === 22)!;
    expect([w, h, argb.length]).toEqual([22, 22, 22 * 22 * 4]);
    // ARGB32: the corner is transparent, the disc's edge opaque green.
    expect(argb[0]).toBe(0);
    const edge = (11 * 22 + 2) * 4;
    expect([argb[edge], argb[edge + 2] > argb[edge + 1]]).toEqual([255, true]);
    const [, , title, body] = (await prop('ToolTip')) as [string, unknown, string, string];
    expect([title, body]).toEqual(['Autocorrect on', '']);
  });

  it('menu layout: Enabled, Notifications (and its two options), Statistics, Edit corrections, Reload, Quit tray', async () => {
    const items = await labels();
    expect(items.filter((p) => p.type !== 'separator').map((p) => p.label)).toEqual(
      ['Enabled', 'Notifications', 'Notify each correction', 'Show the fix in them', 'Statistics', 'Edit corrections', 'Reload', 'Quit tray']);
    expect(items[0]).toMatchObject({ 'toggle-type': 'checkmark', 'toggle-state': 1 });
    expect(items[1]).toMatchObject({ 'toggle-type': 'checkmark', 'toggle-state': 0 });
    // Greyed out until notifications are on.
    expect(items[2]).toMatchObject({ 'toggle-type': 'checkmark', 'toggle-state': 0, enabled: false });
    expect(items[3]).toMatchObject({ 'toggle-type': 'checkmark', 'toggle-state': 0, enabled: false });
    expect(items[5]).toMatchObject({ label: 'Statistics', 'children-display': 'submenu' });
  });

  it('a menu click on Enabled turns the daemon off; the icon follows', async () => {
    const newIcon = next(signals, 'NewIcon');
    await menu.Event(1, 'clicked', new dbus.Variant('s', ''), 0);
    expect(await until('daemon off', async () => !(await enabled(dirs)))).toBe(true);
    await newIcon;
    expect(await prop('IconName')).toBe('autocorrector-disabled');
    expect(await discEdge()).toMatchObject({ a: 255, grey: true });
    expect(await prop('Status')).toBe('Active');
    expect((await labels())[0]).toMatchObject({ 'toggle-state': 0 });
  });

  it('a CLI toggle shows (the daemon pushes its state to the tray); left click (Activate) toggles', async () => {
    // The wait below is only a generous timeout: the CLI's start and a loaded machine are no part of it.
    const newIcon = next(signals, 'NewIcon', () => true, 10_000);
    expect((await cli(dirs, 'toggle')).stdout).toBe('corrections on\n');
    await newIcon;
    expect(await prop('IconName')).toBe('autocorrector-enabled');

    await item.Activate(0, 0);
    expect(await until('daemon off', async () => !(await enabled(dirs)))).toBe(true);
    await item.Activate(0, 0);
    expect(await until('daemon on', async () => await enabled(dirs))).toBe(true);
  });

  it('Statistics shows the daemon\'s counts, never words', async () => {
    await daemon.typed('teh ');
    await menu.AboutToShow(0);
    await until('counts', async () => {
      const [, stats] = await menu.GetLayout(4, 1, []);
      const lines = (stats[2] as dbus.Variant[]).map((v) => (v.value[1] as Record<string, dbus.Variant>).label.value as string);
      return lines[0]?.startsWith('This session: 1 correction, 0 undone') ? lines : undefined;
    });
    const [, stats] = await menu.GetLayout(4, 1, []);
    expect(JSON.stringify(stats)).not.toMatch(/teh|the\b/);
  });

  it('Notifications: the menu saves it in config.toml, comments kept; a toggle is announced', async () => {
    const confirm = next<Shown>(notes.server.events, 'shown', (n) => n.summary === 'Notifications on');
    await menu.Event(2, 'clicked', new dbus.Variant('s', ''), 0);
    await confirm;
    const file = join(dirs.config, 'autocorrector', 'config.toml');
    expect(readFileSync(file, 'utf8')).toBe('# my settings\nmode = "grab" # keep grabbing\nnotifications = true # quiet please\n');
    expect((await labels())[1]).toMatchObject({ 'toggle-state': 1 });

    const off = next<Shown>(notes.server.events, 'shown', (n) => n.summary === 'Autocorrect off');
    await cli(dirs, 'disable');
    const n = await off;
    expect(n.appName).toBe('Autocorrector');
    expect(n.icon).toMatch(/^file:\/\/.*autocorrector-disabled\.png$/);
    const on = next<Shown>(notes.server.events, 'shown', (x) => x.summary === 'Autocorrect on');
    await cli(dirs, 'enable');
    expect((await on).replacesId).toBeGreaterThan(0); // replaces the last one, no pile-up
  });

  it('notify_corrections: a notice per correction from the daemon\'s events, counts only, rate-limited', async () => {
    expect((await daemonStatus(dirs)).subscribers).toBe(0); // no subscription until asked for
    await menu.Event(9, 'clicked', new dbus.Variant('s', ''), 0);
    const file = join(dirs.config, 'autocorrector', 'config.toml');
    expect(readFileSync(file, 'utf8')).toContain('notify_corrections = true');
    await until('the tray subscribed', async () => (await daemonStatus(dirs)).subscribers === 1);
    const showFix = (await labels())[3];
    expect([showFix['toggle-state'], showFix.enabled]).toEqual([0, undefined]); // no "enabled": false any more

    const notices: Shown[] = [];
    const collect = (n: Shown) => { if (/correction/.test(n.summary)) notices.push(n); };
    notes.server.events.on('shown', collect);
    // Two corrections at once: the first shows now, the second when the interval is over.
    expect(await daemon.typed('adn recieve ')).toBe('and receive ');
    await until('two notices', async () => notices.length >= 2, NOTE_MS + 3000);
    notes.server.events.off('shown', collect);
    expect(notices.map((n) => n.summary)).toEqual(['1 correction', '1 correction']);
    expect(notices[0].body).toBe('autocorrect fixed what you typed (the default list)');
    expect(JSON.stringify(notices)).not.toMatch(/adn|recieve|receive|\band\b|→/);
  });

  it('notify_show_fix: the menu opts in, the daemon follows; "teh → the", then the rest coalesced', async () => {
    await menu.Event(10, 'clicked', new dbus.Variant('s', ''), 0);
    expect(readFileSync(join(dirs.config, 'autocorrector', 'config.toml'), 'utf8')).toContain('notify_show_fix = true');
    await until('the daemon sends words', () => daemonShowsFix(dirs), 5000);
    await new Promise((r) => setTimeout(r, NOTE_MS + 100)); // the last test's notice's interval is over

    const notices: Shown[] = [];
    const collect = (n: Shown) => { if (/correction|→/.test(n.summary)) notices.push(n); };
    notes.server.events.on('shown', collect);
    expect(await daemon.typed('teh adn recieve ')).toBe('the and receive ');
    await until('two notices', async () => notices.length >= 2, NOTE_MS + 3000);
    notes.server.events.off('shown', collect);
    expect(notices.map((n) => [n.summary, n.body])).toEqual([
      ['teh → the', 'from the default list'],
      ['2 corrections', 'adn → and, recieve → receive'],
    ]);
    expect(notices[1].replacesId).toBeGreaterThan(0); // one bubble, replaced
  });

  it('Edit corrections opens corrections.toml with xdg-open, creating it if missing', async () => {
    const file = join(dirs.config, 'autocorrector', 'corrections.toml');
    expect(existsSync(file)).toBe(false);
    await menu.Event(5, 'clicked', new dbus.Variant('s', ''), 0);
    const opened = await until('xdg-open', async () => existsSync(join(dirs.root, 'opened')) && readFileSync(join(dirs.root, 'opened'), 'utf8'));
    expect(opened).toBe(`${file}\n`);
    expect(readFileSync(file, 'utf8')).toMatch(/^# /);
  });

  it('a broken corrections file shows in the tooltip with its file:line', async () => {
    const file = join(dirs.config, 'autocorrector', 'corrections.toml');
    writeFileSync(file, 'teh = "the"\nbroken line here\n');
    await cli(dirs, 'reload');
    const body = await until('tooltip problem', async () => {
      const [, , , b] = (await prop('ToolTip')) as [string, unknown, string, string];
      return b.includes(`${file}:2`) ? b : undefined;
    });
    expect(body).toContain('Problems');
    writeFileSync(file, 'teh = "the"\n');
    await cli(dirs, 'reload');
  });

  it('Reload makes the daemon read its lists again (a change the watcher cannot see)', async () => {
    // corrections.toml as a link to a file elsewhere: writing that file makes no event in the config dir.
    const file = join(dirs.config, 'autocorrector', 'corrections.toml');
    const target = join(dirs.root, 'my-corrections.toml');
    writeFileSync(target, 'teh = "the"\nadn = "and"\n');
    rmSync(file, { force: true });
    symlinkSync(target, file);
    // The watcher reloads for the link itself (two entries now); after that it has nothing pending.
    await until('the daemon read the link', async () => ((await daemonStatus(dirs)) as unknown as { lists: { user: number } }).lists.user === 2, 5000);
    const settle = () => new Promise((r) => setTimeout(r, 1000)); // above the watcher's longest wait (600 ms)
    await settle();
    writeFileSync(target, 'teh = "the"\nbroken line here\n');
    const problem = async () => ((await prop('ToolTip')) as [string, unknown, string, string])[3].includes(`${file}:2`);
    await settle();
    expect(await problem()).toBe(false);
    await menu.Event(MENU.reload, 'clicked', new dbus.Variant('s', ''), 0);
    expect(await until('the problem after Reload', problem)).toBe(true);
    writeFileSync(target, 'teh = "the"\n');
    await menu.Event(MENU.reload, 'clicked', new dbus.Variant('s', ''), 0);
    expect(await until('no problem after Reload', async () => !(await problem()))).toBe(true);
  });

  it('the daemon stopping asks for attention; its restart is picked up', async () => {
    const status = next<string>(signals, 'NewStatus', (s) => s === 'NeedsAttention', 3000);
    await daemon.stop();
    await status;
    expect(await prop('IconName')).toBe('autocorrector-stopped');
    expect(await discEdge()).toMatchObject({ a: 255, red: true });
    expect(((await prop('ToolTip')) as string[])[2]).toBe('Autocorrector is not running');
    expect((await labels())[0]).toMatchObject({ enabled: false });

    const back = next<string>(signals, 'NewStatus', (s) => s === 'Active', 5000);
    daemon = await TestDaemon.start(dirs);
    await back;
    expect(await prop('IconName')).toBe('autocorrector-enabled');

    // The subscription for notices comes back by itself too.
    await until('the tray subscribed again', async () => (await daemonStatus(dirs)).subscribers === 1, 5000);
    const shown = next<Shown>(notes.server.events, 'shown', (n) => n.summary === 'teh → the', NOTE_MS + 3000);
    await daemon.typed('teh ');
    await shown;
  });

  it('registers again when the watcher (the panel) restarts', async () => {
    panel.bus.disconnect();
    await new Promise((r) => setTimeout(r, 200));
    const restarted = await startWatcher(bus.address);
    panel = restarted;
    // A fresh watcher knows nothing: an item in it came from NameOwnerChanged.
    expect(await until('re-registration', async () => restarted.watcher.items.length > 0 && restarted.watcher.items)).toEqual([service]);
  });

  it('Quit tray ends the process with status 0', async () => {
    const exited = new Promise<number | null>((r) => tray.on('exit', (code) => r(code)));
    await menu.Event(8, 'clicked', new dbus.Variant('s', ''), 0).catch(() => { /* it may leave before replying */ });
    expect(await exited).toBe(0);
    expect(trayErr).not.toMatch(/teh|adn|recieve/);
  });
});

describe('autocorrector tray without a desktop session', () => {
  it('no session bus: one line, exit 1', async () => {
    const dirs = makeDirs();
    delete dirs.env.DBUS_SESSION_BUS_ADDRESS;
    const r = await cli(dirs, 'tray');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^autocorrector: no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set\): .*\n$/);
  });

  it('a session bus that is not there: one line, exit 1', async () => {
    const dirs = makeDirs();
    dirs.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${dirs.root}/no-bus`;
    const r = await cli(dirs, 'tray');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^autocorrector: cannot connect to the D-Bus session bus at unix:path=.*no-bus: .*\n$/);
  });
});
