import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The session bus's address, or null outside a desktop session. */
export function sessionBusAddress(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  // systemd user sessions keep the bus here even when the variable is unset.
  const bus = env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'bus') : '';
  return bus && existsSync(bus) ? `unix:path=${bus}` : null;
}
