// `autocorrector devices`: the keyboards and pointers the daemon reads.
import type { KeyboardState } from '../daemon/service.js';
import { parseCommandArgs } from './args.js';
import { ask, noPositionals, printJson } from './daemon-client.js';
import { EXIT } from './errors.js';

const USAGE = `usage: autocorrector devices [--json]

Lists the input devices the running daemon knows: event node, name, kind
and state (grabbed, reading, or the error that stops it reading).
  --json  print {"devices": [...]} as JSON
Exit status: 0 ok, 1 error, 3 the daemon is not running.`;

export function formatDevices(devices: KeyboardState[]): string {
  if (devices.length === 0) return 'no keyboard or pointer found\n';
  return devices.map((d) => {
    const kind = [d.keyboard ? 'keyboard' : '', d.pointer ? 'pointer' : ''].filter(Boolean).join('+');
    return `${d.path}\t${d.name}\t${kind}\t${d.state}${d.error ? `: ${d.error}` : ''}`;
  }).join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  noPositionals(positionals, USAGE);
  const r = await ask<{ devices: KeyboardState[] }>('devices');
  if (values.json) printJson(r);
  else process.stdout.write(formatDevices(r.devices));
  return EXIT.ok;
}
