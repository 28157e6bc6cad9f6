// Follows the login session the daemon belongs to (logind on the system bus):
// with fast user switching, the session that switched away must let go of the
// keyboards and read nothing until it is in front again.
import type { MessageBus } from 'dbus-next';
import { addMatch, call, connect, connected, disconnect, getProperty, onClosed } from '../dbus/bus.js';

const LOGIN1 = 'org.freedesktop.login1';
const MANAGER = '/org/freedesktop/login1';

export function systemBusAddress(env: NodeJS.ProcessEnv = process.env): string {
  return env.DBUS_SYSTEM_BUS_ADDRESS || 'unix:path=/run/dbus/system_bus_socket';
}

export interface SessionFollower {
  /** logind's session id. */
  readonly id: string;
  readonly active: boolean;
  stop(): void;
}

export interface SessionOptions {
  /** The session came to the front (true) or left it (false). */
  onActive(active: boolean): void;
  /** The system bus or logind went away: nothing follows the session any more. */
  onLost?(why: string): void;
  env?: NodeJS.ProcessEnv;
}

export class SessionUnavailable extends Error {}

/**
 * Which session is ours: the one the environment names (a graphical login
 * sets XDG_SESSION_ID), else the one this process runs in, else the user's
 * display session (a systemd user service runs outside every session).
 */
async function findSession(bus: MessageBus, env: NodeJS.ProcessEnv): Promise<string> {
  const manager = (member: string, signature: string, body: unknown[]) =>
    call(bus, { destination: LOGIN1, path: MANAGER, interface: 'org.freedesktop.login1.Manager', member, signature, body });
  if (env.XDG_SESSION_ID) {
    try { return (await manager('GetSession', 's', [env.XDG_SESSION_ID]))[0] as string; } catch { /* a stale id: look further */ }
  }
  try { return (await manager('GetSessionByPID', 'u', [process.pid]))[0] as string; } catch { /* not in a session */ }
  const [user] = await manager('GetUser', 'u', [process.getuid?.() ?? 0]);
  const display = await getProperty(bus, LOGIN1, user as string, 'org.freedesktop.login1.User', 'Display') as [string, string] | undefined;
  if (!display || display[1] === '/' || display[0] === '') throw new Error('the user has no graphical session');
  return display[1];
}

export async function followSession(opts: SessionOptions): Promise<SessionFollower> {
  const env = opts.env ?? process.env;
  const bus = connect(systemBusAddress(env));
  bus.on('error', () => { /* reported below or by onClosed */ });
  let path: string;
  let id: string;
  let active: boolean;
  try {
    await connected(bus);
    path = await findSession(bus, env);
    id = String(await getProperty(bus, LOGIN1, path, 'org.freedesktop.login1.Session', 'Id'));
    active = Boolean(await getProperty(bus, LOGIN1, path, 'org.freedesktop.login1.Session', 'Active'));
    await addMatch(bus, `type='signal',sender='${LOGIN1}',path='${path}',interface='org.freedesktop.DBus.Properties',member='PropertiesChanged'`);
  } catch (err) {
    disconnect(bus);
    throw new SessionUnavailable(`no logind session (${(err as Error).message})`);
  }
  let stopped = false;
  const follower = {
    id,
    get active() { return active; },
    stop() { stopped = true; disconnect(bus); },
  };
  const set = (now: boolean) => {
    if (now === active || stopped) return;
    active = now;
    opts.onActive(now);
  };
  bus.on('message', (msg) => {
    if (msg.type !== 4 /* SIGNAL */ || msg.path !== path || msg.member !== 'PropertiesChanged') return;
    const [iface, changed, invalidated] = msg.body as [string, Record<string, { value: unknown }>, string[]];
    if (iface !== 'org.freedesktop.login1.Session') return;
    if (changed.Active) set(Boolean(changed.Active.value));
    else if (invalidated.includes('Active')) {
      getProperty(bus, LOGIN1, path, 'org.freedesktop.login1.Session', 'Active').then((v) => set(Boolean(v)), () => {});
    }
  });
  onClosed(bus, () => { if (!stopped) opts.onLost?.('the system bus closed'); });
  return follower;
}
