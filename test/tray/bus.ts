// The two services a desktop provides to a tray icon, played on a private
// bus (test/support/dbus.ts) with the same library the tray uses: the
// panel's StatusNotifierWatcher and a notification server that records what
// it is asked to show.
import { EventEmitter } from 'node:events';
import dbus from 'dbus-next';

const { Interface } = dbus.interface;

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
