// `autocorrector remove TYPO`: undoes `add` and `ignore` (and the daemon's own ignoring).
import { removeCorrection, unignoreWord } from '../lists/edit.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';
import { CONFIG_DIR_HELP, EXIT_HELP, dirOf, editing, report } from './list-edit.js';

const USAGE = `usage: autocorrector remove [--json] [--config-dir DIR] TYPO

Removes TYPO from your corrections.toml and from ignored.txt (so a word the
daemon learnt to leave alone, or you told it to, is corrected again).
The default list is not edited: \`autocorrector ignore TYPO\` turns one of its
corrections off.
  --json            print {"changed", "files", "daemon", "warnings"}
${CONFIG_DIR_HELP}
${EXIT_HELP} Removing a word in neither file is an error.`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'config-dir': { type: 'string' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError(`remove takes one TYPO (${positionals.length} given)\n${USAGE}`, EXIT.usage);
  const [typo] = positionals;
  const dir = dirOf(values);
  const corrections = await editing(() => removeCorrection(dir, typo));
  const ignored = await editing(() => unignoreWord(dir, typo));
  if (!corrections.changed && !ignored.changed) {
    throw new CliError(`'${typo}' is neither in ${corrections.file} nor in ${ignored.file}`);
  }
  const where = [corrections, ignored].filter((r) => r.changed).map((r) => r.file).join(' and ');
  return report(true, `removed '${typo}' from ${where}`, [corrections, ignored], Boolean(values.json));
}
