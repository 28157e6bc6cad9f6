// `autocorrector reload`: the daemon re-reads your corrections and ignore list now.
import type { ReloadData } from '../control/replies.js';
import { askAndPrint } from './daemon-client.js';
import { EXIT } from './errors.js';

const USAGE = `usage: autocorrector reload [--json]

Makes the running daemon re-read corrections.toml and ignored.txt now (it
also notices edits by itself). A broken file is reported as file:line and
the last good list stays in force.
  --json  print {"problems", "lists"} as JSON
Exit status: 0 reloaded, 1 a file has problems or error, 3 not running.`;

export async function main(argv: string[]): Promise<number> {
  const r = await askAndPrint<ReloadData>(argv, USAGE, 'reload',
    (d) => `reloaded: ${d.lists.user} corrections of yours, ${d.lists.ignored} ignored words\n`);
  if (r === null) return EXIT.ok;
  for (const p of r.problems) process.stderr.write(`autocorrector: ${p}\n`);
  return r.problems.length > 0 ? EXIT.error : EXIT.ok;
}
