// `autocorrector devices`: the keyboards and pointers the daemon reads.
import type { DevicesData, KeyboardState } from '../control/replies.js';
import { askAndPrint } from './daemon-client.js';
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
  await askAndPrint<DevicesData>(argv, USAGE, 'devices', (r) => formatDevices(r.devices));
  return EXIT.ok;
}
