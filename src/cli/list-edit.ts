// What `add`, `remove` and `ignore` share: edit the file (src/lists/edit.ts),
// then have a running daemon reload, and report both.
import { configDir } from '../config/paths.js';
import { formatError } from '../lists/corrections.js';
import { FileError } from '../files/file-error.js';
import type { EditResult } from '../lists/edit.js';
import { afterEditNote, printJson, reloadIfRunning } from './daemon-client.js';
import { CliError, EXIT } from './errors.js';

export const CONFIG_DIR_HELP = '  --config-dir DIR  edit the files in DIR (default $XDG_CONFIG_HOME/autocorrector)';
export const EXIT_HELP = 'Works with or without a running daemon (a running one reloads at once).\nExit status: 0 done, 1 error.';

export function dirOf(values: { 'config-dir'?: unknown }): string {
  return configDir(values['config-dir'] as string | undefined);
}

/** Runs the edits; an EditError (or a lock or write FileError) becomes a one-line CLI error. */
export async function editing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof FileError) throw new CliError(err.message, EXIT.error);
    throw err;
  }
}

/** Prints the outcome: `message` (or JSON with the daemon's state), warnings to stderr. */
export async function report(changed: boolean, message: string, results: EditResult[], json: boolean, extra: object = {}): Promise<number> {
  const after = changed ? await reloadIfRunning() : { daemon: null, problems: [] };
  const warnings = [...new Set([...results.flatMap((r) => r.warnings.map(formatError)), ...after.problems])];
  if (json) {
    printJson({ changed, files: results.map((r) => r.file), ...extra, daemon: after.daemon, warnings });
  } else {
    process.stdout.write(message + '\n');
    if (after.daemon !== null) process.stdout.write(afterEditNote(after.daemon) + '\n');
  }
  for (const w of warnings) process.stderr.write(`autocorrector: warning: ${w}\n`);
  return EXIT.ok;
}
