// `autocorrector list`: the corrections and ignored words, read from the files
// (so it works without a daemon).
import { configDir, userCorrectionsPath } from '../config/paths.js';
import { formatError, type ListError } from '../lists/corrections.js';
import { readIgnored, tomlKey, tomlString } from '../lists/edit.js';
import { readLearned } from '../lists/learned.js';
import { CorrectionLists, loadCorrectionsFile } from '../lists/load.js';
import { parseCommandArgs } from './args.js';
import { printJson } from './daemon-client.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: autocorrector list [--user|--default|--ignored|--learned] [--json] [--config-dir DIR]

Prints a list, one entry a line:
  --user     (default) your corrections.toml, as typo = 'fix'
  --default  the shipped list of common misspellings
  --ignored  the words never corrected (ignored.txt), including those the
             daemon added after you reverted them twice
  --learned  the words the daemon learnt because you keep typing them
             (learned.txt; drop one with \`autocorrector forget WORD\`)
  --json     an object {typo: fix} (an array of words for --ignored)
  --config-dir DIR  read your files from DIR
Exit status: 0 ok, 1 the file has problems (reported as file:line; the
good entries are still listed).`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    user: { type: 'boolean' },
    default: { type: 'boolean' },
    ignored: { type: 'boolean' },
    learned: { type: 'boolean' },
    json: { type: 'boolean' },
    'config-dir': { type: 'string' },
  }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new CliError(`unexpected argument '${positionals[0]}'\n${USAGE}`, EXIT.usage);
  const which = (['user', 'default', 'ignored', 'learned'] as const).filter((k) => values[k]);
  if (which.length > 1) throw new CliError(`choose one of --user, --default, --ignored, --learned\n${USAGE}`, EXIT.usage);
  const dir = configDir(values['config-dir'] as string | undefined);

  let errors: ListError[];
  if (which[0] === 'ignored' || which[0] === 'learned') {
    const r = which[0] === 'ignored' ? readIgnored(dir) : readLearned(dir);
    const words = [...r.words].sort();
    if (values.json) printJson(words);
    else process.stdout.write(words.map((w) => w + '\n').join(''));
    errors = r.errors;
  } else {
    let entries: ReadonlyMap<string, string>;
    if (which[0] === 'default') {
      const lists = new CorrectionLists({ configDir: dir });
      errors = lists.loadDefault().errors;
      entries = lists.defaults;
    } else {
      ({ entries, errors } = loadCorrectionsFile(userCorrectionsPath(dir)));
    }
    if (values.json) printJson(Object.fromEntries(entries));
    else process.stdout.write([...entries].map(([k, v]) => `${tomlKey(k)} = ${tomlString(v)}\n`).join(''));
  }
  for (const e of errors) process.stderr.write(`autocorrector: ${formatError(e)}\n`);
  return errors.length > 0 ? EXIT.error : EXIT.ok;
}
