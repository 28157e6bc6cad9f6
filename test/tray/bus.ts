// A private D-Bus session bus for a test (never the developer's own), and
// the two services a desktop provides to a tray icon, played with the same
// library the tray uses: the panel's StatusNotifierWatcher and a
// notification server that records what it is asked to show.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import dbus from 'dbus-next';

const { Interface } = dbus.interface;

export interface PrivateBus {
  address: string;
  proc: ChildProcess;
  stop(): void;
}

// The session bus's rules, open to every uid: for a panel run as another user
// than the tray (sway refuses to run as root, and CI runs as root).
const ANY_USER_CONFIG = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <include>/usr/share/dbus-1/session.conf</include>
  <policy context="default"><allow user="*"/></policy>
</busconfig>
`;

/** `env`: what services the bus starts on demand (e.g. xfconfd) see. `anyUser`: other uids may connect. */
export function startBus(dir: string, env: NodeJS.ProcessEnv = process.env, opts: { anyUser?: boolean } = {}): Promise<PrivateBus> {
  let config = ['--session'];
  if (opts.anyUser) {
    writeFileSync(join(dir, 'bus.conf'), ANY_USER_CONFIG);
    config = [`--config-file=${join(dir, 'bus.conf')}`];
  }
  const proc = spawn('dbus-daemon', [...config, '--nofork', '--print-address=1', `--address=unix:path=${dir}/bus`], { stdio: ['ignore', 'pipe', 'ignore'], env });
  return new Promise((resolve, reject) => {
    proc.on('error', (err) => reject(new Error(`cannot start dbus-daemon (apt-get install dbus): ${err.message}`)));
    proc.on('exit', (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
    createInterface({ input: proc.stdout! }).once('line', (address) => resolve({ address: address.trim(), proc, stop: () => proc.kill() }));
  });
}

export class Watcher extends Interface {
  readonly items: string[] = [];
  readonly events = new EventEmitter();
  constructor() { super('org.kde.StatusNotifierWatcher'); }
  get RegisteredStatusNotifierItems(): string[] { return this.items; }
  get IsStatusNotifierHostRegistered(): boolean { return true; }
  get ProtocolVersion(): number { return 0; }
  RegisterStatusNotifierItem(service: string): void {
    this.items.push(service);
    this.events.emit('registered', service);
  }
  RegisterStatusNotifierHost(_service: string): void {}
}
Watcher.configureMembers({
  properties: {
    RegisteredStatusNotifierItems: { signature: 'as', access: 'read' },
    IsStatusNotifierHostRegistered: { signature: 'b', access: 'read' },
    ProtocolVersion: { signature: 'i', access: 'read' },
  },
  methods: { RegisterStatusNotifierItem: { inSignature: 's' }, RegisterStatusNotifierHost: { inSignature: 's' } },
});

export interface Shown { appName: string; replacesId: number; icon: string; summary: string; body: string; timeout: number }

export class NotificationServer extends Interface {
  readonly shown: Shown[] = [];
  readonly events = new EventEmitter();
  private next = 1;
  constructor() { super('org.freedesktop.Notifications'); }
  Notify(appName: string, replacesId: number, icon: string, summary: string, body: string, _actions: string[], _hints: unknown, timeout: number): number {
    const n = { appName, replacesId, icon, summary, body, timeout };
    this.shown.push(n);
    this.events.emit('shown', n);
    return replacesId || this.next++;
  }
  GetCapabilities(): string[] { return ['body']; }
  GetServerInformation(): [string, string, string, string] { return ['test', 'autocorrector', '1', '1.2']; }
  CloseNotification(_id: number): void {}
}
NotificationServer.configureMembers({
  methods: {
    Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
    GetCapabilities: { outSignature: 'as' },
    GetServerInformation: { outSignature: 'ssss' },
    CloseNotification: { inSignature: 'u' },
  },
});

/** A connection owning the watcher's name: what a panel is, to the tray. */
export async function startWatcher(address: string): Promise<{ bus: dbus.MessageBus; watcher: Watcher }> {
  const bus = dbus.sessionBus({ busAddress: address });
  const watcher = new Watcher();
  bus.export('/StatusNotifierWatcher', watcher);
  await bus.requestName('org.kde.StatusNotifierWatcher', dbus.NameFlag.DO_NOT_QUEUE);
  return { bus, watcher };
}

export async function startNotifications(address: string): Promise<{ bus: dbus.MessageBus; server: NotificationServer }> {
  const bus = dbus.sessionBus({ busAddress: address });
  const server = new NotificationServer();
  bus.export('/org/freedesktop/Notifications', server);
  await bus.requestName('org.freedesktop.Notifications', dbus.NameFlag.DO_NOT_QUEUE);
  return { bus, server };
}

/** Resolves with the first `event` whose argument passes `test`, or fails after ms. */
export function next<T>(emitter: EventEmitter, event: string, test: (v: T) => boolean = () => true, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { emitter.off(event, on); reject(new Error(`no ${event} within ${ms} ms`)); }, ms);
    const on = (v: T) => {
      if (!test(v)) return;
      clearTimeout(timer);
      emitter.off(event, on);
      resolve(v);
    };
    emitter.on(event, on);
  });
}
