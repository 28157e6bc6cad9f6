// A private D-Bus bus for a test (never the developer's own): the tray's
// panel and notifications, the AT-SPI registry activated on it as on a
// desktop, a logind stand-in in place of the system bus.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

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

/**
 * Resolves once the bus listens (dbus-daemon prints its address then).
 * `env`: what services the bus starts on demand (e.g. xfconfd) see. `anyUser`: other uids may connect.
 */
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
