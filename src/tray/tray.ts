// `autocorrector tray`'s logic: a control-socket client that shows the
// daemon's state as a StatusNotifierItem and turns menu clicks into control
// commands. It never polls: one `subscribe` connection brings the daemon's
// status whenever it changes (and per-correction events while the user wants
// notices), and config.toml is watched; an idle tray does not wake.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { makePrivateDir } from '../files/private-dir.js';
import { dirname, join } from 'node:path';
import dbus, { type MessageBus } from 'dbus-next';
import { loadSettings, settingsPath, type Settings, DEFAULT_SETTINGS } from '../config/settings.js';
import { userCorrectionsPath } from '../config/paths.js';
import { request } from '../control/client.js';
import type { Command, DaemonEvent, SubscribeData } from '../control/protocol.js';
import { Subscription } from '../control/subscription.js';
import { watchConfigDir, type ConfigWatcher } from '../lists/watch.js';
import { CorrectionNotices } from './correction-notices.js';
import type { StatsData, StatusData } from '../control/replies.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { withEditLock } from '../files/lock.js';
import { ICON_NAMES, writeIconTheme, type TrayState } from './icons.js';
import { DbusMenu, ITEM_PATH, MENU_PATH, StatusNotifierItem, type MenuEntry } from './item.js';

export const WATCHER = 'org.kde.StatusNotifierWatcher';
const NOTIFICATIONS = 'org.freedesktop.Notifications';

/** Why a focus rule pauses corrections where the user types, in the tooltip's words; null when none does. */
export function pauseReason(rule: string | undefined): string | null {
  switch (rule) {
    case 'password': return 'Paused: a password field has the focus (always).';
    case 'pending': return 'Paused: finding out what has the focus.';
    case 'terminal': return 'Paused: a terminal has the focus (terminals = true in config.toml corrects there).';
    case 'app-off': return 'Paused: this application is on [apps] off in config.toml.';
    case 'unknown-off': return 'Paused: nothing says what has the focus (unknown_focus = "off").';
    default: return null;
  }
}

export const MENU = { enabled: 1, notifications: 2, stats: 4, edit: 5, reload: 6, quit: 8, notifyCorrections: 9, showFix: 10 } as const;

// config.toml keys the menu's checkboxes write.
type MenuSetting = 'notifications' | 'notify_corrections' | 'notify_show_fix';

/** Per-correction notices: at most one per this many ms, summing what came meanwhile. */
export const CORRECTION_NOTE_MS = 10_000;

// How soon a lost subscription is tried again, at first (the daemon restarted;
// its new socket is noticed at once anyway); the wait doubles up to a minute.
const RESUBSCRIBE_MS = 500;
// How long start() waits for the daemon's first answer before showing the icon.
const FIRST_STATE_MS = 1000;

export interface TrayOptions {
  bus: MessageBus;
  socket: string;
  configDir: string;
  /** Where the icon theme's PNGs are written (IconThemePath). */
  iconDir: string;
  /** Per-correction notices: at most one per this long (default CORRECTION_NOTE_MS). */
  noteIntervalMs?: number;
  log: (line: string) => void;
  /** Opens a file in the user's editor (xdg-open by default). */
  open?: (path: string) => void;
  quit: () => void;
}

