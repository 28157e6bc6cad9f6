// What the control subcommands share: one request to the running daemon,
// with its failures turned into one-line CLI errors.
import { ControlError, NotRunningError, request } from '../control/client.js';
import type { Args, Command } from '../control/protocol.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

export const NOT_RUNNING = 'autocorrector is not running; start it with `autocorrector run` or `systemctl --user start autocorrector`';

/** The daemon's answer; exit 3 with a hint when it is not running, 1 on any other failure. */
export async function ask<T>(cmd: Command, args: Args = {}): Promise<T> {
  const reply = await askIfRunning<T>(cmd, args);
  if (reply === null) throw new CliError(NOT_RUNNING, EXIT.notRunning);
  return reply;
}

/** Like ask, but null when no daemon runs (for commands that work without one). */
export async function askIfRunning<T>(cmd: Command, args: Args = {}): Promise<T | null> {
  let reply;
  try {
    reply = await request(cmd, args);
  } catch (err) {
    if (err instanceof NotRunningError) return null;
    if (err instanceof ControlError) throw new CliError(err.message);
    throw err;
  }
  if (!reply.ok) throw new CliError(`the daemon refused '${cmd}': ${reply.error}`);
  return reply.data as T;
}

export function printJson(data: unknown): void {
  process.stdout.write(JSON.stringify(data) + '\n');
}

/** For commands that take no arguments: a stray one is a usage error. */
export function noPositionals(positionals: string[], usage: string): void {
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n${usage}`, EXIT.usage);
}

/**
 * The whole of a command that takes no arguments, asks the daemon `cmd` and
 * prints the answer: as text by `format`, or as JSON with --json. Returns the
 * answer, or null when only --help was asked for.
 */
export async function askAndPrint<T>(argv: string[], usage: string, cmd: Command, format: (data: T) => string): Promise<T | null> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' } }, usage);
  if (values.help) {
    process.stdout.write(usage + '\n');
    return null;
  }
  noPositionals(positionals, usage);
  const data = await ask<T>(cmd);
  if (values.json) printJson(data);
  else process.stdout.write(format(data));
  return data;
}

export type DaemonAfterEdit = 'reloaded' | 'not-running' | 'unreachable';

/**
 * After a file edit: a running daemon reloads at once (it would notice the
 * file anyway, a moment later). The edit stands whatever happens here, so a
 * failure is a warning, not an error.
 */
export async function reloadIfRunning(): Promise<{ daemon: DaemonAfterEdit; problems: string[] }> {
  try {
    const r = await askIfRunning<{ problems: string[] }>('reload');
    return r === null ? { daemon: 'not-running', problems: [] } : { daemon: 'reloaded', problems: r.problems };
  } catch (err) {
    process.stderr.write(`autocorrector: warning: saved, but the daemon did not reload: ${(err as Error).message}\n`);
    return { daemon: 'unreachable', problems: [] };
  }
}

export function afterEditNote(daemon: DaemonAfterEdit): string {
  switch (daemon) {
    case 'reloaded': return 'the running daemon uses it now';
    case 'not-running': return 'autocorrector is not running; the change applies when it starts';
    case 'unreachable': return 'the daemon will pick the change up from the file';
  }
}
