// `autocorrector add TYPO FIX`: a correction of your own.
import { addCorrection, tomlKey, tomlString } from '../lists/edit.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';
import { CONFIG_DIR_HELP, EXIT_HELP, dirOf, editing, report } from './list-edit.js';

const USAGE = `usage: autocorrector add [--json] [--config-dir DIR] TYPO FIX

Adds TYPO = 'FIX' to your corrections.toml (or changes the fix TYPO has),
keeping your comments and order. Yours win over the default list. Quote a
fix of several words: autocorrector add brb 'be right back'
  --json            print {"changed", "files", "previous", "daemon", "warnings"}
${CONFIG_DIR_HELP}
${EXIT_HELP}`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'config-dir': { type: 'string' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new CliError(`add takes a TYPO and its FIX (${positionals.length} given; quote a fix of several words)\n${USAGE}`, EXIT.usage);
  }
  const [typo, fix] = positionals;
  const r = await editing(() => addCorrection(dirOf(values), typo, fix));
  const line = `${tomlKey(typo)} = ${tomlString(fix)}`;
  const message = !r.changed
    ? `already there: ${line} (${r.file})`
    : r.previous === undefined ? `added ${line} to ${r.file}` : `changed ${tomlKey(typo)}: ${tomlString(r.previous)} -> ${tomlString(fix)} in ${r.file}`;
  return report(r.changed, message, [r], Boolean(values.json), r.previous === undefined ? {} : { previous: r.previous });
}