/** `text` with `key = value` set, its comment and every other line kept. */
export function setTomlBoolean(text: string, key: string, value: boolean): string {
  const lines = text.split('\n');
  const re = new RegExp(`^(\\s*${key}\\s*=\\s*)(true|false)(.*)$`);
  const i = lines.findIndex((l) => re.test(l));
  if (i >= 0) {
    lines[i] = lines[i].replace(re, (_m, head: string, _old: string, tail: string) => `${head}${value}${tail}`);
    return lines.join('\n');
  }
  // New top-level keys must come before the first [table], or they would join it.
  const table = lines.findIndex((l) => /^\s*\[/.test(l));
  const line = `${key} = ${value}`;
  if (table >= 0) {
    lines.splice(table, 0, line);
    return lines.join('\n');
  }
  const body = text === '' || text.endsWith('\n') ? text : text + '\n';
  return `${body}${line}\n`;
}

function sum(by: Record<string, number>): number {
  return Object.values(by).reduce((a, b) => a + b, 0);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export class Tray {
  readonly busName = `org.kde.StatusNotifierItem-${process.pid}-1`;
  readonly item: StatusNotifierItem;
  readonly menu: DbusMenu;
  private status: StatusData | null = null;
  private unreachable = '';
  private stats: StatsData | null = null;
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private notifyId = 0;
  private readonly notices: CorrectionNotices;
  private subscription: Subscription | null = null;
  /** Whether the subscription asks for correction events too. */
  private withCorrections = false;
  /** The daemon pushes its status (an older daemon does not: then it is asked after each command). */
  private pushed = false;
  private configWatch: ConfigWatcher | null = null;
  private firstAnswer: (() => void) | null = null;
  private lastRefusal = '';
  private stopped = false;

  constructor(private readonly opts: TrayOptions) {
    writeIconTheme(opts.iconDir);
    this.item = new StatusNotifierItem(opts.iconDir, () => void this.run('toggle'));
    this.menu = new DbusMenu((id) => void this.click(id), () => void this.refreshStats());
    this.notices = new CorrectionNotices({
      intervalMs: opts.noteIntervalMs ?? CORRECTION_NOTE_MS,
      show: (n) => void this.notify(n.summary, n.body, 'enabled'),
    });
  }

  async start(): Promise<void> {
    const { bus } = this.opts;
    bus.export(ITEM_PATH, this.item);
    bus.export(MENU_PATH, this.menu);
    await bus.requestName(this.busName, dbus.NameFlag.DO_NOT_QUEUE);
    // A panel that restarts forgets its items: register again with the new one.
    const busObj = await bus.getProxyObject('org.freedesktop.DBus', '/org/freedesktop/DBus');
    busObj.getInterface('org.freedesktop.DBus').on('NameOwnerChanged', (name: string, _old: string, owner: string) => {
      if (name === WATCHER && owner !== '') void this.register();
    });
    this.loadSettings();
    // Made if missing, so that it is watched rather than looked for again and again.
    try { makePrivateDir(this.opts.configDir); } catch { /* watched once it exists */ }
    this.configWatch = watchConfigDir(this.opts.configDir, (files) => {
      if (files.has('config.toml')) this.settingsChanged();
    }, { onError: this.opts.log });
    const first = new Promise<void>((resolve) => {
      this.firstAnswer = resolve;
      setTimeout(resolve, FIRST_STATE_MS).unref();
    });
    this.follow();
    await first;
    this.show();
    await this.register();
  }

  stop(): void {
    this.stopped = true;
    this.configWatch?.close();
    this.subscription?.close();
    this.notices.reset();
  }

  async register(): Promise<boolean> {
    try {
      await this.call(WATCHER, '/StatusNotifierWatcher', WATCHER, 'RegisterStatusNotifierItem', 's', [this.busName]);
      this.opts.log('registered with the StatusNotifierWatcher');
      return true;
    } catch (err) {
      this.opts.log(`no StatusNotifierWatcher yet (${(err as Error).message}); the icon appears when a panel starts`);
      return false;
    }
  }

  private call(destination: string, path: string, iface: string, member: string, signature: string, body: unknown[]): Promise<dbus.Message | null> {
    return this.opts.bus.call(new dbus.Message({ destination, path, interface: iface, member, signature, body }));
  }

  private loadSettings(): void {
    this.settings = loadSettings(this.opts.configDir, this.settings).settings;
  }

  /** config.toml changed (the menu, or an editor): the view, and whether correction events are wanted. */
  private settingsChanged(): void {
    if (this.stopped) return;
    this.loadSettings();
    this.follow();
    this.show();
  }

  /** A status from the daemon (null: it is not running); says so when it was switched on or off. */
  private setStatus(status: StatusData | null): void {
    const before = this.status;
    this.status = status;
    if (before && status && before.enabled !== status.enabled && this.settings.notifications) {
      void this.notify(status.enabled ? 'Autocorrect on' : 'Autocorrect off', '', status.enabled ? 'enabled' : 'disabled');
    }
    this.show();
  }

  /**
   * Holds the one subscription: the daemon's status always, its correction
   * events too while per-correction notices are wanted (another subscription
   * replaces it when that changes).
   */
  private follow(): void {
    const corrections = this.settings.notifications && this.settings.notifyCorrections;
    if (this.stopped || (this.subscription && corrections === this.withCorrections)) return;
    this.subscription?.close();
    if (!corrections) this.notices.reset();
    this.withCorrections = corrections;
    this.subscription = new Subscription({
      socket: this.opts.socket,
      args: { state: true, corrections },
      retryMs: RESUBSCRIBE_MS,
      onEvent: (e) => this.onEvent(e),
      onSubscribed: (d) => this.onSubscribed(d),
      onLost: () => {
        this.answered();
        if (this.status !== null) this.setStatus(null);
      },
      onRefused: (error) => {
        this.unreachable = error;
        if (error !== this.lastRefusal) this.opts.log(`the daemon refused to send its state: ${error} (restart it after an upgrade)`);
        this.lastRefusal = error;
      },
    });
  }

  private onSubscribed(d: SubscribeData): void {
    this.lastRefusal = this.unreachable = '';
    this.pushed = d.events.includes('state');
    this.answered();
    if (d.status) this.setStatus(d.status);
    else if (!this.pushed) void this.refreshStatus(); // a daemon from before state events
  }

  private onEvent(e: DaemonEvent): void {
    if (e.event === 'state') this.setStatus(e.status);
    // PRIVACY: an event's words go into a notice only, never to the log.
    else if (this.withCorrections) this.notices.add(e, this.settings.notifyShowFix);
  }

  private answered(): void {
    this.firstAnswer?.();
    this.firstAnswer = null;
  }

  /** Asks the status once (a daemon that does not push it). */
  private async refreshStatus(): Promise<void> {
    this.setStatus(await this.ask<StatusData>('status'));
  }

  /** The daemon's answer, or null when it is not running or not answering. */
  private async ask<T>(cmd: Command): Promise<T | null> {
    try {
      const r = await request(cmd, {}, { socket: this.opts.socket, timeoutMs: 1000 });
      if (!r.ok) {
        this.opts.log(`the daemon refused '${cmd}': ${r.error}`);
        return null;
      }
      this.unreachable = '';
      return r.data as T;
    } catch (err) {
      this.unreachable = (err as Error).message;
      return null;
    }
  }

  private async refreshStats(): Promise<void> {
    if (!this.status) return;
    this.stats = await this.ask<StatsData>('stats');
    this.show();
  }

  private state(): TrayState {
    return this.status === null ? 'stopped' : this.status.enabled ? 'enabled' : 'disabled';
  }

  private show(): void {
    const s = this.status;
    if (s === null) {
      this.item.update({
        state: 'stopped',
        title: 'Autocorrector is not running',
        body: this.unreachable && !this.unreachable.startsWith('nothing listens')
          ? this.unreachable
          : 'start it with `systemctl --user start autocorrector` or `autocorrector run`',
      });
    } else {
      const problems = s.problems.length > 0 ? ['Problems (the last good list stays in force):', ...s.problems] : [];
      const paused = s.enabled ? pauseReason(s.focus?.rule) : null;
      const body = [...(paused ? [paused] : []), ...problems].join('\n');
      const title = !s.enabled ? 'Autocorrect off' : paused ? 'Autocorrect paused here' : 'Autocorrect on';
      this.item.update({ state: this.state(), title, body });
    }
    this.menu.set(this.entries());
  }

  private entries(): MenuEntry[] {
    const s = this.status;
    const running = s !== null;
    const statLines: MenuEntry[] = [];
    if (this.stats) {
      const line = (label: string, c: StatsData['session']) =>
        `${label}: ${plural(sum(c.corrections), 'correction')}, ${sum(c.reverted)} undone, ${plural(c.wordsSeen, 'word')}`;
      statLines.push({ id: 41, label: line('This session', this.stats.session), enabled: false });
      statLines.push({ id: 42, label: line(`Since ${this.stats.since.slice(0, 10)}`, this.stats.total), enabled: false });
    } else {
      statLines.push({ id: 41, label: running ? 'Reading the counts…' : 'Counts need the daemon', enabled: false });
    }
    return [
      { id: MENU.enabled, label: running ? 'Enabled' : 'Enabled (daemon not running)', checked: s?.enabled ?? false, enabled: running },
      { id: MENU.notifications, label: 'Notifications', checked: this.settings.notifications },
      { id: MENU.notifyCorrections, label: 'Notify each correction', checked: this.settings.notifyCorrections, enabled: this.settings.notifications },
      {
        id: MENU.showFix, label: 'Show the fix in them', checked: this.settings.notifyShowFix,
        enabled: this.settings.notifications && this.settings.notifyCorrections,
      },
      { id: 3, separator: true },
      { id: MENU.stats, label: 'Statistics', enabled: running, children: statLines },
      { id: MENU.edit, label: 'Edit corrections' },
      { id: MENU.reload, label: 'Reload', enabled: running },
      { id: 7, separator: true },
      { id: MENU.quit, label: 'Quit tray' },
    ];
  }

  private async run(cmd: 'toggle' | 'reload'): Promise<void> {
    await this.ask(cmd);
    // The new status comes as an event; an older daemon is asked.
    if (!this.pushed) await this.refreshStatus();
  }

  async click(id: number): Promise<void> {
    switch (id) {
      case MENU.enabled: return this.run('toggle');
      case MENU.notifications: return this.setSetting('notifications', !this.settings.notifications);
      case MENU.notifyCorrections: return this.setSetting('notify_corrections', !this.settings.notifyCorrections);
      case MENU.showFix: return this.setSetting('notify_show_fix', !this.settings.notifyShowFix);
      case MENU.edit: return this.editCorrections();
      case MENU.reload: return this.run('reload');
      case MENU.quit: return this.opts.quit();
    }
  }

  /** Saves a checkbox in config.toml (the daemon follows notify_show_fix from there). */
  private async setSetting(key: MenuSetting, on: boolean): Promise<void> {
    const file = settingsPath(this.opts.configDir);
    try {
      makePrivateDir(this.opts.configDir);
      await withEditLock(this.opts.configDir, () => {
        const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
        writeFileAtomic(file, setTomlBoolean(text, key, on));
      });
    } catch (err) {
      this.opts.log(`cannot save ${key} = ${on}: ${(err as Error).message}`);
      return;
    }
    this.opts.log(`${key} = ${on} (${file})`);
    this.settingsChanged(); // at once; the watcher's own notice changes nothing more
    if (key === 'notifications' && on) void this.notify('Notifications on', 'autocorrector will tell you when it is switched on or off', this.state());
  }

  private editCorrections(): void {
    const file = this.status?.userFile ?? userCorrectionsPath(this.opts.configDir);
    try {
      if (!existsSync(file)) {
        makePrivateDir(dirname(file));
        writeFileAtomic(file, '# Your corrections, one per line: typo = "fix"\n');
      }
    } catch (err) {
      this.opts.log(`cannot create ${file}: ${(err as Error).message}`);
      return;
    }
    (this.opts.open ?? xdgOpen)(file);
  }

  /** A desktop notification; each replaces the last so they never pile up. */
  async notify(summary: string, body: string, icon: TrayState): Promise<void> {
    const iconFile = `file://${join(this.opts.iconDir, 'hicolor', '48x48', 'apps', `${ICON_NAMES[icon]}.png`)}`;
    try {
      const reply = await this.call(NOTIFICATIONS, '/org/freedesktop/Notifications', NOTIFICATIONS, 'Notify', 'susssasa{sv}i',
        ['Autocorrector', this.notifyId, iconFile, summary, body, [], {}, 4000]);
      if (reply && typeof reply.body[0] === 'number') this.notifyId = reply.body[0];
    } catch (err) {
      this.opts.log(`cannot show a notification: ${(err as Error).message}`);
    }
  }
}

function xdgOpen(path: string): void {
  const p = spawn('xdg-open', [path], { detached: true, stdio: 'ignore' });
  p.on('error', (err) => process.stderr.write(`autocorrector tray: cannot run xdg-open: ${err.message}\n`));
  p.unref();
}
