// `autocorrector forget WORD`: drop a word the daemon learnt (learned.txt).
import { learnedPath, forgetLearned } from '../lists/learned.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';
import { CONFIG_DIR_HELP, EXIT_HELP, dirOf, editing, report } from './list-edit.js';

const USAGE = `usage: autocorrector forget [--json] [--config-dir DIR] WORD

Removes WORD from the words the daemon learnt because you kept typing it
(learned.txt; see \`autocorrector list --learned\`). The dictionary may then
correct it again. Set learn = false in config.toml to stop learning.
  --json            print {"changed", "files", "daemon", "warnings"}
${CONFIG_DIR_HELP}
${EXIT_HELP}`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'config-dir': { type: 'string' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError(`forget takes one WORD (${positionals.length} given)\n${USAGE}`, EXIT.usage);
  const [word] = positionals;
  const dir = dirOf(values);
  const file = learnedPath(dir);
  const changed = await editing(() => forgetLearned(dir, word));
  const message = changed ? `forgot '${word}' (${file})` : `not a learnt word: '${word}' (${file})`;
  return report(changed, message, [{ file, changed, warnings: [] }], Boolean(values.json));
}
