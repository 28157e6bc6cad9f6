// `enable`, `disable` and `toggle`: one request each, the same output.
import type { EnabledData } from '../control/replies.js';
import { parseCommandArgs } from './args.js';
import { ask, noPositionals, printJson } from './daemon-client.js';
import { EXIT } from './errors.js';

const WHAT = {
  enable: 'Turns corrections on in the running daemon.',
  disable: 'Turns corrections off in the running daemon (keys still pass through).',
  toggle: 'Turns corrections off if they are on, on if they are off.',
} as const;

export async function switchMain(cmd: keyof typeof WHAT, argv: string[]): Promise<number> {
  const usage = `usage: autocorrector ${cmd} [--json]\n\n${WHAT[cmd]}\n  --json  print {"enabled": true|false}\nExit status: 0 done, 1 error, 3 the daemon is not running.`;
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
  if (values.help) {
    process.stdout.write(usage + '\n');
    return EXIT.ok;
  }
  noPositionals(positionals, usage);
  const r = await ask<EnabledData>(cmd);
  if (values.json) printJson(r);
  else process.stdout.write(`corrections ${r.enabled ? 'on' : 'off'}\n`);
  return EXIT.ok;
}
