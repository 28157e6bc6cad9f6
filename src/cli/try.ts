// `autocorrector try`: prints the text that would be on screen after typing
// the input with autocorrect on. It types the text as key events through the
// daemon's own engine and applies the edits to a stand-in application.
import { readFileSync } from 'node:fs';
import { buildEngine, problemsOf } from '../engine-factory.js';
import { typeThrough } from '../drive/type-through.js';
import { parseLanguagesSetting, type LanguageChoice } from '../config/languages.js';
import { parseCommandArgs } from './args.js';
import { CliError, EXIT } from './errors.js';

const USAGE = `usage: autocorrector try [--explain] [--json] [--correction list|dictionary] [--layout L] [--languages de,en] [--config-dir DIR] [TEXT...]

Types TEXT (or standard input) through the correction engine and prints what
would be on screen. A newline is Enter.
  --explain         also list each correction (typed -> fix, the rule that made it and its margin)
  --correction M    "list" (lists only) or "dictionary" (also the dictionary
                    fallback); default: config.toml's \`correction\`, else "list"
  --json            print {"text", "corrections"} as JSON
  --layout L        type on keyboard layout L: de, fr, gb, us:dvorak (or us(dvorak));
                    default: config.toml's layout, else the system's
  --languages LIST  the languages words are checked in (en, de, fr, es);
                    default: config.toml's \`languages\`, else your locale's
  --config-dir DIR  the settings and lists of the daemon run with this --config-dir
                    (config.toml, corrections.toml, ignored.txt)`;

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    explain: { type: 'boolean' },
    json: { type: 'boolean' },
    'config-dir': { type: 'string' },
    layout: { type: 'string' },
    correction: { type: 'string' },
    languages: { type: 'string' },
  }, USAGE);
  if (values.help) {
    process.stdout.write(USAGE + '\n');
    return EXIT.ok;
  }
  const input = positionals.length > 0 ? positionals.join(' ') : readFileSync(0, 'utf8');
  // The daemon's own engine from the same config directory: config.toml's
  // settings, the user list, ignored.txt; the options win over config.toml.
  const correction = values.correction as string | undefined;
  if (correction !== undefined && correction !== 'list' && correction !== 'dictionary') {
    throw new CliError(`--correction must be list or dictionary, not '${correction}'`, EXIT.usage);
  }
  // --languages, else config.toml's, else the locale's (the factory picks).
  let languages: LanguageChoice | undefined;
  if (values.languages !== undefined) {
    const r = parseLanguagesSetting((values.languages as string).split(',').map((l) => l.trim()).filter(Boolean));
    if ('error' in r) throw new CliError(`--languages: ${r.error}`, EXIT.usage);
    languages = { languages: r.languages, source: '--languages', unsupported: [] };
  }
  const built = await buildEngine({ configDir: values['config-dir'] as string | undefined, correction, layout: values.layout as string | undefined, languages });
  if (built.layout.warning) process.stderr.write(`autocorrector: ${built.layout.warning}\n`);
  for (const p of problemsOf(built)) process.stderr.write(`autocorrector: ${p}\n`);
  const result = typeThrough(input, built.engine, { mode: built.settings.mode });

  if (values.json) {
    // A rule other than the plain list lookup says which (dictionary margins, the apostrophe rule).
    const corrections = result.edits.map((e) => ({ kind: e.kind, typed: e.typed, fix: e.fix, source: e.source, ...(e.explain && e.explain !== `${e.source} list` ? { explain: e.explain } : {}) }));
    process.stdout.write(JSON.stringify({ text: result.text, corrections }) + '\n');
    return EXIT.ok;
  }
  process.stdout.write(result.text);
  if (values.explain) {
    const out = process.stdout.isTTY ? process.stdout : process.stderr;
    if (!result.text.endsWith('\n')) process.stdout.write('\n');
    for (const e of result.edits) out.write(`${e.typed} -> ${e.fix} (${e.explain ?? `${e.source} list`})\n`);
    if (result.edits.length === 0) out.write('no corrections\n');
  }
  return EXIT.ok;
}
