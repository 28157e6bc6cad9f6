// `autocorrector tray`: the tray icon and its menu (src/tray/), until Quit.
import { join } from 'node:path';
import dbus from 'dbus-next';
import { sessionBusAddress } from '../dbus/session-address.js';
import { configDir, runtimeDir } from '../config/paths.js';
import { socketPath } from '../control/paths.js';
import { Tray } from '../tray/tray.js';
import { parseCommandArgs } from './args.js';
import { noPositionals } from './daemon-client.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: autocorrector tray

A tray icon (StatusNotifierItem) showing whether corrections are on, off, or
the daemon is not running; left click toggles, the menu has the rest. Needs a
desktop session (a D-Bus session bus) and a panel that hosts status icons.
Notifications are opt-in: the menu, or notifications = true in config.toml
(notify_corrections = true: also per correction; notify_show_fix = true: with
the fix, e.g. "teh → the").`;

/** Tests shorten the notices' rate limit (only with AUTOCORRECTOR_TEST_HOOKS=1). */
function testNoteInterval(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const ms = Number(env.AUTOCORRECTOR_TEST_NOTE_MS);
  return env.AUTOCORRECTOR_TEST_HOOKS === '1' && ms > 0 ? ms : undefined;
}

const NO_SESSION = 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): the tray needs a desktop session, not a console or ssh';

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {}, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  noPositionals(positionals, USAGE);
  const address = sessionBusAddress();
  if (address === null) throw new CliError(NO_SESSION);

  const bus = dbus.sessionBus({ busAddress: address });
  const log = (line: string) => process.stderr.write(`autocorrector tray: ${line}\n`);
  let quit!: (code: number) => void;
  const done = new Promise<number>((resolve) => { quit = resolve; });
  const tray = new Tray({
    bus,
    socket: socketPath(),
    configDir: configDir(),
    // ".../autocorrector/icons": the form KDE's hosts need to use IconThemePath (see icons.ts).
    iconDir: join(runtimeDir(), 'icons'),
    noteIntervalMs: testNoteInterval(),
    log,
    quit: () => quit(EXIT.ok),
  });

  let connected = false;
  bus.on('error', (err: Error) => {
    if (!connected) return;
    // The session ended (logout): nothing left to show an icon in.
    log(`lost the D-Bus session bus: ${err.message}`);
    quit(EXIT.error);
  });
  const failed = new Promise<never>((_, reject) => {
    bus.once('error', (err: Error) => reject(new CliError(`cannot connect to the D-Bus session bus at ${address}: ${err.message}`)));
    setTimeout(() => reject(new CliError(`the D-Bus session bus at ${address} did not answer within 5 s`)), 5000).unref();
  });
  await Promise.race([tray.start(), failed]);
  connected = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => quit(EXIT.ok));

  const code = await done;
  tray.stop();
  bus.disconnect();
  return code;
}
