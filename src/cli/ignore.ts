// `autocorrector ignore WORD`: never correct this word.
import { ignoreWord } from '../lists/edit.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';
import { CONFIG_DIR_HELP, EXIT_HELP, dirOf, editing, report } from './list-edit.js';

const USAGE = `usage: autocorrector ignore [--json] [--config-dir DIR] WORD

Adds WORD to ignored.txt beside corrections.toml: the default list and the
dictionary never change it (your own corrections still do). Undo with
\`autocorrector remove WORD\`.
  --json            print {"changed", "files", "daemon", "warnings"}
${CONFIG_DIR_HELP}
${EXIT_HELP}`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, 'config-dir': { type: 'string' } }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new CliError(`ignore takes one WORD (${positionals.length} given)\n${USAGE}`, EXIT.usage);
  const [word] = positionals;
  const r = await editing(() => ignoreWord(dirOf(values), word));
  const message = r.changed ? `ignoring '${word}' (${r.file})` : `already ignored: '${word}' (${r.file})`;
  return report(r.changed, message, [r], Boolean(values.json));
}
