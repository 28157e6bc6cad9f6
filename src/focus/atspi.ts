// Follows the keyboard focus over AT-SPI 2, the desktop's accessibility bus
// (its address comes from the session bus's org.a11y.Bus). Reads what kind
// of widget has the focus and its application's name; never any text.
import type { MessageBus } from 'dbus-next';
import type { Focus, FocusRole } from '../policy/focus-rule.js';
import { addMatch, call, connect, connected, disconnect, getProperty, onClosed } from '../dbus/bus.js';

// AtspiRole numbers (at-spi2-core's atspi-constants.h).
const ROLES: ReadonlyMap<number, FocusRole> = new Map([
  [40, 'password'], // ATSPI_ROLE_PASSWORD_TEXT
  [60, 'terminal'], // ATSPI_ROLE_TERMINAL
  [61, 'text'], // ATSPI_ROLE_TEXT
  [79, 'entry'], // ATSPI_ROLE_ENTRY
]);

export function roleName(role: number): FocusRole {
  return ROLES.get(role) ?? 'other';
}

const EVENTS = ['object:state-changed:focused', 'window:activate', 'window:deactivate'];
const MATCHES = [
  "type='signal',interface='org.a11y.atspi.Event.Object',member='StateChanged',arg0='focused'",
  "type='signal',interface='org.a11y.atspi.Event.Window',member='Deactivate'",
];

export interface FocusFollower {
  /** The focus as last known. */
  readonly focus: Focus;
  stop(): void;
}

export interface AtspiOptions {
  /** The session bus (it tells where the accessibility bus is). */
  sessionAddress: string;
  /** A new focus; `pending` first while its role is asked for, then the answer. */
  onFocus(focus: Focus): void;
  /** The accessibility bus went away (the session ends, or it was restarted). */
  onLost?(why: string): void;
}

export class FocusUnavailable extends Error {}

/** The accessibility bus's address, asked of the session bus. */
async function accessibilityAddress(sessionAddress: string): Promise<string> {
  const session = connect(sessionAddress);
  session.on('error', () => { /* reported by the call below */ });
  try {
    await connected(session);
    const [address] = await call(session, { destination: 'org.a11y.Bus', path: '/org/a11y/bus', interface: 'org.a11y.Bus', member: 'GetAddress' });
    if (typeof address !== 'string' || address === '') throw new Error('org.a11y.Bus gave no address');
    return address;
  } finally {
    disconnect(session);
  }
}

/** Starts following; throws FocusUnavailable (with why) when there is no accessibility bus. */
export async function followAtspi(opts: AtspiOptions): Promise<FocusFollower> {
  let bus: MessageBus;
  try {
    const address = await accessibilityAddress(opts.sessionAddress);
    bus = connect(address);
    bus.on('error', () => { /* a lost bus is reported by onClosed below */ });
    await connected(bus);
  } catch (err) {
    throw new FocusUnavailable(`no accessibility bus (${(err as Error).message})`);
  }
  const follower = new AtspiFollower(bus, opts);
  for (const rule of MATCHES) await addMatch(bus, rule);
  // Toolkits send an event only while some listener registered for it.
  for (const event of EVENTS) {
    await call(bus, {
      destination: 'org.a11y.atspi.Registry', path: '/org/a11y/atspi/registry', interface: 'org.a11y.atspi.Registry',
      member: 'RegisterEvent', signature: 's', body: [event],
    }).catch(() => { /* an older registry: toolkits then send every event */ });
  }
  return follower;
}

class AtspiFollower implements FocusFollower {
  focus: Focus = { app: null, role: 'unknown', source: 'none' };
  /** Who holds the focus (bus name, object path): a toolkit repeats its focus event. */
  private holder = '';
  private holderApp = '';
  /** Bumped by each focus change: a slow answer about an older focus is dropped. */
  private generation = 0;
  private stopped = false;

  constructor(private readonly bus: MessageBus, private readonly opts: AtspiOptions) {
    bus.on('message', (msg) => {
      if (msg.type !== 4 /* SIGNAL */ || !msg.sender) return;
      if (msg.interface === 'org.a11y.atspi.Event.Object' && msg.member === 'StateChanged') {
        const [kind, gained] = msg.body as [string, number];
        if (kind === 'focused' && gained === 1) this.focused(msg.sender, msg.path);
      } else if (msg.interface === 'org.a11y.atspi.Event.Window' && msg.member === 'Deactivate') {
        // The app that holds the focus lost its window's activation to something we may not see.
        if (msg.sender === this.holderApp) this.set('', '', { app: null, role: 'unknown', source: 'none' });
      }
    });
    onClosed(bus, () => {
      if (this.stopped) return;
      this.set('', '', { app: null, role: 'unknown', source: 'none' });
      opts.onLost?.('the accessibility bus closed');
    });
  }

  private focused(sender: string, path: string): void {
    const holder = `${sender}${path}`;
    if (holder === this.holder) return;
    const generation = this.set(holder, sender, { app: this.focus.app, role: 'unknown', source: 'atspi', pending: true });
    const role = call(this.bus, { destination: sender, path, interface: 'org.a11y.atspi.Accessible', member: 'GetRole' });
    const app = getProperty(this.bus, sender, '/org/a11y/atspi/accessible/root', 'org.a11y.atspi.Accessible', 'Name');
    Promise.allSettled([role, app]).then(([r, a]) => {
      if (generation !== this.generation || this.stopped) return;
      const name = a.status === 'fulfilled' && typeof a.value === 'string' && a.value !== '' ? a.value : null;
      // No answer about the role: unknown, which the rules treat as they are told (unknown_focus).
      const roleNum = r.status === 'fulfilled' ? r.value[0] : undefined;
      const known = typeof roleNum === 'number' ? roleName(roleNum) : 'unknown';
      this.set(holder, sender, { app: name, role: known, source: 'atspi' });
    });
  }

  private set(holder: string, app: string, focus: Focus): number {
    this.holder = holder;
    this.holderApp = app;
    this.focus = focus;
    this.opts.onFocus(focus);
    return ++this.generation;
  }

  stop(): void {
    this.stopped = true;
    disconnect(this.bus);
  }
}
