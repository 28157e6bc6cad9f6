// `autocorrector doctor`: checks what the daemon needs; prints a fix for each failure.
import { userInfo } from 'node:os';
import { runtimeDir } from '../config/paths.js';
import { keyboardsByName, formatChecks, runChecks, type AddonProbe, type KeyboardProbe } from '../setup/doctor.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: autocorrector doctor [--json]

Checks each thing autocorrector needs (the native addon, uinput module, device permissions,
group input, keyboards, the running daemon and its socket) and prints, for
each failure, the command that fixes it.
  --json  print the checks as JSON
Exit status: 0 all good, 1 a check failed.`;

async function addon(): Promise<AddonProbe> {
  try {
    const native = await import('../input/native.js');
    return { ok: true, ...native.addonLocation() };
  } catch (err) {
    const { AddonLoadError } = await import('../input/load-addon.js');
    if (err instanceof AddonLoadError) return { ok: false, why: err.reason, fix: err.fix };
    return { ok: false, why: err instanceof Error ? err.message.replace(/^autocorrector: /, '') : String(err), fix: 'reinstall autocorrector' };
  }
}

async function keyboards(): Promise<KeyboardProbe> {
  try {
    const native = await import('../input/native.js');
    const found = native.listDevices().filter((d) => d.isKeyboard);
    return { keyboards: found.map((d) => ({ name: d.name, path: d.path, ...(d.error ? { error: d.error } : {}) })) };
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^autocorrector: /, '') : String(err);
    return { keyboards: keyboardsByName(), fallback: why };
  }
}

async function session(): Promise<{ id: string } | { why: string }> {
  try {
    const { followSession } = await import('../session/logind.js');
    const f = await followSession({ onActive: () => {} });
    f.stop();
    return { id: f.id };
  } catch (err) {
    return { why: (err as Error).message };
  }
}

async function ping(socket: string): Promise<string> {
  try {
    const { request, NotRunningError } = await import('../control/client.js');
    try {
      const r = await request('ping', {}, { socket, timeoutMs: 2000 });
      return r.ok ? 'ok' : `the daemon answered with an error: ${r.error}`;
    } catch (err) {
      return err instanceof NotRunningError ? 'not-running' : (err as Error).message;
    }
  } catch (err) {
    return `cannot load the control client: ${(err as Error).message}`;
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n${USAGE}`, EXIT.usage);
  const { socketPath } = await import('../control/paths.js');
  const socket = socketPath(runtimeDir());
  const checks = await runChecks({
    fsRoot: '/',
    user: userInfo().username,
    uid: process.getuid?.() ?? 0,
    sessionGroups: process.getgroups?.() ?? [],
    addon,
    keyboards,
    ping: () => ping(socket),
    socket,
    session,
  });
  if (values.json) process.stdout.write(JSON.stringify({ ok: checks.every((c) => c.ok), checks }) + '\n');
  else process.stdout.write(formatChecks(checks));
  return checks.every((c) => c.ok) ? EXIT.ok : EXIT.error;
}
