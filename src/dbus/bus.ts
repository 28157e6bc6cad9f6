// A D-Bus connection for the followers (AT-SPI, logind) with dbus-next's
// low-level messages: no introspection round trips, nothing exported.
import dbus, { type MessageBus } from 'dbus-next';

const { Message } = dbus;

/**
 * dbus-next reaches abstract sockets (the accessibility bus is often on one)
 * only through an optional native module; Node's own sockets reach them by a
 * leading NUL, which dbus-next's `socket=` key passes through as a path.
 */
export function reachableAddress(address: string): string {
  return address.split(';').map((a) => a.replace(/^unix:(.*?)\babstract=/, 'unix:$1socket=\u0000')).join(';');
}

export function connect(address: string): MessageBus {
  return dbus.sessionBus({ busAddress: reachableAddress(address) });
}

/** Connects and waits for the bus's Hello, or rejects (no such bus, refused). */
export function connected(bus: MessageBus, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer from the bus')), timeoutMs);
    const done = (err?: Error) => {
      clearTimeout(timer);
      bus.off('connect', ok);
      bus.off('error', fail);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const fail = (err: Error) => done(err);
    if ((bus as unknown as { name: string | null }).name) return done();
    bus.on('connect', ok);
    bus.on('error', fail);
  });
}

export interface Call {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
}

/** A method call's reply body; rejects with the D-Bus error's text. */
export async function call(bus: MessageBus, c: Call): Promise<unknown[]> {
  const reply = await bus.call(new Message(c));
  return reply?.body ?? [];
}

/** A property's value (unwrapped from its variant). */
export async function getProperty(bus: MessageBus, destination: string, path: string, iface: string, name: string): Promise<unknown> {
  const [v] = await call(bus, {
    destination, path, interface: 'org.freedesktop.DBus.Properties', member: 'Get', signature: 'ss', body: [iface, name],
  });
  return (v as { value: unknown } | undefined)?.value;
}

/** Asks the bus to route matching signals to us (they arrive as 'message'). */
export function addMatch(bus: MessageBus, rule: string): Promise<unknown[]> {
  return call(bus, {
    destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus',
    member: 'AddMatch', signature: 's', body: [rule],
  });
}

/**
 * Calls f once the bus's socket ends (the bus daemon went away). dbus-next's
 * MessageBus forwards only errors, not the end of its stream, so this listens
 * on its private connection; if a release drops that field, f is never called.
 */
export function onClosed(bus: MessageBus, f: () => void): void {
  const conn = (bus as unknown as { _connection?: { on(e: 'end', f: () => void): void } })._connection;
  conn?.on('end', f);
}

/** Closes without throwing (a bus that already went away). */
export function disconnect(bus: MessageBus | null): void {
  try { bus?.disconnect(); } catch { /* gone already */ }
}
