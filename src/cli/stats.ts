// `autocorrector stats`: how much it corrected. Counts only, never words.
import type { BySource, Counts, StatsData } from '../control/replies.js';
import { askAndPrint } from './daemon-client.js';
import { EXIT } from './errors.js';

const USAGE = `usage: autocorrector stats [--json]

Counts of words seen, corrections made and corrections you reverted, by list
(yours, the default list, the dictionary): since this daemon started and in
total (kept in $XDG_STATE_HOME/autocorrector/stats.json).
  --json  print {"since", "session", "total"} as JSON
Exit status: 0 ok, 1 error, 3 the daemon is not running.`;

const sum = (b: BySource): number => b.user + b.default + b.dictionary;
const detail = (b: BySource): string => `yours ${b.user}, default ${b.default}, dictionary ${b.dictionary}`;

export function formatStats(s: StatsData): string {
  const row = (name: string, f: (c: Counts) => number, extra = ''): string =>
    `${name.padEnd(12)} ${String(f(s.session)).padStart(9)} ${String(f(s.total)).padStart(9)}${extra}`;
  return [
    `${''.padEnd(12)} ${'this run'.padStart(9)} ${'total'.padStart(9)}   (counting since ${s.since.slice(0, 10)})`,
    row('words seen', (c) => c.wordsSeen),
    row('corrected', (c) => sum(c.corrections), `   total: ${detail(s.total.corrections)}`),
    row('reverted', (c) => sum(c.reverted), `   total: ${detail(s.total.reverted)}`),
  ].join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  await askAndPrint<StatsData>(argv, USAGE, 'stats', formatStats);
  return EXIT.ok;
}
